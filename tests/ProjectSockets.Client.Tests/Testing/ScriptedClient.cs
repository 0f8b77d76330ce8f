namespace ProjectSockets.Client.Tests.Testing;

/// <summary>Builds a client wired to a <see cref="ScriptedServer"/>: no network, and fake time when given.</summary>
internal static class ScriptedClient
{
    public static ClientProbe Create(ScriptedServer server, TimeProvider? time = null, Action<ProjectSocketsClientOptions>? configure = null)
        => new(new Uri("ws://scripted.test/ws"), o =>
        {
            o.WebSocketFactory = server.Factory;
            configure?.Invoke(o);
        }, time)
        {
            BeforeDispose = server.AbortAll,
        };
}
