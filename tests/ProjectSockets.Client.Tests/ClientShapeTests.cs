using System.Reflection;
using System.Runtime.CompilerServices;

namespace ProjectSockets.Client.Tests;

/// <summary>
/// Keeps the client the face over small parts it became: no class that gathers every job's state again, no file that
/// grows past what a reader takes in at once. Public types other than the client are left out: their shape is the API.
/// </summary>
public sealed class ClientShapeTests
{
    private const int MaxFields = 10;
    private const int MaxLines = 250;

    [Fact]
    public void ClientAndItsInternalParts_HoldAtMostTenFieldsEach()
    {
        var types = typeof(ProjectSocketsClient).Assembly.GetTypes()
            .Where(type => (type == typeof(ProjectSocketsClient) || !type.IsVisible) && !IsCompilerGenerated(type))
            .ToArray();

        var crowded = types
            .Select(type => (type.FullName, Fields: type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly).Length))
            .Where(entry => entry.Fields > MaxFields)
            .Select(entry => $"{entry.FullName}: {entry.Fields} fields")
            .ToArray();

        Assert.Contains(typeof(ProjectSocketsClient), types);
        Assert.Empty(crowded);
    }

    [Fact]
    public void ClientSourceFiles_AreAtMost250LinesEach()
    {
        var source = Path.GetFullPath(Path.Combine(TestsDirectory(), "..", "..", "src", "ProjectSockets.Client"));
        var files = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(path => !IsBuildOutput(source, path))
            .ToArray();

        var tooLong = files
            .Select(path => (Path: Path.GetRelativePath(source, path), Lines: File.ReadLines(path).Count()))
            .Where(entry => entry.Lines > MaxLines)
            .Select(entry => $"{entry.Path}: {entry.Lines} lines")
            .ToArray();

        Assert.Contains(files, path => path.EndsWith("ProjectSocketsClient.cs", StringComparison.Ordinal));
        Assert.Empty(tooLong);
    }

    private static bool IsCompilerGenerated(Type type)
        => type.Name.Contains('<', StringComparison.Ordinal) || type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false)
            || (type.DeclaringType is { } outer && IsCompilerGenerated(outer));

    private static bool IsBuildOutput(string source, string path)
        => Path.GetRelativePath(source, path).Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj";

    private static string TestsDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
