using BenchmarkDotNet.Running;

namespace ProjectSockets.Benchmarks;

/// <summary>Runs the benchmarks: <c>dotnet run -c Release -- --filter '*'</c> (add <c>--job short</c> for a quick pass).</summary>
public static class Program
{
    /// <summary>Hands the command line to BenchmarkDotNet's switcher.</summary>
    /// <param name="args">BenchmarkDotNet arguments, for example <c>--filter *Broadcast*</c>.</param>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
