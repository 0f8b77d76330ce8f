using System.Globalization;
using System.Text.Json;
using ProjectSockets.Client.Internal;

namespace ProjectSockets.Client;

public sealed partial class ProjectSocketsClient
{
    /// <summary>
    /// Runs a command on the server and returns its result's <c>data</c>. Commands are never sent again after a lost
    /// connection: one that was waiting fails with <see cref="ProjectSocketsConnectionException"/>, and may or may not
    /// have run.
    /// </summary>
    /// <param name="command">The command name, for example <c>start_task</c>.</param>
    /// <param name="args">The arguments, serialized with <see cref="ProjectSocketsClientOptions.JsonSerializerOptions"/>; <see langword="null"/> for none.</param>
    /// <param name="project">The project the command is about, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the result (the server may still run the command).</param>
    /// <returns>The result's data (<see cref="JsonValueKind.Undefined"/> when the result has none).</returns>
    /// <exception cref="ProjectSocketsCommandException">The server answered with an error code.</exception>
    /// <exception cref="ProjectSocketsConnectionException">Not connected, or the connection was lost before the result arrived.</exception>
    /// <exception cref="TimeoutException">No result within <see cref="ProjectSocketsClientOptions.CommandTimeout"/>.</exception>
    public Task<JsonElement> InvokeAsync(string command, object? args = null, string? project = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!ProtocolNames.IsValidName(command))
        {
            throw new ArgumentException($"'{command}' is not a valid command name: 1 to 64 of A-Z a-z 0-9 . _ : -", nameof(command));
        }

        if (command is "subscribe" or "unsubscribe")
        {
            throw new ArgumentException("Use SubscribeAsync and dispose the subscription instead of sending built-in commands.", nameof(command));
        }

        if (project is not null && !ProtocolNames.IsValidProject(project))
        {
            throw new ArgumentException($"'{project}' is not a valid project id.", nameof(project));
        }

        var arguments = args is null ? [] : JsonSerializer.SerializeToUtf8Bytes(args, args.GetType(), _options.JsonSerializerOptions);
        return SendCommandAsync(RequireSession(), command, project, arguments, null, cancellationToken);
    }

    /// <summary>Runs a command on the server and reads its result's <c>data</c> as <typeparamref name="TResult"/>.</summary>
    /// <typeparam name="TResult">The type of the result's data.</typeparam>
    /// <param name="command">The command name, for example <c>start_task</c>.</param>
    /// <param name="args">The arguments, serialized with <see cref="ProjectSocketsClientOptions.JsonSerializerOptions"/>; <see langword="null"/> for none.</param>
    /// <param name="project">The project the command is about, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the result (the server may still run the command).</param>
    /// <returns>The data, or <see langword="default"/> when it is absent or <c>null</c>.</returns>
    /// <exception cref="ProjectSocketsCommandException">The server answered with an error code.</exception>
    /// <exception cref="ProjectSocketsConnectionException">Not connected, or the connection was lost before the result arrived.</exception>
    /// <exception cref="TimeoutException">No result within <see cref="ProjectSocketsClientOptions.CommandTimeout"/>.</exception>
    public async Task<TResult?> InvokeAsync<TResult>(string command, object? args = null, string? project = null, CancellationToken cancellationToken = default)
    {
        var data = await InvokeAsync(command, args, project, cancellationToken);
        return data.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? default : data.Deserialize<TResult>(_options.JsonSerializerOptions);
    }

    /// <summary>Sends a command with a fresh id on <paramref name="session"/> and waits for its result.</summary>
    private async Task<JsonElement> SendCommandAsync(
        ClientSession session, string command, string? project, byte[] args, Action<JsonElement>? onSuccess, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextCommandId).ToString(CultureInfo.InvariantCulture);
        var pending = new PendingCommand(command, onSuccess);
        session.AddPending(id, pending);
        using var timeout = new CancellationTokenSource(_options.CommandTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await session.SendAsync(ClientMessageWriter.Command(id, command, project, args), linked.Token);
            return await pending.Result.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException exception) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No result for command '{command}' within {_options.CommandTimeout}.", exception);
        }
        catch (Exception exception) when (exception is System.Net.WebSockets.WebSocketException or IOException or ObjectDisposedException
            || (exception is OperationCanceledException && session.Lifetime.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            throw new ProjectSocketsConnectionException($"The connection was lost while sending command '{command}'.", exception);
        }
        finally
        {
            session.TryTakePending(id, out _);
        }
    }
}
