namespace ProjectSockets;

/// <summary>The Names rules of the wire protocol: project ids, event and command names, command ids, error codes.</summary>
public static class ProtocolNames
{
    /// <summary>The longest project id.</summary>
    public const int MaxProjectLength = 128;

    /// <summary>The longest event or command name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The longest command id, in UTF-16 code units.</summary>
    public const int MaxCommandIdLength = 64;

    /// <summary>Returns whether <paramref name="project"/> is a valid project id.</summary>
    /// <param name="project">The candidate.</param>
    /// <returns><see langword="true"/> when it follows the rules.</returns>
    public static bool IsValidProject(ReadOnlySpan<char> project)
        => IsNameOfLength(project, MaxProjectLength) && project is not "." and not "..";

    /// <summary>Returns whether <paramref name="name"/> is a valid event or command name.</summary>
    /// <param name="name">The candidate.</param>
    /// <returns><see langword="true"/> when it follows the rules.</returns>
    public static bool IsValidName(ReadOnlySpan<char> name) => IsNameOfLength(name, MaxNameLength);

    /// <summary>Returns whether <paramref name="id"/> is a valid command id.</summary>
    /// <param name="id">The candidate.</param>
    /// <returns><see langword="true"/> when it has 1 to 64 UTF-16 code units.</returns>
    public static bool IsValidCommandId(ReadOnlySpan<char> id) => id.Length is > 0 and <= MaxCommandIdLength;

    /// <summary>Returns whether <paramref name="code"/> is a valid error code: 1 to 64 of <c>a-z 0-9 _</c>.</summary>
    /// <param name="code">The candidate.</param>
    /// <returns><see langword="true"/> when it follows the rules.</returns>
    public static bool IsValidErrorCode(ReadOnlySpan<char> code)
    {
        if (code.Length is 0 or > MaxNameLength)
        {
            return false;
        }

        foreach (var c in code)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The shortest session key: 16 characters, 96 bits of a random base64url key.</summary>
    public const int MinSessionKeyLength = 16;

    /// <summary>The longest session key.</summary>
    public const int MaxSessionKeyLength = 64;

    /// <summary>Returns whether <paramref name="key"/> is a valid session key: 16 to 64 of <c>A-Z a-z 0-9 _ -</c>.</summary>
    /// <param name="key">The candidate.</param>
    /// <returns><see langword="true"/> when it follows the rules.</returns>
    public static bool IsValidSessionKey(ReadOnlySpan<char> key)
    {
        if (key.Length is < MinSessionKeyLength or > MaxSessionKeyLength)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool IsNameChar(char c)
        => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or ':' or '-';

    private static bool IsNameOfLength(ReadOnlySpan<char> value, int maxLength)
    {
        if (value.Length == 0 || value.Length > maxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!IsNameChar(c))
            {
                return false;
            }
        }

        return true;
    }
}
