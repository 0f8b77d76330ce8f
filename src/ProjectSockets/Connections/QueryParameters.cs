namespace ProjectSockets;

/// <summary>Splits a raw query string into decoded name/value pairs.</summary>
internal static class QueryParameters
{
    public static IEnumerable<KeyValuePair<string, string>> Parse(string? queryString)
    {
        if (string.IsNullOrEmpty(queryString))
        {
            yield break;
        }

        var query = queryString[0] == '?' ? queryString[1..] : queryString;
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? string.Empty : part[(equals + 1)..];
            yield return new(Decode(name), Decode(value));
        }
    }

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
