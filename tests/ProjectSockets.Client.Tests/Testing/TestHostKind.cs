namespace ProjectSockets.Client.Tests.Testing;

/// <summary>The real host adapters the client's integration tests run against.</summary>
public enum TestHostKind
{
    /// <summary>ASP.NET Core on Kestrel, <c>app.MapProjectSockets()</c>.</summary>
    Kestrel,

    /// <summary><see cref="ProjectSocketsHttpListenerHost"/>, without ASP.NET Core.</summary>
    HttpListener,
}
