using System.Text;

namespace ProjectSockets.Tests.Packaging;

/// <summary>
/// What a consumer gets from <c>dotnet pack</c>: the package set, what each package pulls in, and the metadata a
/// package page shows (its own README, a description, tags that fit), with symbols beside each package.
/// </summary>
public sealed class PackagesTests(PackedPackages packed) : IClassFixture<PackedPackages>
{
    private static readonly string[] ExpectedIds =
    [
        "ProjectSockets",
        "ProjectSockets.AspNetCore",
        "ProjectSockets.Client",
        "ProjectSockets.HttpListener",
        "ProjectSockets.Protocol",
        "ProjectSockets.StackExchangeRedis",
    ];

    public static TheoryData<string> Ids => new(ExpectedIds);

    [Fact]
    public void Every_src_project_becomes_one_package_of_the_expected_set()
    {
        Assert.Equal(ExpectedIds, packed.SourceProjects);
        Assert.Equal(ExpectedIds, packed.Packages.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_package_ships_its_own_readme_a_description_and_symbols(string id)
    {
        var package = packed.Packages[id];

        Assert.Equal("README.md", package.Element("readme"));
        var readme = Encoding.UTF8.GetString(package.Files["README.md"]);
        Assert.StartsWith($"# {id}\n", readme.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains($"dotnet add package {id}", readme, StringComparison.Ordinal);
        // Relative links break on a package page.
        Assert.DoesNotContain("](docs/", readme, StringComparison.Ordinal);
        Assert.DoesNotContain("](../", readme, StringComparison.Ordinal);

        Assert.False(string.IsNullOrWhiteSpace(package.Element("description")));
        Assert.Contains("MIT", package.Element("license"), StringComparison.Ordinal);
        Assert.Contains("websocket", package.Tags);
        var symbols = Path.Combine(packed.OutputFolder, $"{id}.{package.Version}.snupkg");
        Assert.True(File.Exists(symbols), $"{id} has no .snupkg beside it.");
        using (var snupkg = System.IO.Compression.ZipFile.OpenRead(symbols))
        {
            Assert.Contains(snupkg.Entries, e => e.FullName == $"lib/net10.0/{id}.pdb");
        }

        Assert.Contains($"lib/net10.0/{id}.xml", package.Files.Keys);
    }

    [Fact]
    public void Only_server_adapters_are_tagged_aspnetcore()
    {
        Assert.Equal(["ProjectSockets.AspNetCore"], packed.Packages.Values.Where(p => p.Tags.Contains("aspnetcore")).Select(p => p.Id));
        Assert.Contains("client", packed.Packages["ProjectSockets.Client"].Tags);
    }

    [Fact]
    public void The_client_pulls_only_the_protocol_and_extensions_abstractions()
    {
        var dependencies = packed.Packages["ProjectSockets.Client"].Dependencies;

        Assert.Equal(
            [
                "Microsoft.Extensions.DependencyInjection.Abstractions",
                "Microsoft.Extensions.Logging.Abstractions",
                "Microsoft.Extensions.Options",
                "ProjectSockets.Protocol",
            ],
            dependencies);
    }

    [Fact]
    public void The_protocol_has_no_dependencies()
    {
        Assert.Empty(packed.Packages["ProjectSockets.Protocol"].Dependencies);
    }

    [Fact]
    public void The_core_pulls_only_the_protocol_and_extensions_abstractions()
    {
        var dependencies = packed.Packages["ProjectSockets"].Dependencies;

        // Health checks are the one exception: registering a check (IHealthChecksBuilder) is not in the abstractions.
        // The package holds the health-check service only; hosts have it already (ASP.NET Core's shared framework).
        Assert.Contains("ProjectSockets.Protocol", dependencies);
        Assert.Contains("Microsoft.Extensions.Diagnostics.HealthChecks", dependencies);
        Assert.All(dependencies.Where(d => d is not ("ProjectSockets.Protocol" or "Microsoft.Extensions.Diagnostics.HealthChecks")), d => Assert.True(
            d.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) && (d.EndsWith(".Abstractions", StringComparison.Ordinal) || d.StartsWith("Microsoft.Extensions.Options", StringComparison.Ordinal)),
            $"The core depends on {d}."));
    }

    [Fact]
    public void The_httplistener_host_pulls_the_core_and_only_abstractions()
    {
        var dependencies = packed.Packages["ProjectSockets.HttpListener"].Dependencies;

        // Abstractions only: BuildHttpListenerHost takes the application's container builder, so the package pulls
        // no DI container and no ASP.NET Core.
        Assert.Equal(
            [
                "Microsoft.Extensions.DependencyInjection.Abstractions",
                "Microsoft.Extensions.Hosting.Abstractions",
                "ProjectSockets",
            ],
            dependencies);
    }

    [Fact]
    public void The_aspnetcore_adapter_pulls_the_core_and_uses_the_shared_framework()
    {
        var package = packed.Packages["ProjectSockets.AspNetCore"];

        Assert.Equal(["ProjectSockets"], package.Dependencies);
        Assert.Contains(
            package.Metadata.Descendants().Where(e => e.Name.LocalName == "frameworkReference"),
            e => (string?)e.Attribute("name") == "Microsoft.AspNetCore.App");
    }
}
