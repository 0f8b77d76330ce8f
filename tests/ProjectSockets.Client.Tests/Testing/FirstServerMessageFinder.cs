namespace ProjectSockets.Client.Tests.Testing;

/// <summary>
/// Reads the server's side of a WebSocket connection as it is relayed and finds where its first message ends: after the
/// HTTP upgrade response, the frames up to the first one with FIN set (server frames are not masked).
/// </summary>
internal sealed class FirstServerMessageFinder
{
    private readonly List<byte> _seen = [];

    /// <summary>Takes the next chunk; returns how many of its bytes reach the end of the first message, or -1 if it is not in it.</summary>
    public int Feed(ReadOnlySpan<byte> chunk)
    {
        var before = _seen.Count;
        _seen.AddRange(chunk);
        var end = FindEnd();
        return end < 0 ? -1 : end - before;
    }

    private int FindEnd()
    {
        var bytes = _seen;
        var head = -1;
        for (var i = 3; i < bytes.Count; i++)
        {
            if (bytes[i - 3] == '\r' && bytes[i - 2] == '\n' && bytes[i - 1] == '\r' && bytes[i] == '\n')
            {
                head = i + 1;
                break;
            }
        }

        if (head < 0)
        {
            return -1;
        }

        var position = head;
        while (position + 2 <= bytes.Count)
        {
            var fin = (bytes[position] & 0x80) != 0;
            var masked = (bytes[position + 1] & 0x80) != 0;
            long length = bytes[position + 1] & 0x7F;
            var header = 2;
            if (length == 126)
            {
                if (position + 4 > bytes.Count)
                {
                    return -1;
                }

                length = (bytes[position + 2] << 8) | bytes[position + 3];
                header = 4;
            }
            else if (length == 127)
            {
                if (position + 10 > bytes.Count)
                {
                    return -1;
                }

                length = 0;
                for (var i = 0; i < 8; i++)
                {
                    length = (length << 8) | bytes[position + 2 + i];
                }

                header = 10;
            }

            var frameEnd = position + header + (masked ? 4 : 0) + length;
            if (frameEnd > bytes.Count)
            {
                return -1;
            }

            // A control frame (ping) may come between fragments; only a data frame with FIN ends the message.
            var opcode = bytes[position] & 0x0F;
            if (fin && opcode < 8)
            {
                return (int)frameEnd;
            }

            position = (int)frameEnd;
        }

        return -1;
    }
}
