using System.Diagnostics;

namespace ProjectSockets.Tests.Packaging;

/// <summary>
/// The build settings a release relies on, read from MSBuild's evaluation of a src project (no build): deterministic
/// output always, and in CI (<c>CI=true</c>) a ContinuousIntegrationBuild, whose pdbs carry no build-machine paths.
/// </summary>
public sealed class BuildPropertiesTests
{
    private static readonly TimeSpan EvaluationTimeout = TimeSpan.FromMinutes(2);

    [Theory]
    [InlineData("true", "true")]
    [InlineData("", "")]
    public void Src_projects_are_deterministic_and_a_continuous_integration_build_under_CI(string ci, string expected)
    {
        var properties = Evaluate("src/ProjectSockets.Client/ProjectSockets.Client.csproj", ci, "Deterministic", "ContinuousIntegrationBuild", "EnablePackageValidation", "SymbolPackageFormat", "PackageReadmeFile");

        Assert.Equal("true", properties["Deterministic"]);
        Assert.Equal(expected, properties["ContinuousIntegrationBuild"]);
        Assert.Equal("true", properties["EnablePackageValidation"]);
        Assert.Equal("snupkg", properties["SymbolPackageFormat"]);
        Assert.Equal("README.md", properties["PackageReadmeFile"]);
    }

    [Theory]
    [InlineData("ProjectSockets.Protocol")]
    [InlineData("ProjectSockets")]
    [InlineData("ProjectSockets.AspNetCore")]
    [InlineData("ProjectSockets.HttpListener")]
    [InlineData("ProjectSockets.Client")]
    [InlineData("ProjectSockets.StackExchangeRedis")]
    public void Every_package_is_aot_compatible_and_its_trim_warnings_are_errors(string package)
    {
        var properties = Evaluate($"src/{package}/{package}.csproj", "", "IsAotCompatible", "IsTrimmable", "EnableTrimAnalyzer", "EnableAotAnalyzer", "TreatWarningsAsErrors");

        Assert.Equal("true", properties["IsAotCompatible"]);
        Assert.Equal("true", properties["IsTrimmable"]);
        Assert.Equal("true", properties["EnableTrimAnalyzer"]);
        Assert.Equal("true", properties["EnableAotAnalyzer"]);
        Assert.Equal("true", properties["TreatWarningsAsErrors"]);
    }

    private static Dictionary<string, string> Evaluate(string project, string ci, params string[] names)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        start.Environment["CI"] = ci;
        foreach (var argument in new[] { "msbuild", project, "-nologo", "-nodeReuse:false", $"-getProperty:{string.Join(',', names)}" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(EvaluationTimeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"msbuild did not finish within {EvaluationTimeout}.");
        }

        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"msbuild failed: {output.Result}{error.Result}");
        using var json = System.Text.Json.JsonDocument.Parse(output.Result);
        return json.RootElement.GetProperty("Properties").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
    }
}
