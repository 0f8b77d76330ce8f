using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ProjectSockets.Testing;

/// <summary>
/// A redis-server process of the test's own, on a free port of 127.0.0.1. Without persistence a restart loses every
/// key; with it (an append-only file synced at every write, in a temporary folder) a kill loses nothing acknowledged.
/// Never a system service. Killed on dispose, whatever the test's outcome.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly StringBuilder _log = new();
    private Process? _process;

    private readonly string? _directory;

    private RedisServer(int port, bool persistent)
    {
        Port = port;
        if (persistent)
        {
            _directory = Directory.CreateTempSubdirectory("projectsockets-redis-").FullName;
        }
    }

    public int Port { get; }

    /// <summary>Gets a StackExchange.Redis configuration string for this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>Starts a server on a free port; fails clearly when redis-server is not installed.</summary>
    public static async Task<RedisServer> StartAsync(bool persistent = false)
    {
        Exception? last = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var server = new RedisServer(FreeTcpPort.Find(), persistent);
            try
            {
                await server.StartProcessAsync();
                return server;
            }
            catch (IOException exception)
            {
                // The port was taken between choosing and binding it: choose another.
                last = exception;
                await server.DisposeAsync();
            }
        }

        throw new InvalidOperationException("redis-server could not be started on a free port.", last);
    }

    /// <summary>Kills the server at once, as a crash would.</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync().WaitAsync(StartTimeout);
            process.Dispose();
        }
    }

    /// <summary>Starts the server again on the same port: without persistence, empty; with it, as it was.</summary>
    public Task RestartAsync() => StartProcessAsync();

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static string FindExecutable()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Append("/usr/local/bin")
            .Select(directory => Path.Combine(directory, "redis-server"));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server was not found on PATH. The Redis scale-out tests start their own redis-server processes: install it (bash build/setup.sh does, or apt-get install redis-server).");
    }

    private async Task StartProcessAsync()
    {
        var info = new ProcessStartInfo(FindExecutable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        string[] persistence = _directory is null
            ? ["--appendonly", "no"]
            : ["--appendonly", "yes", "--appendfsync", "always", "--dir", _directory];
        foreach (var argument in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--daemonize", "no", "--loglevel", "notice" }.Concat(persistence))
        {
            info.ArgumentList.Add(argument);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_log)
            {
                _log.AppendLine(e.Data);
            }

            if (e.Data.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (_log) { _log.AppendLine(e.Data); } } };
        process.Exited += (_, _) => ready.TrySetException(new IOException($"redis-server exited before it was ready:\n{Log()}"));
        process.Start();

        // Should the test host itself end abruptly, the server goes with it.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await ready.Task.WaitAsync(StartTimeout);
        await PingAsync();
    }

    /// <summary>Waits until the server answers PING, as any client would see it.</summary>
    private async Task PingAsync()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port).WaitAsync(StartTimeout);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray());
        var buffer = new byte[7];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read)).AsTask().WaitAsync(StartTimeout);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        var answer = Encoding.ASCII.GetString(buffer, 0, read);
        if (answer != "+PONG\r\n")
        {
            throw new InvalidOperationException($"redis-server answered PING with '{answer}'.");
        }
    }

    private string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }
}
