using System.Text;
using System.Text.Json;

namespace SocialCare.Channels.Twitter.Tests.Wire;

public class XTextTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a &amp; b", "a & b")]
    [InlineData("&lt;3 &gt;", "<3 >")]
    [InlineData("&amp;lt;", "&lt;")]
    [InlineData("&amp;amp;", "&amp;")]
    [InlineData("&quot;hi&quot; &#39;there&#39; &apos;", "\"hi\" 'there' '")]
    [InlineData("&#x1F600; &#128512;", "😀 😀")]
    [InlineData("&copy; &unknown; & &; &#; &#x; &#0; &#xD800; &#99999999;", "&copy; &unknown; & &; &#; &#x; &#0; &#xD800; &#99999999;")]
    [InlineData("ends with &", "ends with &")]
    [InlineData("&amp", "&amp")]
    [InlineData("x&nbsp;y", "x\u00A0y")]
    public void HtmlDecode_DecodesOnce(string input, string expected)
    {
        Assert.Equal(expected, XText.HtmlDecode(input));
    }

    [Fact]
    public void HtmlDecode_NothingToDecode_ReturnsTheSameInstance()
    {
        var text = "no entities here";

        Assert.Same(text, XText.HtmlDecode(text));
    }

    [Theory]
    [InlineData("@NimbusCare hello", 12, 17, "hello")]
    [InlineData("@NimbusCare hello", 0, 11, "@NimbusCare")]
    [InlineData("@NimbusCare hello", 12, 500, "hello")]
    [InlineData("@NimbusCare hello", 40, 50, "")]
    [InlineData("@a 😩😩 fine 👍 https://t.co/x", 3, 12, "😩😩 fine 👍")]
    [InlineData("😩@a b", 4, 5, "b")]
    [InlineData("😩😩", 2, 2, "")]
    [InlineData("😩😩", 1, 2, "😩")]
    [InlineData("e\u0301 ok", 3, 5, "ok")]
    [InlineData("😩 ok", -4, 1, "😩")]
    [InlineData("plain", -4, 2, "pl")]
    public void SliceCodePoints_CountsCodePoints(string text, int start, int end, string expected)
    {
        Assert.Equal(expected, XText.SliceCodePoints(text, start, end));
    }

    [Fact]
    public void SliceCodePoints_WholeText_ReturnsTheSameInstance()
    {
        var text = "whole 😩 text";

        Assert.Same(text, XText.SliceCodePoints(text, 0, 12));
        Assert.Same(text, XText.SliceCodePoints(text, 0, 1000));
    }

    [Fact]
    public void SliceCodePoints_LoneSurrogate_CountsAsOne()
    {
        var text = "\uD83D x";

        Assert.Equal("x", XText.SliceCodePoints(text, 2, 3));
    }

    [Theory]
    [InlineData("look https://t.co/abc", "https://t.co/abc", "look")]
    [InlineData("https://t.co/abc", "https://t.co/abc", "")]
    [InlineData("look", "https://t.co/abc", "look")]
    [InlineData("look ", null, "look ")]
    public void RemoveLink_RemovesTheLinkAndTheSpaceItLeaves(string text, string? link, string expected)
    {
        Assert.Equal(expected, XText.RemoveLink(text, link));
    }
}

public class XJsonTests
{
    [Theory]
    [InlineData("Wed Oct 14 09:05:12 +0000 2026", "2026-10-14T09:05:12+00:00")]
    [InlineData("Fri Jul 03 00:09:01 +0000 2020", "2020-07-03T00:09:01+00:00")]
    [InlineData("Wed Oct 14 10:05:12 +0100 2026", "2026-10-14T09:05:12+00:00")]
    [InlineData("2026-07-24T21:05:48.000Z", "2026-07-24T21:05:48+00:00")]
    [InlineData("2026-10-15T08:02:41+00:00", "2026-10-15T08:02:41+00:00")]
    [InlineData("2026-10-15T10:02:41+02:00", "2026-10-15T08:02:41+00:00")]
    public void ParseTime_AcceptsTwitterAndIsoForms(string text, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), XJson.ParseTime(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("Wed Oct 14 09:05:12 +0000")]
    [InlineData("Wed Oct 14 09:05:12 UTC 2026")]
    [InlineData("Xyz Oct 14 09:05:12 +0000 2026")]
    [InlineData("2026-13-45T99:00:00Z")]
    public void ParseTime_Garbage_IsNull(string? text)
    {
        Assert.Null(XJson.ParseTime(text));
    }

    [Fact]
    public void FromSnowflake_FixtureIds_MatchTheirTimestamps()
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1791968712345), XJson.FromSnowflake("2110295848522037206"));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1791969242733), XJson.FromSnowflake("2110298073131778308"));
        Assert.Null(XJson.FromSnowflake("12345"));
        Assert.Null(XJson.FromSnowflake("not a number"));
        Assert.Null(XJson.FromSnowflake(null));
    }

    [Theory]
    [InlineData("1791968712345", 1791968712345L)]
    [InlineData("1791968712", 1791968712000L)]
    public void FromUnixMilliseconds_TakesSmallValuesAsSeconds(string value, long expectedMs)
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(expectedMs), XJson.FromUnixMilliseconds(long.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void FromUnixMilliseconds_OutOfRange_IsNull()
    {
        Assert.Null(XJson.FromUnixMilliseconds(0));
        Assert.Null(XJson.FromUnixMilliseconds(-5));
        Assert.Null(XJson.FromUnixMilliseconds(long.MaxValue));
        Assert.Null(XJson.FromUnixMilliseconds(null));
    }

    [Theory]
    [InlineData("\"1278843152204431360\"", "1278843152204431360")]
    [InlineData("3311479021", "3311479021")]
    [InlineData("1278843152204431400", null)]
    [InlineData("-1", null)]
    [InlineData("1.5", null)]
    [InlineData("null", null)]
    [InlineData("{\"a\": 1}", null)]
    public void ReadId_TrustsStringsAndExactNumbersOnly(string json, string? expected)
    {
        var reader = Reader(json);

        Assert.Equal(expected, XJson.ReadId(ref reader));
        Assert.False(reader.Read());
    }

    [Theory]
    [InlineData("\"1791969242733\"", 1791969242733L)]
    [InlineData("1791969150402", 1791969150402L)]
    [InlineData("1.791969150402E12", 1791969150402L)]
    [InlineData("\"12a\"", null)]
    [InlineData("\"\\u0031\\u0032\"", 12L)]
    [InlineData("[1]", null)]
    public void ReadInt64_AcceptsNumbersAndDigitStrings(string json, long? expected)
    {
        var reader = Reader(json);

        Assert.Equal(expected, XJson.ReadInt64(ref reader));
        Assert.False(reader.Read());
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("\"true\"", true)]
    [InlineData("\"false\"", false)]
    [InlineData("false", false)]
    [InlineData("1", false)]
    [InlineData("{\"true\": true}", false)]
    public void ReadBoolean_AcceptsBooleansAndStrings(string json, bool expected)
    {
        var reader = Reader(json);

        Assert.Equal(expected, XJson.ReadBoolean(ref reader));
        Assert.False(reader.Read());
    }

    [Theory]
    [InlineData("[12, 106]", 12, 106)]
    [InlineData("[0, 0]", 0, 0)]
    public void ReadRange_ReadsTwoNumbers(string json, int start, int end)
    {
        var reader = Reader(json);

        Assert.Equal((start, end), XJson.ReadRange(ref reader));
        Assert.False(reader.Read());
    }

    [Theory]
    [InlineData("[12]")]
    [InlineData("[12, 10]")]
    [InlineData("[-1, 10]")]
    [InlineData("[1, 2, 3]")]
    [InlineData("[\"1\", 2]")]
    [InlineData("{\"a\": [1, 2]}")]
    [InlineData("null")]
    public void ReadRange_Malformed_IsNull(string json)
    {
        var reader = Reader(json);

        Assert.Null(XJson.ReadRange(ref reader));
        Assert.False(reader.Read());
    }

    private static Utf8JsonReader Reader(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return reader;
    }
}
