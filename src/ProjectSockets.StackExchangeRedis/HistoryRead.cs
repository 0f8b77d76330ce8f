using StackExchange.Redis;

namespace ProjectSockets.StackExchangeRedis;

/// <summary>A project's state in Redis at one instant, and the history entries that were asked for.</summary>
/// <param name="Seq">The latest seq (0 when the project has none yet).</param>
/// <param name="Epoch">The project's epoch.</param>
/// <param name="Oldest">The oldest seq still in history; <c>Seq + 1</c> when history is empty.</param>
/// <param name="Entries">Entries after the asked-for position, oldest first, ending at <paramref name="Seq"/>.</param>
internal sealed record HistoryRead(long Seq, string Epoch, long Oldest, RedisValue[] Entries)
{
    /// <summary>Whether every event after <paramref name="position"/> up to <see cref="Seq"/> is still in history.</summary>
    public bool Covers(long position) => position >= Seq || Oldest <= position + 1;
}
