namespace ProjectSockets.Client.Internal;

/// <summary>Hands each new connection (or the client's end, <see langword="null"/>) to the commands waiting to be sent again.</summary>
internal sealed class SessionHandOver
{
    private TaskCompletionSource<ClientSession?> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes every wait for the next connection with <paramref name="session"/>.</summary>
    public void Announce(ClientSession? session)
        => Interlocked.Exchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(session);

    /// <summary>
    /// The connection after <paramref name="previous"/> once it is open and resumed, or <see langword="null"/> when the
    /// client stops instead.
    /// </summary>
    /// <param name="previous">The connection that was lost.</param>
    /// <param name="connected">The current connection when connected, else <see langword="null"/>.</param>
    /// <param name="stopped">Whether the client has stopped for good.</param>
    public Task<ClientSession?> AfterAsync(ClientSession previous, Func<ClientSession?> connected, Func<bool> stopped)
    {
        // Taken before looking at the client, so an announcement in between is not missed.
        var next = Volatile.Read(ref _next).Task;
        if (stopped())
        {
            return Task.FromResult<ClientSession?>(null);
        }

        return connected() is { } current && current != previous ? Task.FromResult<ClientSession?>(current) : next;
    }
}
