using System.Reflection;

namespace ProjectSockets.Client.Tests;

/// <summary>The client library depends on the shared protocol package only, never on the server core.</summary>
public sealed class ClientAssemblyReferenceTests
{
    private static readonly Assembly s_client = typeof(ProjectSocketsClient).Assembly;

    [Fact]
    public void ClientAssembly_DoesNotReferenceTheServerCore()
    {
        var referenced = s_client.GetReferencedAssemblies().Select(name => name.Name).ToArray();

        Assert.DoesNotContain("ProjectSockets", referenced);
    }

    [Fact]
    public void ClientAssembly_ReferencesNoProjectSocketsAssemblyButTheProtocol()
    {
        var ours = s_client.GetReferencedAssemblies()
            .Select(name => name.Name!)
            .Where(name => name == "ProjectSockets" || name.StartsWith("ProjectSockets.", StringComparison.Ordinal))
            .ToArray();

        Assert.Equal(["ProjectSockets.Protocol"], ours);
    }

    [Theory]
    [InlineData(typeof(EventFilter))]
    [InlineData(typeof(ProtocolNames))]
    [InlineData(typeof(ProtocolCloseCodes))]
    [InlineData(typeof(ProtocolErrorCodes))]
    [InlineData(typeof(SubscriptionPosition))]
    public void SharedWireType_LivesInTheProtocolAssemblyUnderTheOldNamespace(Type type)
    {
        Assert.Equal("ProjectSockets.Protocol", type.Assembly.GetName().Name);
        Assert.Equal("ProjectSockets", type.Namespace);
    }
}
