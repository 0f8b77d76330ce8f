using System.Security.Claims;

namespace ProjectSockets.Tests.Users;

public sealed class ClaimsUserIdProviderTests
{
    [Fact]
    public void GetUserId_ReadsTheNameIdentifierFirst()
    {
        var request = Request(new Claim("sub", "subject-1"), new Claim(ClaimTypes.NameIdentifier, "user-1"));

        Assert.Equal("user-1", new ClaimsUserIdProvider().GetUserId(request));
    }

    [Fact]
    public void GetUserId_WithoutNameIdentifier_ReadsSub()
    {
        var request = Request(new Claim(ClaimTypes.Name, "Alice"), new Claim("sub", "subject-1"));

        Assert.Equal("subject-1", new ClaimsUserIdProvider().GetUserId(request));
    }

    [Fact]
    public void GetUserId_ForAnAnonymousRequest_IsNull()
        => Assert.Null(new ClaimsUserIdProvider().GetUserId(new ConnectionRequest()));

    [Fact]
    public void GetUserId_WithAnEmptyIdentifier_IsNull()
        => Assert.Null(new ClaimsUserIdProvider().GetUserId(Request(new Claim(ClaimTypes.NameIdentifier, ""))));

    [Fact]
    public void GetUserId_WithoutRequest_Throws()
        => Assert.Throws<ArgumentNullException>(() => new ClaimsUserIdProvider().GetUserId(null!));

    internal static ConnectionRequest Request(params Claim[] claims)
        => new() { User = new ClaimsPrincipal(new ClaimsIdentity(claims, "Test")) };
}
