namespace SocialCare.Abstractions.Tests.Identifiers;

public class IdentifierTests
{
    [Theory]
    [InlineData("facebook")]
    [InlineData("x")]
    [InlineData("web-chat_2")]
    public void ChannelId_ValidName_IsAccepted(string name) => Assert.Equal(name, new ChannelId(name).Value);

    [Theory]
    [InlineData("")]
    [InlineData("Facebook")]
    [InlineData("2chat")]
    [InlineData("web chat")]
    [InlineData("web/chat")]
    [InlineData("chat.")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void ChannelId_InvalidName_Throws(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => new ChannelId(name));

        Assert.Contains("lower-case", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ChannelId_BuiltIns_HaveTheirWebhookNames()
    {
        Assert.Equal("facebook", ChannelId.Facebook.Value);
        Assert.Equal("whatsapp", ChannelId.WhatsApp.Value);
        Assert.Equal("x", ChannelId.X.Value);
        Assert.Equal(ChannelId.Facebook, new ChannelId("facebook"));
    }

    [Fact]
    public void Identifiers_Empty_Throw()
    {
        Assert.Throws<ArgumentException>(() => new TicketId(" "));
        Assert.Throws<ArgumentNullException>(() => new MessageId(null!));
        Assert.Throws<ArgumentException>(() => new NetworkUserId(string.Empty));
    }

    [Fact]
    public void Identifiers_Default_HaveEmptyValueNotNull()
    {
        Assert.Equal(string.Empty, default(TicketId).Value);
        Assert.Equal(string.Empty, default(ChannelId).ToString());
    }

    [Fact]
    public void New_SameInstant_GivesDistinctIdsOrderedByTime()
    {
        var at = new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 1000).Select(_ => TicketId.New(at).Value).ToHashSet();
        var later = TicketId.New(at.AddMilliseconds(1)).Value;

        Assert.Equal(1000, ids.Count);
        Assert.All(ids, id => Assert.True(string.CompareOrdinal(id, later) < 0));
    }

    [Fact]
    public void ConversationRef_PrivateWith_KeysThreadByUser()
    {
        var conversation = ConversationRef.PrivateWith(Samples.Giulia);

        Assert.Equal(new ThreadId("7712345678901234"), conversation.Thread);
        Assert.Equal(ConversationVisibility.Private, conversation.Visibility);
        Assert.Equal(conversation, ConversationRef.PrivateWith(Samples.Giulia with { DisplayName = "Other name" }));
    }
}
