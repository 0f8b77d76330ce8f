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
        var types = CodeShape.WrittenTypes(typeof(WebSocketManager).Assembly)
            .Where(type => !type.IsVisible)
            .ToArray();

        Assert.Contains(typeof(WebSocketManager), types);
        Assert.Contains(typeof(ConnectionState), types);
        Assert.Empty(CodeShape.Crowded(types, MaxFields));
    }

    [Fact]
    public void CoreSourceFiles_AreAtMost250LinesEach_AndNoneIsInAHostingFolder()
    {
        var source = RepositoryPaths.Source("ProjectSockets");
        var files = CodeShape.SourceFiles(source);

        Assert.Contains(files, path => path.EndsWith("WebSocketManager.cs", StringComparison.Ordinal));
        Assert.Empty(CodeShape.TooLong(source, files, MaxLines));
        Assert.DoesNotContain(files, path => path.Split(Path.DirectorySeparatorChar).Contains("Hosting"));
    }
}
