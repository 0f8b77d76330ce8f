using System.Threading.Channels;

namespace ProjectSockets.Client.Tests.Testing;

/// <summary>A client under test, with its state changes, recovery and subscription-failure reports and delivered events recorded.</summary>
internal sealed class ClientProbe : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly Channel<ProjectSocketsStateChangedEventArgs> _states = Channel.CreateUnbounded<ProjectSocketsStateChangedEventArgs>();
    private readonly Channel<ProjectSocketsRecoveryFailedEventArgs> _recoveries = Channel.CreateUnbounded<ProjectSocketsRecoveryFailedEventArgs>();
    private readonly Channel<ProjectSocketsSubscriptionFailedEventArgs> _subscriptionFailures = Channel.CreateUnbounded<ProjectSocketsSubscriptionFailedEventArgs>();
    private readonly SemaphoreSlim _eventSignal = new(0);
    private readonly List<ProjectSocketsEvent> _events = [];

    public ClientProbe(Uri url, Action<ProjectSocketsClientOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        Options = new ProjectSocketsClientOptions { Url = url };

        // Real-time integration tests reconnect at once; backoff itself is tested with fake time.
        Options.Reconnect.InitialDelay = TimeSpan.FromMilliseconds(1);
        Options.Reconnect.MaxDelay = TimeSpan.FromMilliseconds(20);
        Options.Reconnect.JitterRatio = 0;
        configure?.Invoke(Options);
        Client = new ProjectSocketsClient(Options, timeProvider: timeProvider);
        Client.StateChanged += (_, e) => _states.Writer.TryWrite(e);
        Client.RecoveryFailed += (_, e) => _recoveries.Writer.TryWrite(e);
        Client.SubscriptionFailed += (_, e) => _subscriptionFailures.Writer.TryWrite(e);
        Client.On("*", evt =>
        {
            lock (_events)
            {
                _events.Add(evt);
            }

            _eventSignal.Release();
        });
    }

    public ProjectSocketsClientOptions Options { get; }

    public ProjectSocketsClient Client { get; }

    public ProjectSocketsEvent[] Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public static async Task<ClientProbe> ConnectAsync(Uri url, Action<ProjectSocketsClientOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        var probe = new ClientProbe(url, configure, timeProvider);
        await probe.Client.ConnectAsync().WaitAsync(Timeout);
        return probe;
    }

    /// <summary>Reads state changes until one to <paramref name="state"/>.</summary>
    public async Task<ProjectSocketsStateChangedEventArgs> WaitForStateAsync(ProjectSocketsClientState state)
    {
        var seen = new List<string>();
        while (true)
        {
            ProjectSocketsStateChangedEventArgs change;
            try
            {
                change = await _states.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
            }
            catch (TimeoutException exception)
            {
                throw new TimeoutException($"No change to {state}; saw {string.Join(", ", seen)}.", exception);
            }

            seen.Add($"{change.State} ({change.CloseCode} {change.CloseReason} {change.Exception?.Message})");
            if (change.State == state)
            {
                return change;
            }
        }
    }

    public Task<ProjectSocketsRecoveryFailedEventArgs> NextRecoveryFailedAsync() => _recoveries.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

    public bool TryTakeRecoveryFailed(out ProjectSocketsRecoveryFailedEventArgs? args) => _recoveries.Reader.TryRead(out args);

    public Task<ProjectSocketsSubscriptionFailedEventArgs> NextSubscriptionFailedAsync() => _subscriptionFailures.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

    public bool TryTakeSubscriptionFailed(out ProjectSocketsSubscriptionFailedEventArgs? args) => _subscriptionFailures.Reader.TryRead(out args);

    /// <summary>Waits until at least <paramref name="count"/> events of <paramref name="project"/> were delivered.</summary>
    public async Task<ProjectSocketsEvent[]> WaitForEventsAsync(string project, int count)
    {
        while (true)
        {
            var events = Events.Where(e => e.Project == project).ToArray();
            if (events.Length >= count)
            {
                return events;
            }

            if (!await _eventSignal.WaitAsync(Timeout))
            {
                throw new TimeoutException($"{events.Length} of {count} events of {project} arrived.");
            }
        }
    }

    /// <summary>Gets or sets what runs before the client is disposed.</summary>
    public Action? BeforeDispose { get; set; }

    public ValueTask DisposeAsync()
    {
        BeforeDispose?.Invoke();
        return Client.DisposeAsync();
    }
}
