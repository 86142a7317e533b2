using System.Text.RegularExpressions;
using SocialCare.Testing;

namespace SocialCare.Channels.Twitter.Tests.Api;

/// <summary>OAuth 1.0a signing (x.md §6) against the documented reference vector in <c>_signatures.json</c>.</summary>
public sealed partial class XOAuth1Tests
{
    private static readonly XOAuth1Credentials ReferenceCredentials = new(
        Vector("params", "oauth_consumer_key"),
        Vector("consumer_secret"),
        Vector("params", "oauth_token"),
        Vector("token_secret"));

    [Theory]
    [InlineData("https://api.x.com/1.1/statuses/update.json", "expected_signature")]
    [InlineData("https://api.twitter.com/1.1/statuses/update.json", "expected_signature_if_host_is_api.twitter.com")]
    public void Sign_ReferenceVector_GivesTheDocumentedSignature(string url, string expectedKey)
    {
        var uri = new Uri(url + "?include_entities=true");
        var parameters = new Dictionary<string, string>
        {
            ["status"] = Vector("params", "status"),
            ["oauth_consumer_key"] = Vector("params", "oauth_consumer_key"),
            ["oauth_nonce"] = Vector("params", "oauth_nonce"),
            ["oauth_signature_method"] = Vector("params", "oauth_signature_method"),
            ["oauth_timestamp"] = Vector("params", "oauth_timestamp"),
            ["oauth_token"] = Vector("params", "oauth_token"),
            ["oauth_version"] = Vector("params", "oauth_version"),
        };

        var baseString = XOAuth1.SignatureBaseString(Vector("method"), uri, parameters);
        var signature = XOAuth1.Sign(baseString, Vector("consumer_secret"), Vector("token_secret"));

        Assert.Equal(Vector(expectedKey), signature);
    }

    [Fact]
    public void SignatureBaseString_ReferenceVector_IsTheDocumentedOne()
    {
        var baseString = XOAuth1.SignatureBaseString(
            "post",
            new Uri("https://api.x.com/1.1/statuses/update.json?include_entities=true"),
            [
                new("status", "Hello Ladies + Gentlemen, a signed OAuth request!"),
                new("oauth_consumer_key", "xvz1evFS4wEEPTGEFPHBog"),
                new("oauth_nonce", "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg"),
                new("oauth_signature_method", "HMAC-SHA1"),
                new("oauth_timestamp", "1318622958"),
                new("oauth_token", "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb"),
                new("oauth_version", "1.0"),
            ]);

        Assert.Equal(
            "POST&https%3A%2F%2Fapi.x.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog"
            + "%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958"
            + "%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0"
            + "%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521",
            baseString);
    }

    [Fact]
    public void CreateHeaderParameters_ReferenceVector_HasTheDocumentedShape()
    {
        var header = XOAuth1.CreateHeaderParameters(
            "POST",
            new Uri("https://api.x.com/1.1/statuses/update.json?include_entities=true"),
            [new("status", "Hello Ladies + Gentlemen, a signed OAuth request!")],
            ReferenceCredentials,
            "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg",
            1318622958);

        Assert.Equal(
            "oauth_consumer_key=\"xvz1evFS4wEEPTGEFPHBog\", oauth_nonce=\"kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg\", "
            + "oauth_signature=\"Ls93hJiZbQ3akF3HF3x1Bz8%2FzU4%3D\", oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"1318622958\", "
            + "oauth_token=\"370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb\", oauth_version=\"1.0\"",
            header);
    }

    [Fact]
    public void CreateHeaderParameters_UsesTheClockAndAFreshRandomNonce()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_790_000_000));
        var uri = new Uri("https://api.x.com/2/tweets");

        var first = XOAuth1.CreateHeaderParameters("POST", uri, null, ReferenceCredentials, time);
        var second = XOAuth1.CreateHeaderParameters("POST", uri, null, ReferenceCredentials, time);

        Assert.Contains("oauth_timestamp=\"1790000000\"", first, StringComparison.Ordinal);
        var nonce1 = NonceRegex().Match(first).Groups[1].Value;
        var nonce2 = NonceRegex().Match(second).Groups[1].Value;
        Assert.Matches("^[0-9a-f]{32}$", nonce1);
        Assert.NotEqual(nonce1, nonce2);
        Assert.Matches(
            "^oauth_consumer_key=\"[^\"]+\", oauth_nonce=\"[^\"]+\", oauth_signature=\"[^\"]+\", oauth_signature_method=\"HMAC-SHA1\", oauth_timestamp=\"\\d+\", oauth_token=\"[^\"]+\", oauth_version=\"1.0\"$",
            first);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("AZaz09-._~", "AZaz09-._~")]
    [InlineData("Ladies + Gentlemen", "Ladies%20%2B%20Gentlemen")]
    [InlineData("a signed OAuth request!", "a%20signed%20OAuth%20request%21")]
    [InlineData("*'()", "%2A%27%28%29")]
    [InlineData("/?#[]@:&=$,;", "%2F%3F%23%5B%5D%40%3A%26%3D%24%2C%3B")]
    [InlineData("%", "%25")]
    [InlineData("é", "%C3%A9")]
    [InlineData("☃", "%E2%98%83")]
    [InlineData("😀", "%F0%9F%98%80")]
    [InlineData("\n", "%0A")]
    public void PercentEncode_FollowsRfc3986WithUppercaseHexAndUtf8(string value, string expected)
        => Assert.Equal(expected, XOAuth1.PercentEncode(value));

    [Theory]
    [InlineData("https://API.X.COM/2/tweets", "https://api.x.com/2/tweets")]
    [InlineData("HTTPS://api.x.com:443/2/tweets?x=1#f", "https://api.x.com/2/tweets")]
    [InlineData("http://api.x.com:80/2/tweets", "http://api.x.com/2/tweets")]
    [InlineData("https://emulator.test:8443/2/tweets", "https://emulator.test:8443/2/tweets")]
    [InlineData("https://api.x.com/2/dm_conversations/with/123/messages", "https://api.x.com/2/dm_conversations/with/123/messages")]
    public void BaseUrl_LowercasesSchemeAndHost_DropsDefaultPortQueryAndFragment(string url, string expected)
        => Assert.Equal(expected, XOAuth1.BaseUrl(new Uri(url)));

    [Fact]
    public void SignatureBaseString_SortsByNameThenValue_AndDecodesTheQuery()
    {
        var baseString = XOAuth1.SignatureBaseString(
            "GET",
            new Uri("https://api.x.com/2/tweets/search/recent?query=%40NimbusCare%20-is%3Aretweet&a=2&a=1&b=x+y"),
            []);

        Assert.Equal(
            "GET&https%3A%2F%2Fapi.x.com%2F2%2Ftweets%2Fsearch%2Frecent&"
            + XOAuth1.PercentEncode("a=1&a=2&b=x%20y&query=%40NimbusCare%20-is%3Aretweet"),
            baseString);
    }

    [Fact]
    public void Credentials_ToString_HidesTheSecrets()
    {
        var text = ReferenceCredentials.ToString();

        Assert.DoesNotContain(ReferenceCredentials.ConsumerSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(ReferenceCredentials.TokenSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(ReferenceCredentials.Token, text, StringComparison.Ordinal);
    }

    private static string Vector(params string[] path)
    {
        var element = XFixtures.Signatures.GetProperty("oauth1_reference_vector");
        foreach (var name in path)
        {
            element = element.GetProperty(name);
        }

        return element.GetString()!;
    }

    [GeneratedRegex("oauth_nonce=\"([^\"]+)\"")]
    private static partial Regex NonceRegex();
}
