namespace ProjectSockets.Testing;

/// <summary>Paths in the repository the tests run from, for tests that read its sources, docs or build files.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The folder that holds ProjectSockets.sln, found by walking up from the test assembly.</summary>
    public static string Root => s_root.Value;

    /// <summary>The folder of the project <paramref name="projectName"/> under <c>src/</c>.</summary>
    public static string Source(string projectName) => Path.Combine(Root, "src", projectName);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ProjectSockets.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ProjectSockets.sln above {AppContext.BaseDirectory}.");
    }
}
