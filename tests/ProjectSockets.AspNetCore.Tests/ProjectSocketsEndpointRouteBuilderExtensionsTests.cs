using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.AspNetCore.Tests.Testing;

namespace ProjectSockets.AspNetCore.Tests;

/// <summary>MapProjectSockets: its routes, and the ASP.NET Core conventions that compose with it.</summary>
public sealed class ProjectSocketsEndpointRouteBuilderExtensionsTests
{
    [Fact]
    public async Task MapProjectSockets_WithoutAddProjectSockets_ThrowsWithAHint()
    {
        var builder = WebApplication.CreateSlimBuilder();
        await using var app = builder.Build();

        var exception = Assert.Throws<InvalidOperationException>(() => app.MapProjectSockets());

        Assert.Contains("AddProjectSockets", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapProjectSockets_WithCustomPattern_ServesThatPattern()
    {
        await using var host = await KestrelHost.StartAsync(app: a => a.MapProjectSockets("/realtime/{projectId}"));

        var client = await host.ConnectAsync("/realtime/p7");

        Assert.Equal("p7", client.Welcome.GetProperty("subscriptions")[0].GetProperty("project").GetString());
    }

    [Fact]
    public async Task MapProjectSockets_WithCustomPattern_LeavesTheDefaultPathUnmapped()
    {
        await using var host = await KestrelHost.StartAsync(app: a => a.MapProjectSockets("/realtime/{projectId}"));

        var status = await host.TryConnectAsync("/ws/p7");

        Assert.Equal(404, status);
    }

    [Fact]
    public async Task RequireAuthorization_WithoutCredentials_IsRefusedWith401()
    {
        await using var host = await StartWithAuthenticationAsync();

        var status = await host.TryConnectAsync("/ws/p1");

        Assert.Equal(401, status);
    }

    [Fact]
    public async Task RequireAuthorization_WithCredentials_PassesTheUserToCommands()
    {
        await using var host = await StartWithAuthenticationAsync();

        var client = await host.ConnectAsync("/ws/p1", o => o.SetRequestHeader(TestAuthenticationHandler.UserHeader, "alice"));
        var result = await client.InvokeAsync("whoami", "1");

        Assert.Equal("alice", result.GetProperty("data").GetString());
    }

    [Fact]
    public async Task RequireAuthorization_TheAuthenticatedUserReachesTheAuthorizer()
    {
        var authorizer = new CapturingAuthorizer();
        await using var host = await StartWithAuthenticationAsync(authorizer);

        await host.ConnectAsync("/ws/p1", o => o.SetRequestHeader(TestAuthenticationHandler.UserHeader, "bob"));
        var request = await authorizer.Request;

        Assert.True(request.User.Identity?.IsAuthenticated);
        Assert.Equal("bob", request.User.Identity?.Name);
    }

    [Fact]
    public async Task AddEndpointFilter_CanRefuseBeforeTheUpgrade()
    {
        await using var host = await KestrelHost.StartAsync(app: a => a.MapProjectSockets().AddEndpointFilter(RequireTicketHeader));

        var status = await host.TryConnectAsync("/ws/p1");

        Assert.Equal(StatusCodes.Status418ImATeapot, status);
    }

    [Fact]
    public async Task AddEndpointFilter_ThatPasses_LetsTheConnectionRun()
    {
        await using var host = await KestrelHost.StartAsync(app: a => a.MapProjectSockets().AddEndpointFilter(RequireTicketHeader));

        var client = await host.ConnectAsync("/ws/p1", o => o.SetRequestHeader("X-Ticket", "1"));
        await client.SendAsync("""{"type":"ping"}""");

        await client.ReceiveAsync("pong");
    }

    [Fact]
    public async Task RequireRateLimiting_BeyondTheLimit_IsRefusedWith429()
    {
        await using var host = await KestrelHost.StartAsync(
            builder: b => b.Services.AddRateLimiter(o =>
            {
                o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                o.AddFixedWindowLimiter("connect", l =>
                {
                    l.PermitLimit = 1;
                    l.Window = TimeSpan.FromHours(1);
                    l.QueueLimit = 0;
                    l.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
                });
            }),
            app: a =>
            {
                a.UseRateLimiter();
                a.MapProjectSockets().RequireRateLimiting("connect");
            });
        await host.ConnectAsync("/ws/p1");

        var status = await host.TryConnectAsync("/ws/p1");

        Assert.Equal(429, status);
    }

    [Fact]
    public async Task DefaultRequestTimeout_DoesNotCutTheConnection()
    {
        await using var host = await KestrelHost.StartAsync(
            options: o =>
            {
                o.Heartbeat.Interval = TimeSpan.FromMilliseconds(500);
                o.Heartbeat.Timeout = TimeSpan.FromSeconds(30);
            },
            builder: b => b.Services.AddRequestTimeouts(o => o.DefaultPolicy = new RequestTimeoutPolicy { Timeout = TimeSpan.FromMilliseconds(50) }),
            app: a =>
            {
                a.UseRequestTimeouts();
                a.MapProjectSockets();
            });
        var client = await host.ConnectAsync("/ws/p1");

        // The server's ping comes after a quiet heartbeat interval, ten times the request timeout.
        await client.ReceiveAsync("ping");
        await client.SendAsync("""{"type":"ping"}""");

        await client.ReceiveAsync("pong");
    }

    private static Task<KestrelHost> StartWithAuthenticationAsync(IProjectAuthorizer? authorizer = null)
        => KestrelHost.StartAsync(
            sockets: s => s.AddCommand<Empty, string?>("whoami", (_, context) => context.User.Identity?.Name),
            builder: b =>
            {
                b.Services.AddAuthentication(TestAuthenticationHandler.SchemeName)
                    .AddScheme<AuthenticationSchemeOptions, TestAuthenticationHandler>(TestAuthenticationHandler.SchemeName, null);
                b.Services.AddAuthorization();
                if (authorizer is not null)
                {
                    b.Services.AddSingleton(authorizer);
                }
            },
            app: a => a.MapProjectSockets().RequireAuthorization());

    private static async ValueTask<object?> RequireTicketHeader(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        => context.HttpContext.Request.Headers.ContainsKey("X-Ticket")
            ? await next(context)
            : Results.StatusCode(StatusCodes.Status418ImATeapot);

    private sealed record Empty;
}
