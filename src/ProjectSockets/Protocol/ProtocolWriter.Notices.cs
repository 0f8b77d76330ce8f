using System.Text.Json;

namespace ProjectSockets;

/// <summary>Messages the server starts about a connection's access: control notices, expiring credentials, refresh.</summary>
internal static partial class ProtocolWriter
{
    /// <summary>The reason of an <c>unsubscribed</c> notice after the host's unsubscribe.</summary>
    public const string UnsubscribedByServer = "server";

    /// <summary>The reason of an <c>unsubscribed</c> notice after access was revoked or not granted again.</summary>
    public const string UnsubscribedRevoked = "revoked";

    /// <summary><c>{"type":"subscribed",...position}</c>: the server subscribed this connection.</summary>
    public static byte[] SubscribedNotice(SubscriptionPosition position)
    {
        var writer = Start();
        writer.WriteString("type"u8, "subscribed"u8);
        WritePositionFields(writer, position);
        return Finish(writer);
    }

    /// <summary><c>{"type":"unsubscribed","project":…,"reason":…,"message":…}</c>: the server ended a subscription.</summary>
    public static byte[] UnsubscribedNotice(string project, string reason, string? message)
    {
        var writer = Start();
        writer.WriteString("type"u8, "unsubscribed"u8);
        writer.WriteString("project"u8, project);
        writer.WriteString("reason"u8, reason);
        if (message is not null)
        {
            writer.WriteString("message"u8, message);
        }

        return Finish(writer);
    }

    /// <summary><c>{"type":"credentials_expiring","expiresAt":…,"inMs":…}</c>: refresh before then, or be closed with 4003.</summary>
    public static byte[] CredentialsExpiring(DateTimeOffset expiresAt, TimeSpan remaining)
    {
        var writer = Start();
        writer.WriteString("type"u8, "credentials_expiring"u8);
        WriteTime(writer, "expiresAt"u8, expiresAt);
        writer.WriteNumber("inMs"u8, Math.Max(0L, (long)remaining.TotalMilliseconds));
        return Finish(writer);
    }

    /// <summary>The result of an accepted <c>refresh</c>: <c>{"expiresAt":…}</c>, <c>null</c> when the new credentials do not expire.</summary>
    public static byte[] RefreshResult(string id, DateTimeOffset? expiresAt)
    {
        var writer = StartResult(id, ok: true);
        writer.WriteStartObject("data"u8);
        if (expiresAt is { } at)
        {
            WriteTime(writer, "expiresAt"u8, at);
        }
        else
        {
            writer.WriteNull("expiresAt"u8);
        }

        writer.WriteEndObject();
        return Finish(writer);
    }

    private static void WritePositionFields(Utf8JsonWriter writer, SubscriptionPosition position)
    {
        writer.WriteString("project"u8, position.Project);
        writer.WriteNumber("seq"u8, position.Seq);
        writer.WriteString("epoch"u8, position.Epoch);
        writer.WriteBoolean("recovered"u8, position.Recovered);
    }

    private static void WriteTime(Utf8JsonWriter writer, ReadOnlySpan<byte> name, DateTimeOffset time)
    {
        Span<char> text = stackalloc char[24];
        time.UtcDateTime.TryFormat(text, out var written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        writer.WriteString(name, text[..written]);
    }
}
