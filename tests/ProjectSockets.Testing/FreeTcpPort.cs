using System.Net;
using System.Net.Sockets;

namespace ProjectSockets.Testing;

/// <summary>
/// Finds a free port on 127.0.0.1: <see cref="System.Net.HttpListener"/> cannot bind port 0, so the port is taken from
/// a <see cref="TcpListener"/> on port 0 and released. Another process may grab it meanwhile: callers retry.
/// </summary>
public static class FreeTcpPort
{
    public const int Attempts = 20;

    public static int Find()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Starts something on a free port, trying again with another port while the port turns out to be taken.</summary>
    public static async Task<T> StartOnFreePortAsync<T>(Func<int, Task<T>> start)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await start(Find());
            }
            catch (HttpListenerException) when (attempt < Attempts)
            {
                // Taken between Find and the bind: take another.
            }
        }
    }
}
