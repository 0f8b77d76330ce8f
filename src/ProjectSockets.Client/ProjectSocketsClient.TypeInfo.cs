using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ProjectSockets.Client;

/// <summary>The overloads that read and write the application's JSON with given contracts: no reflection, safe in trimmed and Native AOT apps.</summary>
public sealed partial class ProjectSocketsClient
{
    /// <summary>
    /// Runs a command on the server and returns its result's <c>data</c>, its arguments serialized with
    /// <paramref name="argsTypeInfo"/> (for example from a <c>JsonSerializerContext</c>).
    /// </summary>
    /// <typeparam name="TArgs">The type of the arguments.</typeparam>
    /// <param name="command">The command name, for example <c>start_task</c>.</param>
    /// <param name="args">The arguments; <see langword="null"/> for none.</param>
    /// <param name="argsTypeInfo">The contract of <typeparamref name="TArgs"/>.</param>
    /// <param name="project">The project the command is about, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the result (the server may still run the command).</param>
    /// <returns>The result's data (<see cref="JsonValueKind.Undefined"/> when the result has none).</returns>
    /// <exception cref="ProjectSocketsCommandException">The server answered with an error code.</exception>
    /// <exception cref="ProjectSocketsConnectionException">Not connected, or the connection was lost and the command could not be sent again.</exception>
    /// <exception cref="TimeoutException">No result within <see cref="ProjectSocketsClientOptions.CommandTimeout"/>, resends included.</exception>
    public async Task<JsonElement> InvokeAsync<TArgs>(string command, TArgs args, JsonTypeInfo<TArgs> argsTypeInfo, string? project = null, CancellationToken cancellationToken = default)
        => (await _commands.InvokeAsync(command, args, argsTypeInfo, project, RequireSession, NextSession, cancellationToken).ConfigureAwait(false)).Data;

    /// <summary>
    /// Runs a command on the server and reads its result's <c>data</c> as <typeparamref name="TResult"/>, with the
    /// given contracts for the arguments and the result.
    /// </summary>
    /// <typeparam name="TArgs">The type of the arguments.</typeparam>
    /// <typeparam name="TResult">The type of the result's data.</typeparam>
    /// <param name="command">The command name, for example <c>start_task</c>.</param>
    /// <param name="args">The arguments; <see langword="null"/> for none.</param>
    /// <param name="argsTypeInfo">The contract of <typeparamref name="TArgs"/>.</param>
    /// <param name="resultTypeInfo">The contract of <typeparamref name="TResult"/>.</param>
    /// <param name="project">The project the command is about, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the result (the server may still run the command).</param>
    /// <returns>The data, or <see langword="default"/> when it is absent or <c>null</c>.</returns>
    /// <exception cref="ProjectSocketsCommandException">The server answered with an error code.</exception>
    /// <exception cref="ProjectSocketsConnectionException">Not connected, or the connection was lost and the command could not be sent again.</exception>
    /// <exception cref="TimeoutException">No result within <see cref="ProjectSocketsClientOptions.CommandTimeout"/>, resends included.</exception>
    public async Task<TResult?> InvokeAsync<TArgs, TResult>(
        string command, TArgs args, JsonTypeInfo<TArgs> argsTypeInfo, JsonTypeInfo<TResult> resultTypeInfo, string? project = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resultTypeInfo);
        var data = await InvokeAsync(command, args, argsTypeInfo, project, cancellationToken).ConfigureAwait(false);
        return data.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? default : data.Deserialize(resultTypeInfo);
    }

    /// <summary>
    /// Calls <paramref name="handler"/> for each delivered event whose name matches, with its data read with
    /// <paramref name="dataTypeInfo"/>. Handlers run one at a time on the receive loop.
    /// </summary>
    /// <typeparam name="TData">The type of the event's data; <see langword="default"/> is passed for JSON <c>null</c>.</typeparam>
    /// <param name="eventName">An event name, a prefix followed by <c>*</c> (<c>agent_*</c>), or <c>*</c> for every event.</param>
    /// <param name="dataTypeInfo">The contract of <typeparamref name="TData"/>.</param>
    /// <param name="handler">The handler; an exception it throws is logged and does not stop delivery.</param>
    /// <returns>A registration: dispose it to remove the handler.</returns>
    public IDisposable On<TData>(string eventName, JsonTypeInfo<TData> dataTypeInfo, Action<ProjectSocketsEvent, TData> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return On(eventName, dataTypeInfo, (evt, data) =>
        {
            handler(evt, data);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>
    /// Calls an asynchronous <paramref name="handler"/> for each delivered event whose name matches, with its data
    /// read with <paramref name="dataTypeInfo"/>. The next event waits until the returned task completes.
    /// </summary>
    /// <typeparam name="TData">The type of the event's data; <see langword="default"/> is passed for JSON <c>null</c>.</typeparam>
    /// <param name="eventName">An event name, a prefix followed by <c>*</c> (<c>agent_*</c>), or <c>*</c> for every event.</param>
    /// <param name="dataTypeInfo">The contract of <typeparamref name="TData"/>.</param>
    /// <param name="handler">The handler; an exception it throws is logged and does not stop delivery.</param>
    /// <returns>A registration: dispose it to remove the handler.</returns>
    public IDisposable On<TData>(string eventName, JsonTypeInfo<TData> dataTypeInfo, Func<ProjectSocketsEvent, TData, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(dataTypeInfo);
        return _handlers.Add(eventName, evt => evt.GetData(dataTypeInfo)!, handler);
    }
}
