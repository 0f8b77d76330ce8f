using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProjectSockets.Tests.Testing;

namespace ProjectSockets.Tests.Connections;

/// <summary>
/// Generated client messages through the real manager: every one is answered with protocol messages or a close code,
/// no connection fails unexpectedly, the send queue stays within its bounds, and the server keeps serving.
/// </summary>
public sealed class WebSocketManagerFuzzTests
{
    private static readonly HashSet<string> ServerTypes = ["result", "error", "event", "ping", "pong", "disconnected"];

    private static readonly HashSet<string> ErrorCodes =
    [
        "bad_request", "unknown_command", "invalid_args", "forbidden", "rate_limited", "limit_exceeded", "timeout", "handler_error", "task_not_found",
    ];

    private static readonly HashSet<int> PolicyCloseCodes = [1003, 1007, 1008, 1009];

    [Fact]
    public async Task Fuzz_GeneratedMessages_AreAnsweredWithProtocolMessagesOrACloseCode_AndTheServerKeepsServing()
    {
        var seed = FuzzSettings.Seed();
        var iterations = FuzzSettings.Iterations(3_000);
        var generator = new FuzzInputGenerator(seed);
        var logs = new CapturingLoggerProvider();
        await using var server = new TestServer(
            o =>
            {
                o.MaxMessageBytes = 4096;
                o.PolicyClose.MaxProtocolErrors = 200;
                o.MaxSubscriptionsPerConnection = 8;
            },
            b => b
                .AddCommand<EchoArgs, EchoArgs>("echo", (args, _) => args)
                .AddCommand<CountArgs, int>("count", (args, _) => args.Count)
                .AddCommand<EchoArgs, int>("boom", (_, _) => throw new InvalidOperationException("secret detail"))
                .AddCommand<EchoArgs, int>("fail", (_, _) => throw new CommandException("task_not_found", "No such task.")),
            s => s.AddLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Trace)));
        var client = await server.ConnectAsync("p1");
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < iterations; i++)
        {
            var input = generator.Next();
            try
            {
                if (!await AnswersWithinTheProtocolAsync(server, client, input, seen))
                {
                    client = await server.ConnectAsync("p1");
                }
            }
            catch (Exception exception)
            {
                Assert.Fail(FuzzSettings.Describe(seed, i, input, exception));
            }
        }

        var fresh = await server.ConnectAsync();
        var echoed = await fresh.InvokeAsync("echo", "after", args: """{"text":"still serving"}""");

        var replay = $"replay with {FuzzSettings.SeedVariable}={seed}";
        Assert.True(echoed.GetProperty("ok").GetBoolean(), replay);
        Assert.False(logs.Entries.Any(e => e.EventId.Id == 11), $"A connection failed unexpectedly; {replay}.");
        Assert.False(logs.Entries.Any(e => e.Level >= LogLevel.Error && e.EventId.Id != 5), $"An error other than a throwing handler was logged; {replay}.");

        // The generator reaches the common kinds of answer: success, bad_request, handler_error and policy closes.
        Assert.True(iterations < 1_000 || new[] { "ok", "bad_request", "handler_error", "close" }.All(seen.ContainsKey), $"{string.Join(", ", seen)}; {replay}");
    }

    /// <summary>Sends one generated message and a ping behind it; checks everything up to the pong or the close.</summary>
    /// <returns><see langword="false"/> when the server closed the connection (with a policy code).</returns>
    private static async Task<bool> AnswersWithinTheProtocolAsync(TestServer server, TestClient client, byte[] input, Dictionary<string, int> seen)
    {
        await client.Connection.SendAsync(input);
        await client.SendAsync("""{"type":"ping"}""");
        Assert.True(server.Implementation.TryGetConnection(client.Id, out var state) || client.Run.IsCompleted);
        while (true)
        {
            if (state is not null)
            {
                Assert.InRange(state.QueuedMessages, 0, server.Options.SendQueue.MaxMessages);
                Assert.InRange(state.QueuedBytes, 0, server.Options.SendQueue.MaxBytes);
            }

            var (message, closeCode) = await NextOrCloseAsync(client);
            if (message is not { } m)
            {
                Assert.Contains(closeCode ?? 0, PolicyCloseCodes);
                Count(seen, "close");
                await client.Run.WaitAsync(TestClient.Timeout);
                return false;
            }

            var type = m.GetProperty("type").GetString()!;
            Assert.Contains(type, ServerTypes);
            Assert.DoesNotContain("secret", m.GetRawText(), StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", m.GetRawText(), StringComparison.Ordinal);
            if (m.TryGetProperty("error", out var error))
            {
                Assert.Contains(error.GetProperty("code").GetString()!, ErrorCodes);
                Count(seen, error.GetProperty("code").GetString()!);
            }
            else if (type == "result")
            {
                Count(seen, "ok");
            }

            if (type == "disconnected")
            {
                Assert.Contains(m.GetProperty("code").GetInt32(), PolicyCloseCodes);
            }

            if (type == "pong")
            {
                return true;
            }
        }
    }

    private static void Count(Dictionary<string, int> seen, string outcome)
        => seen[outcome] = seen.GetValueOrDefault(outcome) + 1;

    private static async Task<(JsonElement? Message, int? CloseCode)> NextOrCloseAsync(TestClient client)
    {
        try
        {
            return (await client.ReceiveAsync(), null);
        }
        catch (InvalidOperationException) when (client.CloseCode is not null)
        {
            return (null, client.CloseCode);
        }
    }

    private sealed record EchoArgs(string? Text);

    private sealed record CountArgs(int Count);
}
