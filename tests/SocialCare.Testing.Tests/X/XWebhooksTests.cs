using System.Text;
using System.Text.Json;

namespace SocialCare.Testing.Tests.X;

/// <summary>The AAA webhook builders and X's webhook signature (x.md §1.3, §2, §4).</summary>
public sealed class XWebhooksTests
{
    private const string Brand = "1278843152204431360";
    private const string Customer = "1402938475610284033";
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeMilliseconds(1791969242733);

    [Fact]
    public void Sign_MatchesXsPublishedVectors()
    {
        Assert.Equal("sha256=YWHphPn/JFq43jkF0y4/w8R/SelmLjvpunhVFY8JhlI=", XWebhooks.Sign("""{"test_number":1,"test_string":"two"}"""u8.ToArray(), "test"));
        Assert.Equal("sha256=25Cu3iwbbiqBTwQRzcKJZwisjf736V2Q8UaTlkfLSoc=", XWebhooks.Sign("test=1&other_test=2"u8.ToArray(), "test"));
    }

    [Theory]
    [InlineData("foo", "test", "sha256=HlU5y5rWhNi1SHftUCyOxuT6JRuDqeVBKWp1yvldR04=")]
    [InlineData("challenge_string", "kP3xV9qLm2TzR8wN4sYb7JcH1dF6gA0eU5iO2rE9tQw", "sha256=C2pIe2fvsjIKEScMKRf2hzqAyu+XDf4vt811Tpx+roI=")]
    [InlineData("crc-token-with-üñíçødé", "kP3xV9qLm2TzR8wN4sYb7JcH1dF6gA0eU5iO2rE9tQw", "sha256=JgbyeXKuO3fVEBWceN/170rJQMXBnw918QZlHPK/Eyg=")]
    public void CrcResponseToken_MatchesTheVectors(string token, string secret, string expected)
        => Assert.Equal(expected, XWebhooks.CrcResponseToken(token, secret));

    [Fact]
    public void DirectMessage_HasTheAaaShape_WithEscapedText()
    {
        var body = XWebhooks.DirectMessage(Brand, "2110298073131778308", Customer, Brand, "Line's dead <again> & no ETA", At, "Priya Raman", "priya_r_travels");

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Assert.Equal(Brand, root.GetProperty("for_user_id").GetString());
        var dm = Assert.Single(root.GetProperty("direct_message_events").EnumerateArray());
        Assert.Equal(("message_create", "2110298073131778308", "1791969242733"), (dm.GetProperty("type").GetString(), dm.GetProperty("id").GetString(), dm.GetProperty("created_timestamp").GetString()));
        var create = dm.GetProperty("message_create");
        Assert.Equal((Brand, Customer), (create.GetProperty("target").GetProperty("recipient_id").GetString(), create.GetProperty("sender_id").GetString()));
        Assert.Equal("Line's dead &lt;again&gt; &amp; no ETA", create.GetProperty("message_data").GetProperty("text").GetString());
        Assert.Equal(0, create.GetProperty("message_data").GetProperty("entities").GetProperty("urls").GetArrayLength());
        var user = root.GetProperty("users").GetProperty(Customer);
        Assert.Equal(("Priya Raman", "priya_r_travels", Customer), (user.GetProperty("name").GetString(), user.GetProperty("screen_name").GetString(), user.GetProperty("id").GetString()));
        Assert.DoesNotContain(" ", Encoding.UTF8.GetString(body).Replace("Priya Raman", string.Empty, StringComparison.Ordinal).Replace("Line's dead &lt;again&gt; &amp; no ETA", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Mention_HasTheAaaShape_WithTheBrandMentionInCodePoints()
    {
        var body = XWebhooks.Mention(Brand, "2110295848522037206", Customer, "priya_r_travels", "😩 @NimbusCare fibre down & @someone else too", At, forScreenName: "NimbusCare", authorName: "Priya Raman");

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Assert.Equal((Brand, "false"), (root.GetProperty("for_user_id").GetString(), root.GetProperty("user_has_blocked").GetString()));
        var post = Assert.Single(root.GetProperty("tweet_create_events").EnumerateArray());
        Assert.Equal("2110295848522037206", post.GetProperty("id_str").GetString());
        Assert.Equal(2110295848522037206UL, post.GetProperty("id").GetUInt64());
        Assert.Equal("Wed Oct 14 09:14:02 +0000 2026", post.GetProperty("created_at").GetString());
        Assert.Equal("😩 @NimbusCare fibre down &amp; @someone else too", post.GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, post.GetProperty("in_reply_to_status_id_str").ValueKind);
        Assert.Equal((Customer, "priya_r_travels", "Priya Raman"), (post.GetProperty("user").GetProperty("id_str").GetString(), post.GetProperty("user").GetProperty("screen_name").GetString(), post.GetProperty("user").GetProperty("name").GetString()));
        var mention = Assert.Single(post.GetProperty("entities").GetProperty("user_mentions").EnumerateArray());
        Assert.Equal(("NimbusCare", Brand), (mention.GetProperty("screen_name").GetString(), mention.GetProperty("id_str").GetString()));
        Assert.Equal([2, 13], mention.GetProperty("indices").EnumerateArray().Select(i => i.GetInt32()));
        Assert.Equal("1791969242733", post.GetProperty("timestamp_ms").GetString());
    }

    [Fact]
    public void Mention_AsAReply_NamesTheBrandPost_AndTakesTheFirstMentionForTheBrand()
    {
        var body = XWebhooks.Mention(Brand, "2110296467915445367", "95838211", "mbellini", "@NimbusCare Same here", At, inReplyToPostId: "2110294207570526412");

        using var document = JsonDocument.Parse(body);
        var post = document.RootElement.GetProperty("tweet_create_events")[0];
        Assert.Equal(("2110294207570526412", Brand, "NimbusCare"), (post.GetProperty("in_reply_to_status_id_str").GetString(), post.GetProperty("in_reply_to_user_id_str").GetString(), post.GetProperty("in_reply_to_screen_name").GetString()));
        Assert.Equal(Brand, post.GetProperty("entities").GetProperty("user_mentions")[0].GetProperty("id_str").GetString());
        Assert.Equal("mbellini", post.GetProperty("user").GetProperty("name").GetString());
    }

    [Fact]
    public void Builders_SignedBodies_VerifyWithTheSameSecret()
    {
        var body = XWebhooks.Mention(Brand, "1", "2", "a", "@NimbusCare hi", At);

        var signature = XWebhooks.Sign(body, "secret");
        body[^2] ^= 1;

        Assert.NotEqual(signature, XWebhooks.Sign(body, "secret"));
        Assert.NotEqual(signature, XWebhooks.Sign(XWebhooks.Mention(Brand, "1", "2", "a", "@NimbusCare hi", At), "other"));
        Assert.Equal(signature, XWebhooks.Sign(XWebhooks.Mention(Brand, "1", "2", "a", "@NimbusCare hi", At), "secret"));
    }

    [Fact]
    public void Builders_RejectMissingIds()
    {
        Assert.Throws<ArgumentException>(() => XWebhooks.DirectMessage("", "1", "2", "3", "t", At, "n", "s"));
        Assert.Throws<ArgumentException>(() => XWebhooks.Mention(Brand, "1", "2", "a", "", At));
        Assert.Throws<ArgumentNullException>(() => XWebhooks.Sign(null!, "s"));
    }
}
