using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Diagnostics;

/// <summary>The spans of the <c>ProjectSockets</c> activity source, seen by an <see cref="ActivityListener"/>.</summary>
[Collection(nameof(ActivityListenerCollection))]
public sealed class ProjectSocketsActivitiesTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivitySource _host = new("ProjectSockets.Tests.Host");
    private readonly ActivityListener _listener;

    public ProjectSocketsActivitiesTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "ProjectSockets" or "ProjectSockets.Tests.Host",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task Publish_IsASpan_ChildOfTheCallersSpan()
    {
        await using var server = new TestServer();
        await server.ConnectAsync("p1");
        PublishResult result;
        string hostTraceId;
        using (var request = _host.StartActivity("POST /tasks"))
        {
            hostTraceId = request!.TraceId.ToString();
            result = await server.Publisher.PublishAsync("p1", "task_started", 1);
            Assert.Same(request, Activity.Current);
        }

        var publish = Assert.Single(_stopped, a => a.OperationName == "projectsockets.publish" && a.TraceId.ToString() == hostTraceId);
        Assert.Equal(ActivityKind.Producer, publish.Kind);
        Assert.Equal("ProjectSockets", publish.Source.Name);
        Assert.Equal("p1", publish.GetTagItem("projectsockets.project"));
        Assert.Equal("task_started", publish.GetTagItem("projectsockets.event.name"));
        Assert.Equal(result.Seq, publish.GetTagItem("projectsockets.event.seq"));
        Assert.Equal(1, publish.GetTagItem("projectsockets.subscribers.local"));
    }

    [Fact]
    public async Task Command_IsASpanOfItsOwn_LinkedToTheConnectionsSpan()
    {
        await using var server = new TestServer(build: b => b.AddCommand<object?, string>("start_task", (_, _) => Activity.Current?.DisplayName ?? "none"));
        TestClient client;
        ActivityContext connection;
        using (var upgrade = _host.StartActivity("GET /ws"))
        {
            // The connection runs in the flow of the upgrade request, as on ASP.NET Core.
            connection = upgrade!.Context;
            client = await server.ConnectAsync();
        }

        var result = await client.InvokeAsync("start_task", "1", "p1");

        Assert.Equal("projectsockets.command start_task", result.GetProperty("data").GetString());
        var command = await StoppedAsync("projectsockets.command start_task");
        Assert.Equal(ActivityKind.Server, command.Kind);
        Assert.NotEqual(connection.TraceId, command.TraceId);
        Assert.Null(command.ParentId);
        Assert.Equal(connection, Assert.Single(command.Links).Context);
        Assert.Equal("start_task", command.GetTagItem("projectsockets.command.name"));
        Assert.Equal("p1", command.GetTagItem("projectsockets.project"));
        Assert.Equal(ActivityStatusCode.Unset, command.Status);
    }

    [Fact]
    public async Task FailedCommand_SpanHasErrorStatus_WithTheErrorCode()
    {
        await using var server = new TestServer(build: b => b.AddCommand<object?, string>("cancel_execution", (_, _) => throw new CommandException("task_not_found", "No such task.")));
        var client = await server.ConnectAsync();

        await client.InvokeAsync("cancel_execution", "1");

        var command = await StoppedAsync("projectsockets.command cancel_execution");
        Assert.Equal(ActivityStatusCode.Error, command.Status);
        Assert.Equal("task_not_found", command.GetTagItem("error.type"));
    }

    public void Dispose()
    {
        _listener.Dispose();
        _host.Dispose();
    }

    /// <summary>The span is stopped just after the answer is queued: wait for it rather than race it.</summary>
    private async Task<Activity> StoppedAsync(string name)
    {
        var stopped = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "ProjectSockets",
            ActivityStopped = a =>
            {
                if (a.DisplayName == name)
                {
                    stopped.TrySetResult(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return _stopped.FirstOrDefault(a => a.DisplayName == name) ?? await stopped.Task.WaitAsync(TestClient.Timeout);
    }
}

/// <summary>Activity listeners are process-wide: the tests that add one do not run beside each other.</summary>
[CollectionDefinition(nameof(ActivityListenerCollection), DisableParallelization = true)]
public sealed class ActivityListenerCollection;
