using StackExchange.Redis;

namespace ProjectSockets.StackExchangeRedis;

/// <summary>One item of a project feed's queue: the feed handles them one at a time, in order.</summary>
internal readonly record struct FeedWork(FeedWorkKind Kind, ChannelMessageQueue? Source = null, RedisValue Message = default, AttachRequest? Attach = null, TaskCompletionSource? Done = null)
{
    public static FeedWork Detach { get; } = new(FeedWorkKind.Detach);

    public static FeedWork CatchUp { get; } = new(FeedWorkKind.CatchUp);
}
