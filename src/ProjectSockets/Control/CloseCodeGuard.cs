namespace ProjectSockets;

/// <summary>The close codes a server may put in a close frame.</summary>
internal static class CloseCodeGuard
{
    public static void ThrowIfNotSendable(int closeCode, string paramName)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(closeCode, 1000, paramName);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(closeCode, 4999, paramName);
        if (closeCode is 1004 or 1005 or 1006 or 1015)
        {
            // RFC 6455 reserves these: no endpoint may put them in a close frame.
            throw new ArgumentOutOfRangeException(paramName, closeCode, "Close codes 1004, 1005, 1006 and 1015 cannot be sent.");
        }
    }
}
