using System.Text;
using System.Text.Json;

namespace SocialCare.Channels.Twitter.Tests.Api;

/// <summary>Request bodies compared with the shared request fixtures, and answers read from the response fixtures.</summary>
public sealed class XRequestsTests
{
    [Fact]
    public void DirectMessage_TextOnly_MatchesTheFixture()
    {
        var fixture = Fixture("api-v2-dm-send-request.json");

        var body = XRequests.DirectMessage(fixture.GetProperty("text").GetString(), null);

        AssertJsonEqual(fixture, body);
    }

    [Fact]
    public void DirectMessage_WithMedia_MatchesTheFixture()
    {
        var fixture = Fixture("api-v2-dm-send-request-with-media.json");

        var body = XRequests.DirectMessage(fixture.GetProperty("text").GetString(), fixture.GetProperty("attachments")[0].GetProperty("media_id").GetString());

        AssertJsonEqual(fixture, body);
    }

    [Fact]
    public void DirectMessage_MediaOnly_HasNoText()
        => Assert.Equal("""{"attachments":[{"media_id":"42"}]}""", Encoding.UTF8.GetString(XRequests.DirectMessage(null, "42")));

    [Fact]
    public void Post_Reply_MatchesTheFixture_WithoutALeadingHandle()
    {
        var fixture = Fixture("api-v2-tweet-reply-request.json");
        var text = fixture.GetProperty("text").GetString()!;

        var body = XRequests.Post(text, fixture.GetProperty("reply").GetProperty("in_reply_to_tweet_id").GetString(), null);

        AssertJsonEqual(fixture, body);
        Assert.False(text.StartsWith('@'));
    }

    [Fact]
    public void Post_WithMedia_WritesMediaIds()
        => Assert.Equal(
            """{"text":"Fixed <now> & \"tested\" ✅","media":{"media_ids":["1","2"]}}""",
            Encoding.UTF8.GetString(XRequests.Post("Fixed <now> & \"tested\" ✅", null, ["1", "2"])));

    [Fact]
    public void TryReadDirectMessageAnswer_ReadsTheFixture()
    {
        Assert.True(XRequests.TryReadDirectMessageAnswer(XFixtures.Read("api-v2-dm-send-response.json"), out var eventId, out var conversationId));
        Assert.Equal("2110298397415297791", eventId);
        Assert.Equal("1278843152204431360-1402938475610284033", conversationId);
    }

    [Fact]
    public void TryReadPostAnswer_ReadsTheFixture()
    {
        Assert.True(XRequests.TryReadPostAnswer(XFixtures.Read("api-v2-tweet-create-response.json"), out var id));
        Assert.Equal("2110297574627676872", id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"data":[]}""")]
    [InlineData("""{"errors":[{"message":"partial"}]}""")]
    public void TryRead_UnexpectedAnswers_AreFalse(string body)
    {
        Assert.False(XRequests.TryReadPostAnswer(Encoding.UTF8.GetBytes(body), out _));
        Assert.False(XRequests.TryReadDirectMessageAnswer(Encoding.UTF8.GetBytes(body), out _, out _));
    }

    [Fact]
    public void TryReadTokenAnswer_ReadsTheRotatedPair()
    {
        var body = """{"token_type":"bearer","expires_in":7200,"access_token":"A2","scope":"tweet.read","refresh_token":"R2"}"""u8;

        Assert.True(XRequests.TryReadTokenAnswer(body, out var access, out var refresh, out var expires));
        Assert.Equal(("A2", "R2", 7200L), (access, refresh, expires));
    }

    private static JsonElement Fixture(string name) => JsonDocument.Parse(XFixtures.Read(name)).RootElement;

    private static void AssertJsonEqual(JsonElement expected, byte[] actual)
    {
        using var document = JsonDocument.Parse(actual);
        Assert.True(JsonElement.DeepEquals(expected, document.RootElement), Encoding.UTF8.GetString(actual));
    }
}
