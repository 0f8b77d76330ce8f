using System.Globalization;
using System.Text;

namespace ProjectSockets.Tests.Testing;

/// <summary>
/// Client messages from a seeded generator: random bytes, truncated and deeply nested JSON, huge numbers, wrong field
/// types, duplicate keys, control characters, and valid commands with random mutations.
/// </summary>
internal sealed class FuzzInputGenerator(int seed)
{
    private static readonly string[] Valid =
    [
        """{"type":"command","id":"1","command":"echo","project":"p1","args":{"text":"hi"}}""",
        """{"type":"command","id":"2","command":"count","args":{"count":3}}""",
        """{"type":"command","id":"3","command":"subscribe","project":"p2","args":{"events":["task_*","gate_running"],"since":0,"epoch":"e"}}""",
        """{"type":"command","id":"4","command":"unsubscribe","project":"p2"}""",
        """{"type":"command","id":"5","command":"boom"}""",
        """{"type":"command","id":"6","command":"fail","project":"p1"}""",
        """{"type":"command","command":"echo"}""",
        """{"type":"ping"}""",
        """{"type":"pong"}""",
        """{"type":"ping"}{"type":"command","id":"7","command":"echo"}""",
    ];

    private static readonly string[] Fields = ["type", "id", "command", "project", "args", "events", "since", "epoch", "text", "count"];

    private static readonly string[] Values =
    [
        "null", "true", "false", "0", "-1", "1e999999", "-1e999999", "123456789012345678901234567890", "1.5", "\"\"", "\"command\"",
        "\"ping\"", "\"subscribe\"", "\"echo\"", "\"p1\"", "\"*\"", "\"a*\"", "\"..\"", "[]", "{}", "[1,2]", "{\"a\":1}",
        "\"\\u0000\"", "\"\\ud800\"", "\"\\n\\r\\t\"", "\"" + new string('x', 200) + "\"", "[\"*\",\"*\"]",
    ];

    private readonly Random _random = new(seed);

    public byte[] Next() => _random.Next(10) switch
    {
        0 => RandomBytes(),
        1 => Encoding.UTF8.GetBytes(RandomText()),
        2 => Truncated(),
        3 => Encoding.UTF8.GetBytes(DeeplyNested()),
        4 => Encoding.UTF8.GetBytes(RandomObject()),
        5 => Encoding.UTF8.GetBytes(DuplicateKeys()),
        6 => Encoding.UTF8.GetBytes(WithControlCharacters()),
        7 => Encoding.UTF8.GetBytes(Concatenated()),
        _ => Mutated(),
    };

    private byte[] RandomBytes()
    {
        var bytes = new byte[_random.Next(0, 256)];
        _random.NextBytes(bytes);
        return bytes;
    }

    private string RandomText()
    {
        const string Alphabet = "{}[]\":,. \n\t0123456789-+eEtrufalsn\\u\"abcxyz*_";
        var text = new StringBuilder();
        for (var i = _random.Next(0, 200); i > 0; i--)
        {
            text.Append(Alphabet[_random.Next(Alphabet.Length)]);
        }

        return text.ToString();
    }

    private byte[] Truncated()
    {
        var valid = Encoding.UTF8.GetBytes(Pick(Valid));
        return valid[.._random.Next(0, valid.Length)];
    }

    private string DeeplyNested()
    {
        var depth = _random.Next(1, 2_000);
        var (open, close) = _random.Next(2) == 0 ? ("[", "]") : ("{\"a\":", "}");
        var nested = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, _random.Next(2) == 0 ? depth : _random.Next(depth)));
        return _random.Next(2) == 0 ? nested : $$$"""{"type":"command","id":"n","command":"echo","args":{{{nested}}}}""";
    }

    private string RandomObject()
    {
        var json = new StringBuilder("{");
        for (var i = _random.Next(0, 6); i > 0; i--)
        {
            json.Append('"').Append(Pick(Fields)).Append("\":").Append(_random.Next(3) == 0 ? RandomObject() : Pick(Values));
            if (i > 1)
            {
                json.Append(',');
            }
        }

        return json.Append('}').ToString();
    }

    private string DuplicateKeys()
    {
        var field = Pick(Fields);
        return $$"""{"type":"command","command":"echo","{{field}}":{{Pick(Values)}},"{{field}}":{{Pick(Values)}}}""";
    }

    private string WithControlCharacters()
    {
        var control = (char)_random.Next(0, 32);
        return $$$"""{"type":"command","id":"c{{{control}}}","command":"echo","args":{"text":"a{{{control}}}b"}}""";
    }

    private string Concatenated()
    {
        var parts = new List<string>();
        for (var i = _random.Next(1, 8); i > 0; i--)
        {
            parts.Add(_random.Next(4) == 0 ? Pick(Values) : Pick(Valid));
        }

        return string.Join(_random.Next(2) == 0 ? "\n" : string.Empty, parts);
    }

    private byte[] Mutated()
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(Pick(Valid)));
        for (var i = _random.Next(1, 5); i > 0; i--)
        {
            var at = _random.Next(bytes.Count + 1);
            switch (_random.Next(4))
            {
                case 0 when at < bytes.Count:
                    bytes[at] = (byte)_random.Next(256);
                    break;
                case 1 when at < bytes.Count:
                    bytes.RemoveAt(at);
                    break;
                case 2:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Pick(Values)));
                    break;
                default:
                    bytes.Insert(at, (byte)"{}[]\",:\\"[_random.Next(8)]);
                    break;
            }
        }

        return [.. bytes];
    }

    private string Pick(string[] values) => values[_random.Next(values.Length)];

    public override string ToString() => seed.ToString(CultureInfo.InvariantCulture);
}
