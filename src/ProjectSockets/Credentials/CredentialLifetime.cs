namespace ProjectSockets;

/// <summary>
/// One connection's credentials over time: what it holds now (the handshake's request, or the last refresh's), and a
/// timer, only while they expire, that warns the client <c>credentials_expiring</c> and then closes with 4003.
/// </summary>
internal sealed class CredentialLifetime(ConnectionState state, TimeSpan warning, TimeProvider timeProvider) : IDisposable
{
    private readonly Lock _gate = new();
    private ConnectionRequest? _request;
    private ITimer? _timer;
    private DateTimeOffset? _expiresAt;
    private bool _warned;
    private bool _disposed;

    /// <summary>Gets the request the connection's credentials are in now.</summary>
    public ConnectionRequest Request => Volatile.Read(ref _request) ?? state.Connection.Request;

    /// <summary>Gets when the credentials expire, or <see langword="null"/>.</summary>
    public DateTimeOffset? ExpiresAt
    {
        get
        {
            lock (_gate)
            {
                return _expiresAt;
            }
        }
    }

    /// <summary>Takes new credentials (a refresh): the new request, and the new expiry (none: no timer).</summary>
    public void Replace(ConnectionRequest request, DateTimeOffset? expiresAt)
    {
        Volatile.Write(ref _request, request);
        Schedule(expiresAt);
    }

    /// <summary>Sets the expiry and (re)arms the timer: at the warning time, or at once when that has passed.</summary>
    public void Schedule(DateTimeOffset? expiresAt)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _expiresAt = expiresAt;
            _warned = false;
            if (expiresAt is not { } at)
            {
                _timer?.Dispose();
                _timer = null;
                return;
            }

            var due = Max(at - warning - timeProvider.GetUtcNow(), TimeSpan.Zero);
            _timer ??= timeProvider.CreateTimer(static self => ((CredentialLifetime)self!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            if (_disposed || _expiresAt is not { } at)
            {
                return;
            }

            var now = timeProvider.GetUtcNow();
            if (now >= at)
            {
                if (state.RequestClose(ProtocolCloseCodes.CredentialsExpired, "credentials expired", sendDisconnected: true, discardPending: false))
                {
                    ProjectSocketsLog.CredentialsExpired(state.Logger, state.Id);
                }

                return;
            }

            if (!_warned)
            {
                _warned = true;
                state.TryEnqueue(ProtocolWriter.CredentialsExpiring(at, at - now));
            }

            _timer?.Change(at - now, Timeout.InfiniteTimeSpan);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
