using System.Buffers.Text;

namespace ProjectSockets.Tests.Connections;

public sealed class ConnectionIdsTests
{
    private const int Count = 10_000;

    [Fact]
    public void Create_TenThousandTimes_GivesDistinct22CharacterBase64UrlIdsOf128Bits()
    {
        var ids = Enumerable.Range(0, Count).Select(_ => ConnectionIds.Create()).ToList();

        Assert.Equal(Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id =>
        {
            Assert.Equal(22, id.Length);
            Assert.Matches("^[A-Za-z0-9_-]{22}$", id);
            Assert.Equal(16, Base64Url.DecodeFromChars(id).Length);
        });
    }

    [Fact]
    public void Create_SetsEveryBitAboutHalfTheTime()
    {
        // Counter- or time-based ids would leave most bits fixed; 20 standard deviations of slack: never flaky.
        var ones = new int[128];
        for (var i = 0; i < Count; i++)
        {
            var bytes = Base64Url.DecodeFromChars(ConnectionIds.Create());
            for (var bit = 0; bit < 128; bit++)
            {
                ones[bit] += (bytes[bit / 8] >> (bit % 8)) & 1;
            }
        }

        Assert.All(ones, count => Assert.InRange(count, Count * 4 / 10, Count * 6 / 10));
    }
}
