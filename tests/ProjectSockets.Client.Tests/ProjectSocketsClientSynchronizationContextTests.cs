using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.Client.Tests.Testing;

namespace ProjectSockets.Client.Tests;

/// <summary>
/// The client never captures the caller's <see cref="SynchronizationContext"/>: a UI-like app may block on any of its
/// calls from its UI thread without deadlocking, and no continuation is posted back to that thread.
/// </summary>
public sealed class ProjectSocketsClientSynchronizationContextTests
{
    private sealed record EchoArgs(string Text);

    private sealed record EchoResult(string Text);

    [Fact]
    public async Task BlockingOnEveryCall_UnderNeverPumpedContext_CompletesAndPostsNothing()
    {
        await using var server = await TestServer.StartAsync(TestHostKind.Kestrel, build: b => b.AddCommand<EchoArgs, EchoResult>("echo", (args, _) => new EchoResult(args.Text)));
        var context = new NeverPumpedSynchronizationContext();
        var steps = new List<string>();
        Exception? failure = null;

        // Like a UI thread that blocks on the library: every call is waited for on the thread that owns the context,
        // so a continuation posted to the context would never run and the wait would never end.
        var thread = new Thread(() =>
        {
            try
            {
                SynchronizationContext.SetSynchronizationContext(context);
                var client = new ProjectSocketsClient(new ProjectSocketsClientOptions { Url = server.Url() });
                var handled = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
                using var registration = client.On<JsonElement>("step", (_, data) => handled.TrySetResult(data));

                client.ConnectAsync().GetAwaiter().GetResult();
                steps.Add("connected");

                var subscription = client.SubscribeAsync("p1", new SubscribeOptions { BufferEvents = true }).GetAwaiter().GetResult();
                steps.Add("subscribed");

                var result = client.InvokeAsync<EchoResult>("echo", new EchoArgs("hi"), "p1").GetAwaiter().GetResult();
                Assert.Equal(new EchoResult("hi"), result);
                steps.Add("invoked");

                server.Publisher.PublishAsync("p1", "step", new { n = 1 }).AsTask().GetAwaiter().GetResult();
                var enumerator = subscription.GetAsyncEnumerator();
                Assert.True(enumerator.MoveNextAsync().AsTask().GetAwaiter().GetResult());
                Assert.Equal("step", enumerator.Current.Name);
                Assert.Equal(1, handled.Task.GetAwaiter().GetResult().GetProperty("n").GetInt32());
                steps.Add("received");

                enumerator.DisposeAsync().AsTask().GetAwaiter().GetResult();
                subscription.DisposeAsync().AsTask().GetAwaiter().GetResult();
                client.DisposeAsync().AsTask().GetAwaiter().GetResult();
                steps.Add("disposed");
            }
            catch (Exception exception)
            {
                failure = exception;
            }
        })
        {
            IsBackground = true, // A deadlocked thread must not keep the test run alive.
            Name = "never-pumped UI thread",
        };

        thread.Start();
        var finished = thread.Join(ClientProbe.Timeout);

        Assert.True(finished, $"Deadlocked after [{string.Join(", ", steps)}]; {context.Posts} callbacks posted to the context, {context.Sends} sent.");
        Assert.Null(failure);
        Assert.Equal(["connected", "subscribed", "invoked", "received", "disposed"], steps);
        Assert.Equal(0, context.Posts);
        Assert.Equal(0, context.Sends);
    }

    /// <summary>A single-threaded context whose queue nobody pumps, as a blocked UI thread's: it counts, never runs.</summary>
    private sealed class NeverPumpedSynchronizationContext : SynchronizationContext
    {
        private int _posts;
        private int _sends;

        public int Posts => Volatile.Read(ref _posts);

        public int Sends => Volatile.Read(ref _sends);

        public override void Post(SendOrPostCallback d, object? state) => Interlocked.Increment(ref _posts);

        public override void Send(SendOrPostCallback d, object? state) => Interlocked.Increment(ref _sends);

        public override SynchronizationContext CreateCopy() => this;
    }
}
