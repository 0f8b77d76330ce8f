using AgentDashboard;
using ProjectSockets.AspNetCore.Tests.Testing;

namespace ProjectSockets.AspNetCore.Tests.Samples;

/// <summary>Starts the AgentDashboard sample in-process on 127.0.0.1, port 0, with fast steps unless told otherwise.</summary>
internal static class AgentDashboardHost
{
    public const string PrivateProject = "vault";
    public const string PrivateToken = "vault-token-7f3a";

    public static Task<KestrelHost> StartAsync(params string[] settings)
    {
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            "--Sample:StepDelayMs=20",
            $"--Sample:Tokens:{PrivateProject}={PrivateToken}",
            .. settings,
        ];
        return KestrelHost.StartAsync(AgentDashboardApp.Create(args));
    }
}
