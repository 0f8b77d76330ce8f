using System.Reflection;
using System.Runtime.CompilerServices;

namespace ProjectSockets.Tests.Manager;

/// <summary>
/// Keeps the core the set of small named parts it became: no internal class that gathers every job's state again, no
/// source file that grows past what a reader takes in at once, and no folder named after the generic host. Public
/// types are left out of the field count: their shape is the API.
/// </summary>
public sealed class CoreShapeTests
{
    private const int MaxFields = 10;
    private const int MaxLines = 250;

    [Fact]
    public void ManagerAndTheCoresInternalParts_HoldAtMostTenFieldsEach()
    {
        var types = typeof(WebSocketManager).Assembly.GetTypes()
            .Where(type => !type.IsVisible && !IsCompilerGenerated(type))
            .ToArray();

        var crowded = types
            .Select(type => (type.FullName, Fields: type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly).Length))
            .Where(entry => entry.Fields > MaxFields)
            .Select(entry => $"{entry.FullName}: {entry.Fields} fields")
            .ToArray();

        Assert.Contains(typeof(WebSocketManager), types);
        Assert.Contains(typeof(ConnectionState), types);
        Assert.Empty(crowded);
    }

    [Fact]
    public void CoreSourceFiles_AreAtMost250LinesEach_AndNoneIsInAHostingFolder()
    {
        var source = Path.GetFullPath(Path.Combine(TestsDirectory(), "..", "..", "..", "src", "ProjectSockets"));
        var files = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(source, path))
            .Where(path => path.Split(Path.DirectorySeparatorChar)[0] is not ("bin" or "obj"))
            .ToArray();

        var tooLong = files
            .Select(path => (Path: path, Lines: File.ReadLines(Path.Combine(source, path)).Count()))
            .Where(entry => entry.Lines > MaxLines)
            .Select(entry => $"{entry.Path}: {entry.Lines} lines")
            .ToArray();

        Assert.Contains(files, path => path.EndsWith("WebSocketManager.cs", StringComparison.Ordinal));
        Assert.Empty(tooLong);
        Assert.DoesNotContain(files, path => path.Split(Path.DirectorySeparatorChar).Contains("Hosting"));
    }

    private static bool IsCompilerGenerated(Type type)
        => type.Name.Contains('<', StringComparison.Ordinal) || type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false)
            || (type.DeclaringType is { } outer && IsCompilerGenerated(outer));

    private static string TestsDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
