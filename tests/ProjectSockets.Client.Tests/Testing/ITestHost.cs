namespace ProjectSockets.Client.Tests.Testing;

/// <summary>One running server: a real host adapter on 127.0.0.1 around its own ProjectSockets core.</summary>
internal interface ITestHost : IAsyncDisposable
{
    int Port { get; }

    IServiceProvider Services { get; }
}
