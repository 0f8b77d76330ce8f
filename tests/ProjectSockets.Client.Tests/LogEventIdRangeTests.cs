using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProjectSockets.StackExchangeRedis;

namespace ProjectSockets.Client.Tests;

/// <summary>
/// Every package logs in its own event id range, as written in docs/logging.md. Lives here because this is the one
/// test project that references every package under src/.
/// </summary>
public sealed partial class LogEventIdRangeTests
{
    private static readonly Assembly[] s_packages =
    [
        typeof(EventFilter).Assembly,
        typeof(IWebSocketManager).Assembly,
        typeof(ProjectSocketsClient).Assembly,
        typeof(ProjectSocketsEndpointRouteBuilderExtensions).Assembly,
        typeof(ProjectSocketsHttpListenerBuilderExtensions).Assembly,
        typeof(ProjectSocketsRedisOptions).Assembly,
    ];

    public static TheoryData<string> PackageNames => [.. s_packages.Select(a => a.GetName().Name!)];

    [Fact]
    public void EveryProjectUnderSrc_IsCheckedHere()
    {
        var projects = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension)
            .Order(StringComparer.Ordinal);

        Assert.Equal(projects, s_packages.Select(a => a.GetName().Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void DocumentedRanges_CoverEveryPackageAndDoNotOverlap()
    {
        var ranges = ReadDocumentedRanges();

        Assert.Equal(s_packages.Select(a => a.GetName().Name!).Order(StringComparer.Ordinal), ranges.Keys.Order(StringComparer.Ordinal));
        Assert.All(ranges, r => Assert.True(r.Value.Min >= 1 && r.Value.Max <= 9999, $"{r.Key}: package ranges stay within 1–9999; applications use 10000 and up."));
        var ordered = ranges.OrderBy(r => r.Value.Min).ToArray();
        for (var i = 1; i < ordered.Length; i++)
        {
            Assert.True(ordered[i - 1].Value.Max < ordered[i].Value.Min, $"The ranges of {ordered[i - 1].Key} and {ordered[i].Key} overlap.");
        }
    }

    [Theory]
    [MemberData(nameof(PackageNames))]
    public void EveryLogMessage_HasAnIdInsideItsPackagesRange(string package)
    {
        var (min, max) = ReadDocumentedRanges()[package];
        var outside = LogMessages(s_packages.Single(a => a.GetName().Name == package))
            .Where(m => m.Id < min || m.Id > max)
            .Select(m => $"{m.Method} = {m.Id}")
            .ToArray();

        Assert.True(outside.Length == 0, $"Outside {package}'s range {min}–{max}: {string.Join(", ", outside)}.");
    }

    [Fact]
    public void NoTwoLogMessages_ShareAnIdOrAPackageEventName()
    {
        var messages = s_packages.SelectMany(LogMessages).ToArray();

        Assert.NotEmpty(messages);
        var sharedIds = messages.GroupBy(m => m.Id).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}").ToArray();
        Assert.True(sharedIds.Length == 0, $"Event ids used twice: {string.Join("; ", sharedIds)}.");
        var sharedNames = messages.GroupBy(m => (m.Package, m.Name)).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.Package} {g.Key.Name}").ToArray();
        Assert.True(sharedNames.Length == 0, $"Event names used twice in a package: {string.Join("; ", sharedNames)}.");
    }

    private static IEnumerable<(string Package, string Method, int Id, string? Name)> LogMessages(Assembly assembly)
        => from type in assembly.GetTypes()
           from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
           let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
           where attribute is not null
           select (assembly.GetName().Name!, $"{type.Name}.{method.Name}", attribute.EventId, attribute.EventName);

    private static Dictionary<string, (int Min, int Max)> ReadDocumentedRanges()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "logging.md"));
        var ranges = new Dictionary<string, (int Min, int Max)>(StringComparer.Ordinal);
        foreach (Match row in RangeRow().Matches(text))
        {
            var min = int.Parse(row.Groups["min"].ValueSpan, provider: null);
            var max = int.Parse(row.Groups["max"].ValueSpan, provider: null);
            Assert.True(min <= max, $"docs/logging.md: the range of {row.Groups["package"].Value} is empty.");
            Assert.True(ranges.TryAdd(row.Groups["package"].Value, (min, max)), $"docs/logging.md lists {row.Groups["package"].Value} twice.");
        }

        return ranges;
    }

    // A row of the ranges table: | `ProjectSockets.X` | 2000–2999 | … |
    [GeneratedRegex(@"^\|\s*`(?<package>ProjectSockets[A-Za-z.]*)`\s*\|\s*(?<min>\d+)\s*[–-]\s*(?<max>\d+)\s*\|", RegexOptions.Multiline)]
    private static partial Regex RangeRow();
}
