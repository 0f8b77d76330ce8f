using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace ProjectSockets;

/// <summary>
/// The client session a connection belongs to: the <c>session</c> query parameter of the upgrade, tied to the user.
/// The same key presented by another user is another session. The id is a hash, so the key itself is never kept or
/// sent to a store.
/// </summary>
internal static class SessionIdentity
{
    /// <summary>The query parameter that carries the session key.</summary>
    public const string QueryParameter = "session";

    /// <summary>Why a <c>session</c> parameter is refused with 400, or <see langword="null"/> when it is absent or valid.</summary>
    public static string? Check(ConnectionRequest request)
    {
        string? key = null;
        foreach (var (name, value) in QueryParameters.Parse(request.QueryString))
        {
            if (name == QueryParameter)
            {
                if (key is not null)
                {
                    return "Query parameter 'session' is given more than once.";
                }

                key = value;
            }
        }

        return key is null || ProtocolNames.IsValidSessionKey(key)
            ? null
            : "Query parameter 'session' must be 16 to 64 characters of A-Z a-z 0-9 _ -.";
    }

    /// <summary>The session id of a connection (a hash of the user and the key), or <see langword="null"/> without a key.</summary>
    public static string? Derive(ConnectionRequest request)
    {
        var key = request.GetQueryValue(QueryParameter);
        if (key is null || !ProtocolNames.IsValidSessionKey(key))
        {
            return null;
        }

        var text = UserOf(request.User) + "\n" + key;
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return Base64Url.EncodeToString(hash[..18]);
    }

    /// <summary>
    /// Who the session belongs to: the user's <see cref="ClaimTypes.NameIdentifier"/>, else its name; every anonymous
    /// connection is one and the same user, so for them the key alone is the session.
    /// </summary>
    private static string UserOf(ClaimsPrincipal user)
    {
        if (user.Identity is not { IsAuthenticated: true } identity)
        {
            return "anonymous";
        }

        return "user:" + (user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? identity.Name ?? string.Empty);
    }
}
