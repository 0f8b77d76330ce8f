namespace ProjectSockets.StackExchangeRedis;

/// <summary>A position in a project's sequence: the last seq seen, in the epoch it belongs to.</summary>
/// <param name="Seq">The last seq seen.</param>
/// <param name="Epoch">Its epoch.</param>
internal readonly record struct SeqPosition(long Seq, string Epoch);
