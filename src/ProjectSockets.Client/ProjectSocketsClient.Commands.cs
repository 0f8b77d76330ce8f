using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using ProjectSockets.Client.Internal;

namespace ProjectSockets.Client;

/// <summary>Commands with arguments and results serialized by reflection with <see cref="ProjectSocketsClientOptions.JsonSerializerOptions"/>.</summary>
public sealed partial class ProjectSocketsClient
{
    /// <summary>
    /// Runs a command on the server and returns its result's <c>data</c>. When the connection is lost before the result,
    /// the command is sent again with the same id on the next connection if the server announced a session (it then
    /// runs at most once; see <see cref="ProjectSocketsClientOptions.ResendCommandsAfterReconnect"/>); otherwise it
    /// fails with <see cref="ProjectSocketsConnectionException"/>, and may or may not have run.
    /// </summary>
    /// <param name="command">The command name, for example <c>start_task</c>.</param>
    /// <param name="args">The arguments, serialized with <see cref="ProjectSocketsClientOptions.JsonSerializerOptions"/>; <see langword="null"/> for none.</param>
    /// <param name="project">The project the command is about, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the result (the server may still run the command).</param>
    /// <returns>The result's data (<see cref="JsonValueKind.Undefined"/> when the result has none).</returns>
    /// <exception cref="ProjectSocketsCommandException">The server answered with an error code.</exception>
    /// <exception cref="ProjectSocketsConnectionException">Not connected, or the connection was lost and the command could not be sent again.</exception>
    /// <exception cref="TimeoutException">No result within <see cref="ProjectSocketsClientOptions.CommandTimeout"/>, resends included.</exception>
    [RequiresUnreferencedCode(TrimmingMessages.Reflection)]
    [RequiresDynamicCode(TrimmingMessages.Reflection)]
    public async Task<JsonElement> InvokeAsync(string command, object? args = null, string? project = null, CancellationToken cancellationToken = default)
        => (await InvokeWithOutcomeAsync(command, args, project, cancellationToken).ConfigureAwait(false)).Data;

    /// <summary>Runs a command as <see cref="InvokeAsync(string, object?, string?, CancellationToken)"/> does, and tells whether it was sent again and answered from the server's memory.</summary>
    /// <inheritdoc cref="InvokeAsync(string, object?, string?, CancellationToken)"/>
    /// <returns>The data, <see cref="ProjectSocketsCommandResult.Replayed"/> and <see cref="ProjectSocketsCommandResult.Attempts"/>.</returns>
    [RequiresUnreferencedCode(TrimmingMessages.Reflection)]
    [RequiresDynamicCode(TrimmingMessages.Reflection)]
    public Task<ProjectSocketsCommandResult> InvokeWithOutcomeAsync(string command, object? args = null, string? project = null, CancellationToken cancellationToken = default)
        => _commands.InvokeAsync(command, args, project, RequireSession, NextSession, cancellationToken);

    /// <summary>Runs a command as <see cref="InvokeAsync(string, object?, string?, CancellationToken)"/> does and reads its result's <c>data</c> as <typeparamref name="TResult"/>.</summary>
    /// <typeparam name="TResult">The type of the result's data.</typeparam>
    /// <inheritdoc cref="InvokeAsync(string, object?, string?, CancellationToken)"/>
    /// <returns>The data, or <see langword="default"/> when it is absent or <c>null</c>.</returns>
    [RequiresUnreferencedCode(TrimmingMessages.Reflection)]
    [RequiresDynamicCode(TrimmingMessages.Reflection)]
    public async Task<TResult?> InvokeAsync<TResult>(string command, object? args = null, string? project = null, CancellationToken cancellationToken = default)
    {
        var data = await InvokeAsync(command, args, project, cancellationToken).ConfigureAwait(false);
        return data.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? default : data.Deserialize<TResult>(_options.JsonSerializerOptions);
    }
}
