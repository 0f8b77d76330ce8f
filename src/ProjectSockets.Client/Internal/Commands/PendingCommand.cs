using System.Text.Json;

namespace ProjectSockets.Client.Internal;

/// <summary>A command waiting for its <c>result</c>.</summary>
/// <param name="command">The command name, for error messages.</param>
/// <param name="onSuccess">
/// Runs on the receive loop when the result arrives, before any later message is handled: a subscription takes
/// effect exactly where the server says it does.
/// </param>
internal sealed class PendingCommand(string command, Action<JsonElement>? onSuccess)
{
    private readonly TaskCompletionSource<JsonElement> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Command { get; } = command;

    public Task<JsonElement> Result => _result.Task;

    /// <summary>Gets or sets whether the server answered with the remembered outcome of an earlier copy (<c>replayed</c>).</summary>
    public bool Replayed { get; set; }

    public void Succeed(JsonElement data)
    {
        onSuccess?.Invoke(data);
        _result.TrySetResult(data);
    }

    public void Fail(Exception exception) => _result.TrySetException(exception);
}
