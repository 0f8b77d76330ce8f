namespace ProjectSockets;

/// <summary>Per-publish settings for <see cref="IProjectEventPublisher.PublishAsync(string, string, object?, PublishOptions?, CancellationToken)"/>.</summary>
public sealed class PublishOptions
{
    /// <summary>The longest idempotency key accepted.</summary>
    public const int MaxIdempotencyKeyLength = 128;

    /// <summary>
    /// Gets or sets the publish id that makes a retry safe: a publish to the same project with a key already used
    /// within the project's idempotency window (<see cref="IdempotencyOptions.Window"/>) stores and delivers nothing and
    /// returns the first publish's result (same <c>seq</c> and <c>epoch</c>, <see cref="PublishResult.Duplicate"/> set).
    /// The event's name and data are not compared: the key alone identifies the publish.
    /// </summary>
    /// <value>
    /// Default is <see langword="null"/> (no deduplication). When set, 1 to 128 printable ASCII characters
    /// (<c>!</c> to <c>~</c>).
    /// </value>
    public string? IdempotencyKey { get; set; }

    /// <summary>Whether <paramref name="key"/> is an acceptable idempotency key: 1 to 128 printable ASCII characters.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    public static bool IsValidIdempotencyKey(ReadOnlySpan<char> key)
    {
        if (key.Length is 0 or > MaxIdempotencyKeyLength)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }
}
