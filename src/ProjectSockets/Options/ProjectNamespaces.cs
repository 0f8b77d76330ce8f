namespace ProjectSockets;

/// <summary>Matches project ids against namespace patterns: an exact id wins, then the longest matching prefix.</summary>
internal static class ProjectNamespaces
{
    /// <summary>Whether a pattern is a valid project id, or 1 to 127 project-id characters followed by <c>*</c>.</summary>
    public static bool IsValidPattern(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return false;
        }

        if (pattern[^1] != '*')
        {
            return ProtocolNames.IsValidProject(pattern);
        }

        // The prefix's characters must be project-id characters; "." alone or ".." as a prefix still matches real ids.
        var prefix = pattern.AsSpan(0, pattern.Length - 1);
        return prefix.Length is > 0 and < ProtocolNames.MaxProjectLength && prefix.IndexOf('*') < 0 && IsProjectText(prefix);
    }

    /// <summary>Finds the namespace of <paramref name="project"/>, or <see langword="null"/>.</summary>
    public static ProjectNamespaceOptions? Match(IList<ProjectNamespaceOptions> namespaces, string project)
    {
        ProjectNamespaceOptions? best = null;
        var bestLength = -1;
        for (var i = 0; i < namespaces.Count; i++)
        {
            var candidate = namespaces[i];
            var pattern = candidate.Pattern;
            if (pattern.Length == 0)
            {
                continue;
            }

            if (pattern[^1] != '*')
            {
                if (string.Equals(pattern, project, StringComparison.Ordinal))
                {
                    return candidate;
                }

                continue;
            }

            var prefixLength = pattern.Length - 1;
            if (prefixLength > bestLength && project.AsSpan().StartsWith(pattern.AsSpan(0, prefixLength), StringComparison.Ordinal))
            {
                best = candidate;
                bestLength = prefixLength;
            }
        }

        return best;
    }

    private static bool IsProjectText(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
