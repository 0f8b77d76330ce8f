using AgentDashboard;
using ProjectSockets.AspNetCore.Tests.Testing;

namespace ProjectSockets.AspNetCore.Tests.Samples;

/// <summary>Starts the AgentDashboard sample in-process on 127.0.0.1, port 0, with fast steps unless told otherwise.</summary>
internal static class AgentDashboardHost
{
    public const string PrivateProject = "vault";
    public const string PrivateToken = "vault-token-7f3a";
    public const string PublishKey = "publish-key-test-5c1e";

    public static Task<KestrelHost> StartAsync(params string[] settings)
    {
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            "--Sample:StepDelayMs=20",
            $"--Sample:Tokens:{PrivateProject}={PrivateToken}",
            $"--Sample:PublishKey={PublishKey}",
            .. settings,
        ];
        return KestrelHost.StartAsync(AgentDashboardApp.Create(args));
    }

    /// <summary>Posts <paramref name="content"/> to <paramref name="path"/> with <c>Authorization: Bearer <paramref name="key"/></c> (none when null).</summary>
    public static async Task<HttpResponseMessage> PostAsync(this KestrelHost host, string path, HttpContent content, string? key = PublishKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (key is not null)
        {
            request.Headers.Authorization = new("Bearer", key);
        }

        return await host.Http.SendAsync(request);
    }
}
