using System.Buffers.Text;
using System.Text;

namespace ProjectSockets.StackExchangeRedis;

/// <summary>
/// One event as Redis keeps it: <c>seq|unixMs|event|data</c>, the data being the compact UTF-8 JSON the host
/// published. Channel messages carry the same entry after <c>epoch|</c>.
/// </summary>
internal readonly ref struct HistoryEntry
{
    private const byte Separator = (byte)'|';

    private HistoryEntry(long seq, long unixMs, ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> data)
    {
        Seq = seq;
        UnixMs = unixMs;
        EventName = eventName;
        Data = data;
    }

    public long Seq { get; }

    public long UnixMs { get; }

    public ReadOnlySpan<byte> EventName { get; }

    public ReadOnlySpan<byte> Data { get; }

    /// <summary>Encodes what the append script turns into an entry by putting the seq in front: <c>unixMs|event|data</c>.</summary>
    public static byte[] EncodeAppend(long unixMs, string eventName, ReadOnlySpan<byte> data)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(unixMs, digits, out var length);
        var nameLength = Encoding.UTF8.GetByteCount(eventName);
        var payload = new byte[length + 1 + nameLength + 1 + data.Length];
        digits[..length].CopyTo(payload);
        payload[length] = Separator;
        Encoding.UTF8.GetBytes(eventName, payload.AsSpan(length + 1));
        payload[length + 1 + nameLength] = Separator;
        data.CopyTo(payload.AsSpan(length + nameLength + 2));
        return payload;
    }

    /// <summary>Reads a history entry.</summary>
    public static bool TryParse(ReadOnlySpan<byte> entry, out HistoryEntry parsed)
    {
        parsed = default;
        if (!TryTakeNumber(ref entry, out var seq) || !TryTakeNumber(ref entry, out var unixMs))
        {
            return false;
        }

        var end = entry.IndexOf(Separator);
        if (end <= 0)
        {
            return false;
        }

        parsed = new HistoryEntry(seq, unixMs, entry[..end], entry[(end + 1)..]);
        return true;
    }

    /// <summary>Reads a channel message: the epoch, then the entry.</summary>
    public static bool TryParseMessage(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> epoch, out HistoryEntry parsed)
    {
        parsed = default;
        var end = message.IndexOf(Separator);
        epoch = end > 0 ? message[..end] : default;
        return end > 0 && TryParse(message[(end + 1)..], out parsed);
    }

    /// <summary>Encodes the wire message once, for every local subscriber of the project.</summary>
    public ProjectEvent ToEvent(string project, string epoch)
        => ProjectEvent.Create(project, Encoding.UTF8.GetString(EventName), Seq, epoch, DateTimeOffset.FromUnixTimeMilliseconds(UnixMs), Data);

    private static bool TryTakeNumber(ref ReadOnlySpan<byte> span, out long value)
    {
        value = 0;
        var end = span.IndexOf(Separator);
        if (end <= 0 || !Utf8Parser.TryParse(span[..end], out value, out var consumed) || consumed != end)
        {
            return false;
        }

        span = span[(end + 1)..];
        return true;
    }
}
