using System.Diagnostics;
using System.Text.Json;
using ProjectSockets.Client;

namespace ProjectSockets.HttpListener.Tests.Samples;

/// <summary>
/// The Native AOT sample, published for real (trimmed, no JIT), serves on HttpListener and answers a command and
/// publishes an event that the real .NET client receives.
/// </summary>
public sealed class AotConsoleHostTests(NativeAotSample sample) : IClassFixture<NativeAotSample>
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Publishing_gives_a_native_binary_without_trim_or_aot_warnings()
    {
        Assert.True(File.Exists(sample.Executable), sample.PublishLog);
        Assert.DoesNotContain("warning IL", sample.PublishLog, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.ChangeExtension(sample.Executable, ".dll")), "A Native AOT publish has no managed entry assembly.");
    }

    [Fact]
    public async Task The_native_binary_answers_a_command_and_publishes_an_event()
    {
        using var cancellation = new CancellationTokenSource(TestTimeout);
        await using var server = await NativeServer.StartAsync(sample.Executable, cancellation.Token);

        await using var client = new ProjectSocketsClient(new ProjectSocketsClientOptions { Url = server.WebSocketUrl });
        await client.ConnectAsync(cancellation.Token);
        await using var subscription = await client.SubscribeAsync("demo", new SubscribeOptions { BufferEvents = true }, cancellation.Token);

        var result = await client.InvokeAsync("echo", new EchoArgs("hello"), TestJsonContext.Default.EchoArgs, "demo", cancellation.Token);

        Assert.Equal("hello", result.GetProperty("text").GetString());
        Assert.Equal(client.ConnectionId, result.GetProperty("connectionId").GetString());
        await using var events = subscription.ReadAllAsync(cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal("echoed", events.Current.Name);
        Assert.Equal(1, events.Current.Seq);
        Assert.Equal("hello", events.Current.GetData(TestJsonContext.Default.EchoArgs)?.Text);

        var exitCode = await server.StopAsync(cancellation.Token);
        Assert.Equal(0, exitCode);
    }

    /// <summary>The native sample running as a child process on a free port of 127.0.0.1.</summary>
    private sealed class NativeServer : IAsyncDisposable
    {
        private readonly Process _process;

        private NativeServer(Process process, Uri webSocketUrl)
        {
            _process = process;
            WebSocketUrl = webSocketUrl;
        }

        public Uri WebSocketUrl { get; }

        public static async Task<NativeServer> StartAsync(string executable, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                var port = FreeTcpPort.Find();
                var start = new ProcessStartInfo(executable, $"http://127.0.0.1:{port}/")
                {
                    RedirectStandardInput = true,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                };
                var process = Process.Start(start) ?? throw new InvalidOperationException("The sample did not start.");
                var line = await process.StandardOutput.ReadLineAsync(cancellationToken);
                if (line is not null && line.StartsWith("listening ", StringComparison.Ordinal))
                {
                    return new NativeServer(process, new Uri(line["listening ".Length..]));
                }

                // The port was taken between Find and the bind: the sample exits with the listener's error.
                var error = await process.StandardError.ReadToEndAsync(cancellationToken);
                await process.WaitForExitAsync(cancellationToken);
                process.Dispose();
                if (attempt >= FreeTcpPort.Attempts)
                {
                    throw new InvalidOperationException($"The sample did not start: {line}\n{error}");
                }
            }
        }

        /// <summary>Closes the sample's standard input, its signal to stop gracefully, and waits for it to exit.</summary>
        public async Task<int> StopAsync(CancellationToken cancellationToken)
        {
            _process.StandardInput.Close();
            await _process.WaitForExitAsync(cancellationToken);
            return _process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }
    }
}

/// <summary>The arguments of the sample's <c>echo</c>, as the client sends them.</summary>
/// <param name="Text">The text.</param>
public sealed record EchoArgs(string? Text);

/// <summary>The client side's JSON contracts, generated at compile time.</summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(EchoArgs))]
public sealed partial class TestJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
