using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Xml.Linq;

namespace ProjectSockets.Tests.Packaging;

/// <summary>
/// Packs every library project under src/ once, into a temporary folder, the way a release would (restore, build,
/// pack with package validation), and reads the packages back. Shared by the tests of one class.
/// </summary>
public sealed class PackedPackages : IDisposable
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(8);

    private readonly string _root = Directory.CreateTempSubdirectory("projectsockets-pack-").FullName;

    public PackedPackages()
    {
        var repository = RepositoryPaths.Root;
        var output = Path.Combine(_root, "packages");
        var projects = Directory.GetFiles(Path.Combine(repository, "src"), "*.csproj", SearchOption.AllDirectories);
        SourceProjects = projects.Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToArray()!;

        // One msbuild invocation packs them all: a throw-away project that restores and packs each src project.
#if DEBUG
        const string Configuration = "Debug";
#else
        const string Configuration = "Release";
#endif
        var items = string.Join(Environment.NewLine, projects.Select(p => $"    <P Include=\"{p}\" />"));
        var packProject = Path.Combine(_root, "pack.proj");
        File.WriteAllText(packProject, $"""
            <Project DefaultTargets="Pack">
              <ItemGroup>
            {items}
              </ItemGroup>
              <Target Name="Restore"><MSBuild Projects="@(P)" Targets="Restore" /></Target>
              <Target Name="Pack">
                <MSBuild Projects="@(P)" Targets="Pack" Properties="Configuration={Configuration};PackageOutputPath={output}{Path.DirectorySeparatorChar}" BuildInParallel="false" />
              </Target>
            </Project>
            """);

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _root,
        };
        foreach (var argument in new[] { "msbuild", packProject, "-restore", "-nologo", "-v:m", "-nodeReuse:false", "-p:UseSharedCompilation=false" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(PackTimeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"dotnet pack did not finish within {PackTimeout}:{Environment.NewLine}{log}");
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet pack failed with exit code {process.ExitCode}:{Environment.NewLine}{log}");
        }

        OutputFolder = output;
        Packages = Directory.GetFiles(output, "*.nupkg").Select(Package.Read).ToDictionary(p => p.Id, StringComparer.Ordinal);
    }

    /// <summary>The names of the src projects that were packed.</summary>
    public IReadOnlyList<string> SourceProjects { get; }

    /// <summary>Where the .nupkg and .snupkg files are.</summary>
    public string OutputFolder { get; }

    /// <summary>Every package, by id.</summary>
    public IReadOnlyDictionary<string, Package> Packages { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is not worth failing the run for.
        }
    }

    /// <summary>What a test reads from one .nupkg: its nuspec and the files it holds.</summary>
    public sealed record Package(string Id, string Version, string FileName, XElement Metadata, IReadOnlyDictionary<string, byte[]> Files)
    {
        public string? Element(string name) => Metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

        public IReadOnlyList<string> Dependencies => Metadata.Descendants()
            .Where(e => e.Name.LocalName == "dependency")
            .Select(e => (string)e.Attribute("id")!)
            .Order(StringComparer.Ordinal)
            .ToArray();

        public IReadOnlyList<string> Tags => (Element("tags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

        public static Package Read(string path)
        {
            using var zip = ZipFile.OpenRead(path);
            var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries)
            {
                using var stream = entry.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                files[entry.FullName] = copy.ToArray();
            }

            var nuspec = files.Single(f => !f.Key.Contains('/') && f.Key.EndsWith(".nuspec", StringComparison.Ordinal));
            var metadata = XDocument.Parse(Encoding.UTF8.GetString(nuspec.Value).TrimStart('\uFEFF')).Root!
                .Elements().Single(e => e.Name.LocalName == "metadata");
            string Get(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
            return new Package(Get("id"), Get("version"), Path.GetFileName(path), metadata, files);
        }
    }
}
