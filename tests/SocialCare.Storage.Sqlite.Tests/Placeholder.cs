namespace SocialCare.Storage.Sqlite.Tests;

public sealed class PlaceholderTests
{
    [Fact]
    public void Builds() => Assert.True(true);
}
