namespace ProjectSockets;

/// <summary>Checks <see cref="ProjectSocketsOptions.Namespaces"/>: valid, distinct patterns and settings in range.</summary>
internal static class NamespaceValidation
{
    public static void Check(ProjectSocketsOptions options, Action<bool, string> check)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Namespaces.Count; i++)
        {
            var ns = options.Namespaces[i];
            var name = $"Namespaces.{i}";
            if (ns is null)
            {
                check(false, $"{name} must not be null.");
                continue;
            }

            check(ProjectNamespaces.IsValidPattern(ns.Pattern), $"{name}.Pattern ('{ns.Pattern}') must be a project id or 1 to 127 project-id characters followed by '*'.");
            check(string.IsNullOrEmpty(ns.Pattern) || seen.Add(ns.Pattern), $"{name}.Pattern ('{ns.Pattern}') is used by an earlier namespace: patterns must be distinct.");
            check(ns.HistoryMaxEvents is null or >= 0, $"{name}.HistoryMaxEvents must be 0 or more.");
            check(
                ns.HistoryMaxBytes is null or 0 || ns.HistoryMaxBytes >= options.MaxEventBytes,
                $"{name}.HistoryMaxBytes must be 0 or at least MaxEventBytes ({options.MaxEventBytes}).");
            check(ns.HistoryMaxAge is null || ns.HistoryMaxAge > TimeSpan.Zero, $"{name}.HistoryMaxAge must be positive.");
            check(
                ns.IdempotencyWindow is null || (ns.IdempotencyWindow >= IdempotencyOptions.MinWindow && ns.IdempotencyWindow <= IdempotencyOptions.MaxWindow),
                $"{name}.IdempotencyWindow must be between 1 second and 1 day.");
        }
    }
}
