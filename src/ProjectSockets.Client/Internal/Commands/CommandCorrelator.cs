using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ProjectSockets.Client.Internal;

/// <summary>
/// Sends commands and matches each <c>result</c> to its command by id. Ids are unique to this client (a random prefix
/// and a counter), so they never collide with those of an earlier client that used the same session key. A command
/// whose connection dies before its result is sent again, with the same id, on the next connection when the server
/// announced a session (it then runs at most once); otherwise it fails with <see cref="ProjectSocketsConnectionException"/>.
/// </summary>
/// <param name="context">The client's settings and clock.</param>
internal sealed class CommandCorrelator(ClientContext context)
{
    private readonly string _idPrefix = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(9)) + "-";
    private long _nextCommandId;

    /// <summary>Checks an application's command, serializes its arguments, then sends it, again after reconnects when allowed.</summary>
    /// <param name="command">The command name.</param>
    /// <param name="args">The arguments, or <see langword="null"/>.</param>
    /// <param name="argsTypeInfo">The arguments' contract.</param>
    /// <param name="project">The project, or <see langword="null"/>.</param>
    /// <param name="requireSession">The current connection; throws when there is none.</param>
    /// <param name="nextSession">The connection after a lost one, or <see langword="null"/> when the client stops.</param>
    /// <param name="cancellationToken">Stops waiting for the result.</param>
    public Task<ProjectSocketsCommandResult> InvokeAsync<TArgs>(
        string command, TArgs args, JsonTypeInfo<TArgs> argsTypeInfo, string? project, Func<ClientSession> requireSession,
        Func<ClientSession, Task<ClientSession?>> nextSession, CancellationToken cancellationToken)
    {
        Check(command, project);
        ArgumentNullException.ThrowIfNull(argsTypeInfo);
        var arguments = args is null ? [] : JsonSerializer.SerializeToUtf8Bytes(args, argsTypeInfo);
        return SendResendingAsync(requireSession(), nextSession, command, project, arguments, cancellationToken);
    }

    /// <summary>Checks an application's command, serializes its arguments by reflection, then sends it, again after reconnects when allowed.</summary>
    /// <param name="command">The command name.</param>
    /// <param name="args">The arguments, or <see langword="null"/>.</param>
    /// <param name="project">The project, or <see langword="null"/>.</param>
    /// <param name="requireSession">The current connection; throws when there is none.</param>
    /// <param name="nextSession">The connection after a lost one, or <see langword="null"/> when the client stops.</param>
    /// <param name="cancellationToken">Stops waiting for the result.</param>
    [RequiresUnreferencedCode(TrimmingMessages.Reflection)]
    [RequiresDynamicCode(TrimmingMessages.Reflection)]
    public Task<ProjectSocketsCommandResult> InvokeAsync(
        string command, object? args, string? project, Func<ClientSession> requireSession, Func<ClientSession, Task<ClientSession?>> nextSession, CancellationToken cancellationToken)
    {
        Check(command, project);
        var arguments = args is null ? [] : JsonSerializer.SerializeToUtf8Bytes(args, args.GetType(), context.Options.JsonSerializerOptions);
        return SendResendingAsync(requireSession(), nextSession, command, project, arguments, cancellationToken);
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
        => (await SendOnceAsync(session, NextId(), command, project, args, onSuccess, cancellationToken).ConfigureAwait(false)).Data;

    /// <summary>Completes the command a <c>result</c> answers; a result nobody waits for any more is ignored.</summary>
    /// <param name="session">The connection the result arrived on.</param>
    /// <param name="message">The <c>result</c> message.</param>
    public static void Complete(ClientSession session, JsonElement message)
    {
        if (message.GetProperty("id").GetString() is not { } id || !session.Commands.TryTake(id, out var pending))
        {
            return;
        }

        var replayed = message.TryGetProperty("replayed", out var flag) && flag.ValueKind == JsonValueKind.True;
        pending!.Replayed = replayed;
        if (message.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True)
        {
            pending.Succeed(message.TryGetProperty("data", out var data) ? data.Clone() : default);
            return;
        }

        var error = message.GetProperty("error");
        pending.Fail(new ProjectSocketsCommandException(
            pending.Command,
            error.GetProperty("code").GetString() ?? ProtocolErrorCodes.HandlerError,
            error.TryGetProperty("message", out var text) ? text.GetString() ?? string.Empty : string.Empty)
        {
            Replayed = replayed,
        });
    }

    private string NextId() => _idPrefix + Interlocked.Increment(ref _nextCommandId).ToString(CultureInfo.InvariantCulture);

    /// <summary>Sends with one id until a result arrives, the command timeout ends, or a lost connection may not be resent on.</summary>
    private async Task<ProjectSocketsCommandResult> SendResendingAsync(
        ClientSession session, Func<ClientSession, Task<ClientSession?>> nextSession, string command, string? project, byte[] args, CancellationToken cancellationToken)
    {
        var id = NextId();
        var commandTimeout = context.Options.CommandTimeout;
        var started = context.TimeProvider.GetTimestamp();
        using var timeout = new CancellationTokenSource(commandTimeout, context.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var (data, replayed) = await SendOnceAsync(session, id, command, project, args, null, linked.Token).ConfigureAwait(false);
                return new ProjectSocketsCommandResult(data, replayed, attempt);
            }
            catch (OperationCanceledException exception) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No result for command '{command}' within {commandTimeout}.", exception);
            }
            catch (ProjectSocketsConnectionException) when (MaySendAgain(session, started))
            {
                ProjectSocketsClientLog.CommandResending(context.Logger, command, id);
            }

            ClientSession? next;
            try
            {
                next = await nextSession(session).WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException exception) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No result for command '{command}' within {commandTimeout}: the client did not reconnect in time.", exception);
            }

            if (next?.Commands.SessionWindow is null)
            {
                throw new ProjectSocketsConnectionException(next is null
                    ? $"The client stopped before command '{command}' could be sent again; it may or may not have run."
                    : $"The server no longer announces a session, so command '{command}' is not sent again; it may or may not have run.");
            }

            session = next;
        }
    }

    /// <summary>
    /// Whether a command lost with <paramref name="session"/> may go out again: the option allows it, the server
    /// announced a session, and the server still remembers the id (the window, counted from the first send, is not over).
    /// </summary>
    private bool MaySendAgain(ClientSession session, long started)
        => context.Options.ResendCommandsAfterReconnect
            && !context.Stopping.IsCancellationRequested
            && session.Commands.SessionWindow is { } window
            && context.TimeProvider.GetElapsedTime(started) < window;

    private async Task<(JsonElement Data, bool Replayed)> SendOnceAsync(
        ClientSession session, string id, string command, string? project, byte[] args, Action<JsonElement>? onSuccess, CancellationToken cancellationToken)
    {
        var pending = new PendingCommand(command, onSuccess);
        session.Commands.Add(id, pending);
        var commandTimeout = context.Options.CommandTimeout;
        using var timeout = new CancellationTokenSource(commandTimeout, context.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await session.SendAsync(ClientMessageWriter.Command(id, command, project, args), linked.Token).ConfigureAwait(false);
            var data = await pending.Result.WaitAsync(linked.Token).ConfigureAwait(false);
            return (data, pending.Replayed);
        }
        catch (OperationCanceledException exception) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No result for command '{command}' within {commandTimeout}.", exception);
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or ObjectDisposedException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // A send that fails on a reset socket surfaces as a cancellation that is neither the caller's nor the
            // timeout's (handled above): it is the connection's loss.
            throw new ProjectSocketsConnectionException($"The connection was lost while sending command '{command}'.", exception);
        }
        finally
        {
            session.Commands.TryTake(id, out _);
        }
    }
}
