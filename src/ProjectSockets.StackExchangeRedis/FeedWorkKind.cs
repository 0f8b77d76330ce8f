namespace ProjectSockets.StackExchangeRedis;

/// <summary>What a project feed is asked to do.</summary>
internal enum FeedWorkKind
{
    /// <summary>A message arrived on the project's channel.</summary>
    Message,

    /// <summary>A subscriber attaches.</summary>
    Attach,

    /// <summary>The manager has no subscriber of the project any more.</summary>
    Detach,

    /// <summary>Compare the delivery position with Redis and fill what is missing (after a reconnect, periodically).</summary>
    CatchUp,

    /// <summary>Signal once everything queued before it has been handled.</summary>
    Barrier,
}
