using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ProjectSockets.Client;

namespace ProjectSockets.Client.Tests;

/// <summary>The client answers the server's credentials_expiring with a refresh from its token provider (real Kestrel).</summary>
public sealed class ProjectSocketsClientRefreshTests
{
    [Fact]
    public async Task CredentialsExpiring_TheClientRefreshesThroughItsTokenProvider_AndStaysOnTheSameConnection()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var start = time.GetUtcNow();
        TokenAuthentication.Credentials? credentials = null;
        await using var host = await KestrelHost.StartAsync(
            options: o =>
            {
                o.CredentialExpiryWarning = TimeSpan.FromMinutes(1);
                o.Heartbeat.Interval = TimeSpan.FromDays(10);
                o.Heartbeat.Timeout = TimeSpan.FromDays(30);
            },
            builder: b =>
            {
                b.Services.AddSingleton<TimeProvider>(time);
                credentials = TokenAuthentication.Add(b.Services);
            },
            app: a => a.MapProjectSockets().RequireAuthorization());
        var calls = 0;
        var states = new List<ProjectSocketsClientState>();
        await using var client = new ProjectSocketsClient(new ProjectSocketsClientOptions
        {
            Url = host.WebSocketUri("/ws"),
            AccessTokenProvider = _ => ValueTask.FromResult<string?>(
                TokenAuthentication.Token("alice", Interlocked.Increment(ref calls) == 1 ? start.AddMinutes(10) : start.AddHours(1))),
        });
        client.StateChanged += (_, e) => { lock (states) { states.Add(e.State); } };
        await client.ConnectAsync();
        var connectionId = client.ConnectionId;

        time.Advance(TimeSpan.FromMinutes(9));
        await credentials!.Refreshed.Task.WaitAsync(KestrelHost.Timeout);

        // Handled after the refresh by the same receive loop: once it is answered, the new expiry holds.
        await client.SubscribeAsync("p1");
        time.Advance(TimeSpan.FromMinutes(2));
        await client.SubscribeAsync("p2");

        Assert.Equal(2, Volatile.Read(ref calls));
        Assert.Equal(1, credentials.Accepted);
        Assert.Equal(ProjectSocketsClientState.Connected, client.State);
        Assert.Equal(connectionId, client.ConnectionId);
        lock (states)
        {
            Assert.DoesNotContain(ProjectSocketsClientState.Reconnecting, states);
        }
    }
}
