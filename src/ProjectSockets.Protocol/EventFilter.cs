namespace ProjectSockets;

/// <summary>
/// A per-subscription event filter: event names, prefixes ending in <c>*</c>, or <c>*</c>. Immutable.
/// </summary>
public sealed class EventFilter
{
    /// <summary>The most patterns one filter may hold.</summary>
    public const int MaxPatterns = 32;

    private readonly string[] _exact;
    private readonly string[] _prefixes;
    private readonly bool _all;

    private EventFilter(string[] patterns, string[] exact, string[] prefixes, bool all)
    {
        Patterns = patterns;
        _exact = exact;
        _prefixes = prefixes;
        _all = all;
    }

    /// <summary>Gets the filter that lets every event through.</summary>
    public static EventFilter All { get; } = new(["*"], [], [], all: true);

    /// <summary>Gets the patterns this filter was built from.</summary>
    public IReadOnlyList<string> Patterns { get; }

    /// <summary>Returns whether <paramref name="pattern"/> is a valid filter pattern.</summary>
    /// <param name="pattern">The candidate.</param>
    /// <returns><see langword="true"/> for an event name, a name prefix followed by <c>*</c>, or <c>*</c>.</returns>
    public static bool IsValidPattern(ReadOnlySpan<char> pattern)
    {
        if (pattern is "*")
        {
            return true;
        }

        if (pattern.Length > 1 && pattern[^1] == '*')
        {
            pattern = pattern[..^1];
        }

        return ProtocolNames.IsValidName(pattern);
    }

    /// <summary>Builds a filter from patterns that have already been checked.</summary>
    /// <param name="patterns">1 to 32 valid patterns.</param>
    /// <returns>The filter.</returns>
    /// <exception cref="ArgumentException">A pattern is invalid, or there are none or too many.</exception>
    public static EventFilter Create(IReadOnlyList<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        if (patterns.Count is 0 or > MaxPatterns)
        {
            throw new ArgumentException($"A filter holds 1 to {MaxPatterns} patterns.", nameof(patterns));
        }

        var exact = new List<string>();
        var prefixes = new List<string>();
        var all = false;
        foreach (var pattern in patterns)
        {
            if (!IsValidPattern(pattern))
            {
                throw new ArgumentException($"'{pattern}' is not a valid event filter pattern.", nameof(patterns));
            }

            if (pattern == "*")
            {
                all = true;
            }
            else if (pattern[^1] == '*')
            {
                prefixes.Add(pattern[..^1]);
            }
            else
            {
                exact.Add(pattern);
            }
        }

        return new([.. patterns], [.. exact.Distinct(StringComparer.Ordinal)], [.. prefixes.Distinct(StringComparer.Ordinal)], all);
    }

    /// <summary>Returns whether an event of this name passes the filter.</summary>
    /// <param name="eventName">The event name.</param>
    /// <returns><see langword="true"/> when it passes.</returns>
    public bool Matches(string eventName)
    {
        if (_all)
        {
            return true;
        }

        foreach (var name in _exact)
        {
            if (string.Equals(name, eventName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        foreach (var prefix in _prefixes)
        {
            if (eventName.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
