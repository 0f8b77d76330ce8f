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
        var types = CodeShape.WrittenTypes(typeof(ProjectSocketsClient).Assembly)
            .Where(type => type == typeof(ProjectSocketsClient) || !type.IsVisible)
            .ToArray();

        Assert.Contains(typeof(ProjectSocketsClient), types);
        Assert.Empty(CodeShape.Crowded(types, MaxFields));
    }

    [Fact]
    public void ClientSourceFiles_AreAtMost250LinesEach()
    {
        var source = RepositoryPaths.Source("ProjectSockets.Client");
        var files = CodeShape.SourceFiles(source);

        Assert.Contains(files, path => path.EndsWith("ProjectSocketsClient.cs", StringComparison.Ordinal));
        Assert.Empty(CodeShape.TooLong(source, files, MaxLines));
    }
}
