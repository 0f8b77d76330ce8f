using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Serialization;

/// <summary>
/// The trim-safe overloads serialize with the given <c>JsonTypeInfo</c>: the context's own naming policy (snake_case
/// here, where the host's options are camelCase) shows that no reflection over the host's options took part.
/// </summary>
public sealed class JsonTypeInfoOverloadTests
{
    [Fact]
    public async Task PublishAsync_WithJsonTypeInfo_WritesTheDataWithTheContextsContract()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync("p1");

        var result = await server.Publisher.PublishAsync("p1", "task_started", new TaskStarted("t1", "build"), SnakeCaseContext.Default.TaskStarted);
        var evt = await client.ReceiveAsync("event");

        Assert.Equal(1, result.Seq);
        Assert.Equal("t1", evt.GetProperty("data").GetProperty("task_id").GetString());
        Assert.Equal("build", evt.GetProperty("data").GetProperty("task_title").GetString());
    }

    [Fact]
    public async Task PublishAsync_WithJsonTypeInfo_AndNullData_PublishesNull()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync("p1");

        await server.Publisher.PublishAsync("p1", "cleared", null, SnakeCaseContext.Default.TaskStarted);
        var evt = await client.ReceiveAsync("event");

        Assert.Equal(JsonValueKind.Null, evt.GetProperty("data").ValueKind);
    }

    [Fact]
    public async Task PublishAsync_WithJsonTypeInfo_OverMaxEventBytes_ThrowsForData()
    {
        await using var server = new TestServer(o => o.MaxEventBytes = 512);

        var refused = await Assert.ThrowsAsync<ArgumentException>(async ()
            => await server.Publisher.PublishAsync("p1", "big", new TaskStarted("t1", new string('x', 600)), SnakeCaseContext.Default.TaskStarted));

        Assert.Equal("data", refused.ParamName);
    }

    [Fact]
    public async Task SendToConnection_WithJsonTypeInfo_WritesTheDataWithTheContextsContract()
    {
        await using var server = new TestServer();
        var client = await server.ConnectAsync();

        var sent = server.Manager.SendToConnection(client.Id, "hello", new TaskStarted("t2", "lint"), SnakeCaseContext.Default.TaskStarted);
        var evt = await client.ReceiveAsync("event");

        Assert.True(sent);
        Assert.Equal("t2", evt.GetProperty("data").GetProperty("task_id").GetString());
    }

    [Fact]
    public async Task AddCommand_WithJsonTypeInfo_ReadsArgsAndWritesTheResultWithTheContextsContracts()
    {
        await using var server = new TestServer(build: b => b.AddCommand(
            "start_task",
            SnakeCaseContext.Default.StartTaskArgs,
            SnakeCaseContext.Default.TaskStarted,
            (StartTaskArgs args, CommandContext context) => new TaskStarted("t3", args.TaskTitle)));
        var client = await server.ConnectAsync();

        var result = await client.InvokeAsync("start_task", "1", args: """{"task_title":"deploy"}""");

        Assert.True(result.GetProperty("ok").GetBoolean(), result.ToString());
        Assert.Equal("deploy", result.GetProperty("data").GetProperty("task_title").GetString());
        Assert.Equal("t3", result.GetProperty("data").GetProperty("task_id").GetString());
    }

    [Fact]
    public async Task AddCommand_WithJsonTypeInfo_AndArgsOfTheWrongShape_AnswersInvalidArgs()
    {
        await using var server = new TestServer(build: b => b.AddCommand(
            "start_task",
            SnakeCaseContext.Default.StartTaskArgs,
            SnakeCaseContext.Default.TaskStarted,
            (StartTaskArgs args, CommandContext context) => new TaskStarted("t3", args.TaskTitle)));
        var client = await server.ConnectAsync();

        var result = await client.InvokeAsync("start_task", "1", args: """{"task_title":42}""");

        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal(ProtocolErrorCodes.InvalidArgs, result.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task AddCommand_HandlerClassWithJsonTypeInfo_IsResolvedPerInvocation()
    {
        await using var server = new TestServer(build: b => b.AddCommand<StartTaskHandler, StartTaskArgs, TaskStarted>(
            "start_task", SnakeCaseContext.Default.StartTaskArgs, SnakeCaseContext.Default.TaskStarted));
        var client = await server.ConnectAsync();

        var result = await client.InvokeAsync("start_task", "1", args: """{"task_title":"test"}""");

        Assert.Equal("handler", result.GetProperty("data").GetProperty("task_id").GetString());
        Assert.Equal("test", result.GetProperty("data").GetProperty("task_title").GetString());
    }

    public sealed record TaskStarted(string TaskId, string TaskTitle);

    public sealed record StartTaskArgs(string TaskTitle);

    public sealed class StartTaskHandler : ICommandHandler<StartTaskArgs, TaskStarted>
    {
        public ValueTask<TaskStarted> HandleAsync(StartTaskArgs args, CommandContext context, CancellationToken cancellationToken)
            => ValueTask.FromResult(new TaskStarted("handler", args.TaskTitle));
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(JsonTypeInfoOverloadTests.TaskStarted))]
[JsonSerializable(typeof(JsonTypeInfoOverloadTests.StartTaskArgs))]
internal sealed partial class SnakeCaseContext : JsonSerializerContext;
