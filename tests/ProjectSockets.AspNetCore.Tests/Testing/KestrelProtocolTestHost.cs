using ProjectSockets.Specification.Tests;

namespace ProjectSockets.AspNetCore.Tests.Testing;

/// <summary>A <see cref="KestrelHost"/> with <c>app.MapProjectSockets()</c>, as the conformance suites see it.</summary>
internal sealed class KestrelProtocolTestHost(KestrelHost host) : IProtocolTestHost
{
    public Uri WebSocketBase { get; } = new($"ws://{host.Authority}/");

    public IServiceProvider Services => host.Services;

    public Task StopAsync() => host.StopAsync();

    public ValueTask DisposeAsync() => host.DisposeAsync();
}
