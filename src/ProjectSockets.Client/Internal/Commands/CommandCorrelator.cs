using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ProjectSockets.Client.Internal;

/// <summary>
/// Sends commands and matches each <c>result</c> to its command by id: every command gets a fresh id, waits at most the
/// command timeout, and fails with <see cref="ProjectSocketsConnectionException"/> when its connection dies first
/// (the receive loop fails the connection's <see cref="PendingCommandTable"/> as it ends).
/// </summary>
/// <param name="context">The client's settings and clock.</param>
internal sealed class CommandCorrelator(ClientContext context)
{
    private long _nextCommandId;

    /// <summary>Checks an application's command, serializes its arguments, then sends it on the current connection.</summary>
    /// <param name="command">The command name.</param>
    /// <param name="args">The arguments, or <see langword="null"/>.</param>
    /// <param name="argsTypeInfo">The arguments' contract.</param>
    /// <param name="project">The project, or <see langword="null"/>.</param>
    /// <param name="requireSession">The current connection; throws when there is none.</param>
    /// <param name="cancellationToken">Stops waiting for the result.</param>
    public Task<JsonElement> InvokeAsync<TArgs>(
        string command, TArgs args, JsonTypeInfo<TArgs> argsTypeInfo, string? project, Func<ClientSession> requireSession, CancellationToken cancellationToken)
    {
        Check(command, project);
        ArgumentNullException.ThrowIfNull(argsTypeInfo);
        var arguments = args is null ? [] : JsonSerializer.SerializeToUtf8Bytes(args, argsTypeInfo);
        return SendAsync(requireSession(), command, project, arguments, null, cancellationToken);
    }

    /// <summary>Checks an application's command, serializes its arguments by reflection, then sends it.</summary>
    /// <param name="command">The command name.</param>
    /// <param name="args">The arguments, or <see langword="null"/>.</param>
    /// <param name="project">The project, or <see langword="null"/>.</param>
    /// <param name="requireSession">The current connection; throws when there is none.</param>
    /// <param name="cancellationToken">Stops waiting for the result.</param>
    [RequiresUnreferencedCode(TrimmingMessages.Reflection)]
    [RequiresDynamicCode(TrimmingMessages.Reflection)]
    public Task<JsonElement> InvokeAsync(string command, object? args, string? project, Func<ClientSession> requireSession, CancellationToken cancellationToken)
    {
        Check(command, project);
        var arguments = args is null ? [] : JsonSerializer.SerializeToUtf8Bytes(args, args.GetType(), context.Options.JsonSerializerOptions);
        return SendAsync(requireSession(), command, project, arguments, null, cancellationToken);
    }

    private static void Check(string command, string? project)
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
    }

    /// <summary>Sends a command with a fresh id on <paramref name="session"/> and waits for its result.</summary>
    /// <param name="session">The connection.</param>
    /// <param name="command">The command name.</param>
    /// <param name="project">The project, or <see langword="null"/>.</param>
    /// <param name="args">The arguments as compact JSON, or empty for none.</param>
    /// <param name="onSuccess">Runs on the receive loop when a successful result arrives, before any later message.</param>
    /// <param name="cancellationToken">Stops waiting for the result.</param>
    public async Task<JsonElement> SendAsync(
        ClientSession session, string command, string? project, byte[] args, Action<JsonElement>? onSuccess, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextCommandId).ToString(CultureInfo.InvariantCulture);
        var pending = new PendingCommand(command, onSuccess);
        session.Commands.Add(id, pending);
        var commandTimeout = context.Options.CommandTimeout;
        using var timeout = new CancellationTokenSource(commandTimeout, context.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await session.SendAsync(ClientMessageWriter.Command(id, command, project, args), linked.Token).ConfigureAwait(false);
            return await pending.Result.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No result for command '{command}' within {commandTimeout}.", exception);
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or ObjectDisposedException
            || (exception is OperationCanceledException && session.Lifetime.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            throw new ProjectSocketsConnectionException($"The connection was lost while sending command '{command}'.", exception);
        }
        finally
        {
            session.Commands.TryTake(id, out _);
        }
    }

    /// <summary>Completes the command a <c>result</c> answers; a result nobody waits for any more is ignored.</summary>
    /// <param name="session">The connection the result arrived on.</param>
    /// <param name="message">The <c>result</c> message.</param>
    public static void Complete(ClientSession session, JsonElement message)
    {
        if (message.GetProperty("id").GetString() is not { } id || !session.Commands.TryTake(id, out var pending))
        {
            return;
        }

        if (message.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True)
        {
            pending!.Succeed(message.TryGetProperty("data", out var data) ? data.Clone() : default);
            return;
        }

        var error = message.GetProperty("error");
        pending!.Fail(new ProjectSocketsCommandException(
            pending.Command,
            error.GetProperty("code").GetString() ?? ProtocolErrorCodes.HandlerError,
            error.TryGetProperty("message", out var text) ? text.GetString() ?? string.Empty : string.Empty));
    }
}
