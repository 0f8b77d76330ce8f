using System.Globalization;

namespace ProjectSockets.Tests.Testing;

/// <summary>
/// How long the fuzz tests run and from which seed. CI runs a few thousand cases; a longer run is one variable away:
/// <c>PROJECTSOCKETS_FUZZ_ITERATIONS=1000000 dotnet test tests/ProjectSockets.Tests --filter Fuzz</c>, and a failure
/// is replayed with <c>PROJECTSOCKETS_FUZZ_SEED</c> set to the seed its message prints.
/// </summary>
internal static class FuzzSettings
{
    public const string IterationsVariable = "PROJECTSOCKETS_FUZZ_ITERATIONS";
    public const string SeedVariable = "PROJECTSOCKETS_FUZZ_SEED";

    /// <summary>Gets the number of cases, or <paramref name="defaultIterations"/> when the variable is not set.</summary>
    public static int Iterations(int defaultIterations)
        => int.TryParse(Environment.GetEnvironmentVariable(IterationsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : defaultIterations;

    /// <summary>Gets the seed from the variable, or a fresh one: every CI run explores new inputs, and prints its seed on failure.</summary>
    public static int Seed()
        => int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : Random.Shared.Next();

    /// <summary>The message a failing case fails with: enough to replay it.</summary>
    public static string Describe(int seed, int iteration, byte[] input, Exception failure)
        => $"Fuzz case failed; replay with {SeedVariable}={seed.ToString(CultureInfo.InvariantCulture)} (iteration {iteration.ToString(CultureInfo.InvariantCulture)}). "
            + $"Input ({input.Length.ToString(CultureInfo.InvariantCulture)} bytes, base64): {Convert.ToBase64String(input.AsSpan(0, Math.Min(input.Length, 2048)))}{Environment.NewLine}{failure}";
}
