using System.Reflection;
using System.Runtime.CompilerServices;

namespace ProjectSockets.Testing;

/// <summary>
/// Measures the shape of a package's code for the tests that keep it small: fields per type, lines per source file.
/// </summary>
public static class CodeShape
{
    /// <summary>The types of <paramref name="assembly"/> the compiler did not generate (closures, state machines).</summary>
    public static IEnumerable<Type> WrittenTypes(Assembly assembly)
        => assembly.GetTypes().Where(type => !IsCompilerGenerated(type));

    /// <summary>"Type: N fields" for each of <paramref name="types"/> that declares more than <paramref name="maxFields"/>.</summary>
    public static string[] Crowded(IEnumerable<Type> types, int maxFields)
        => types
            .Select(type => (type.FullName, Fields: type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly).Length))
            .Where(entry => entry.Fields > maxFields)
            .Select(entry => $"{entry.FullName}: {entry.Fields} fields")
            .ToArray();

    /// <summary>The C# files of <paramref name="source"/>, relative to it, build output left out.</summary>
    public static string[] SourceFiles(string source)
        => Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(source, path))
            .Where(path => path.Split(Path.DirectorySeparatorChar)[0] is not ("bin" or "obj"))
            .ToArray();

    /// <summary>"path: N lines" for each of <paramref name="files"/> (relative to <paramref name="source"/>) longer than <paramref name="maxLines"/>.</summary>
    public static string[] TooLong(string source, IEnumerable<string> files, int maxLines)
        => files
            .Select(path => (Path: path, Lines: File.ReadLines(Path.Combine(source, path)).Count()))
            .Where(entry => entry.Lines > maxLines)
            .Select(entry => $"{entry.Path}: {entry.Lines} lines")
            .ToArray();

    private static bool IsCompilerGenerated(Type type)
        => type.Name.Contains('<', StringComparison.Ordinal) || type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false)
            || (type.DeclaringType is { } outer && IsCompilerGenerated(outer));
}
