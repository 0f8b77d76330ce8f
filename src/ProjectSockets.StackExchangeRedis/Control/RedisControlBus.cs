using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ProjectSockets.StackExchangeRedis;

/// <summary>
/// The <see cref="IControlBus"/> on Redis: a command is published on one control channel that every node listens to
/// (<c>{prefix}control</c>); each node runs it on its own connections and answers on the sender's reply channel with
/// how many it affected. The publish tells how many nodes received it, so the sender knows how many answers to wait
/// for, up to <see cref="ProjectSocketsRedisOptions.ControlTimeout"/>.
/// </summary>
internal sealed class RedisControlBus : IControlBus, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, PendingControl> _pending = new(StringComparer.Ordinal);
    private readonly RedisConnectionSource _connection;
    private readonly RedisChannel _controlChannel;
    private readonly string _replyChannel;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private IControlSink? _sink;
    private Task? _listening;

    public RedisControlBus(IOptions<ProjectSocketsRedisOptions> options, RedisConnectionSource connection, TimeProvider timeProvider, ILogger<RedisControlBus>? logger = null)
    {
        var settings = options.Value;
        _connection = connection;
        _controlChannel = RedisChannel.Literal(settings.KeyPrefix + "control");

        // Answers come back to this bus alone: the reply channel names it with a random id.
        _replyChannel = settings.KeyPrefix + "control:reply:" + ConnectionIds.Create();
        _timeout = settings.ControlTimeout;
        _timeProvider = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public void RegisterSink(IControlSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (Interlocked.CompareExchange(ref _sink, sink, null) is not null)
        {
            throw new InvalidOperationException("A sink is already registered with this control bus.");
        }

        // Listening starts with the manager, not with the first command this node sends.
        _ = WhenListeningAsync().ContinueWith(
            static (t, state) => RedisProjectEventStoreLog.ControlListenFailed(((RedisControlBus)state!)._logger, t.Exception!.GetBaseException()),
            this, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    public async ValueTask<int> SendAsync(ControlCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        await WhenListeningAsync().ConfigureAwait(false);
        var id = ConnectionIds.Create();
        var pending = new PendingControl();
        _pending[id] = pending;
        try
        {
            var multiplexer = await _connection.GetAsync().ConfigureAwait(false);
            var nodes = await multiplexer.GetSubscriber().PublishAsync(_controlChannel, ControlMessageCodec.EncodeCommand(id, _replyChannel, command)).ConfigureAwait(false);
            pending.Expect((int)nodes);
            try
            {
                await pending.Done.WaitAsync(_timeout, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                RedisProjectEventStoreLog.ControlAnswersMissing(_logger, command.Kind, (int)nodes, pending.Answers);
            }

            return pending.Sum;
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Completes once this node listens to the control channel and its reply channel; tried again after a failure.</summary>
    internal Task WhenListeningAsync()
    {
        lock (_gate)
        {
            if (_listening is null || _listening.IsFaulted || _listening.IsCanceled)
            {
                _listening = ListenAsync();
            }

            return _listening;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_listening is { IsCompletedSuccessfully: true })
            {
                var subscriber = (await _connection.GetAsync().ConfigureAwait(false)).GetSubscriber();
                await subscriber.UnsubscribeAsync(_controlChannel).ConfigureAwait(false);
                await subscriber.UnsubscribeAsync(RedisChannel.Literal(_replyChannel)).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is RedisException or ObjectDisposedException or TimeoutException)
        {
            // Redis is gone or the connection was closed first: nothing left to unsubscribe from.
        }
    }

    private async Task ListenAsync()
    {
        var multiplexer = await _connection.GetAsync().ConfigureAwait(false);
        var subscriber = multiplexer.GetSubscriber();

        // Subscriptions that succeeded are restored by the connection itself after an outage.
        await subscriber.SubscribeAsync(RedisChannel.Literal(_replyChannel), (_, message) => OnAnswer(message)).ConfigureAwait(false);
        await subscriber.SubscribeAsync(_controlChannel, (channel, message) => _ = RunAsync(message)).ConfigureAwait(false);
    }

    private void OnAnswer(RedisValue message)
    {
        if (ControlMessageCodec.DecodeReply((byte[])message!) is { } answer && _pending.TryGetValue(answer.Id, out var pending))
        {
            pending.Add(answer.Count);
        }
    }

    private async Task RunAsync(RedisValue message)
    {
        if (ControlMessageCodec.DecodeCommand((byte[])message!) is not { } request)
        {
            RedisProjectEventStoreLog.ControlMessageMalformed(_logger);
            return;
        }

        var count = 0;
        try
        {
            using var timeout = new CancellationTokenSource(_timeout, _timeProvider);
            count = _sink is { } sink ? await sink.ExecuteAsync(request.Command, timeout.Token).ConfigureAwait(false) : 0;
        }
        catch (Exception exception)
        {
            RedisProjectEventStoreLog.ControlFailed(_logger, request.Command.Kind, exception);
        }

        try
        {
            // Always answered, even with 0, so that the sender does not wait for its timeout.
            var multiplexer = await _connection.GetAsync().ConfigureAwait(false);
            await multiplexer.GetSubscriber().PublishAsync(RedisChannel.Literal(request.Reply), ControlMessageCodec.EncodeReply(request.Id, count)).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RedisException or ObjectDisposedException or TimeoutException)
        {
            RedisProjectEventStoreLog.ControlFailed(_logger, request.Command.Kind, exception);
        }
    }
}
