using System.Buffers.Text;
using System.Security.Cryptography;

namespace ProjectSockets;

/// <summary>Creates connection identifiers.</summary>
public static class ConnectionIds
{
    /// <summary>Creates a new random identifier of 128 bits, base64url-encoded (22 characters).</summary>
    /// <returns>The identifier.</returns>
    public static string Create()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }
}
