namespace SocialCare.Channels.Twitter.Tests;

/// <summary>X's weighted post length (x.md §5.4), with cases from twitter-text's conformance suite (validate.yml, v3 config).</summary>
public sealed class XPostLengthTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("I am a Tweet", 12)]
    [InlineData("Hi http://test.co", 26)]
    [InlineData("http://test.co", 23)]
    [InlineData("ÁB", 2)]
    [InlineData("H🐱☺👨‍👩‍👧‍👦", 7)]
    [InlineData("😷👾😡🔥💩", 10)]
    [InlineData("🙋🏽👨‍🎤", 4)]
    [InlineData("Unicode 10.0 emoji: 🤪; 🧕; 🧕🏾; 🏴󠁧󠁢󠁥󠁮󠁧󠁿", 34)]
    [InlineData("Unicode 9.0 emoji: 🤠; 💃; 💃🏾", 29)]
    [InlineData("ABC\u202A\uFFFFABC\uFFFE", 12)]
    [InlineData("This is a tweet with general punctuation characters: \u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u200B ‐ ‑ ‒ – — ― ‖  ‗ ‘ ’ ‚ ‛ “ ” „ ‟ ′ ″ ‴ ‵ ‶ ‷", 110)]
    [InlineData("randomurlrandomurlrandomurlrandomurlrandomurlrandomurlrandomurls.com", 68)]
    [InlineData("\u2066\u202Ahttp://foobar.پاکستان/\u202C\u2069", 31)]
    public void Count_TwitterTextConformanceCases_MatchWeightedLength(string text, int expected)
        => Assert.Equal(expected, XPostLength.Count(text));

    [Fact]
    public void Count_TwitterTextConformance_TenUrls_Count23Each()
    {
        var text = string.Concat(Enumerable.Repeat("https://www.twitter.com/aloha ", 10));

        Assert.Equal(240, XPostLength.Count(text));
    }

    [Fact]
    public void Count_TwitterTextConformance_UrlInTheMiddleOfALongTweet()
    {
        var text = "285 chars- http://www.twitter.com/jack " + string.Concat(Enumerable.Repeat("xxxxxxxxxx-", 24));

        Assert.Equal(299, XPostLength.Count(text));
    }

    [Fact]
    public void Count_TwitterTextConformance_OneHundredFortyFamilyEmoji_Are280()
    {
        var text = string.Concat(Enumerable.Repeat("👨‍👩‍👧‍👦", 140));

        Assert.Equal(280, XPostLength.Count(text));
        Assert.True(XPostLength.Fits(text));
        Assert.False(XPostLength.Fits(text + "👨‍👩‍👧‍👦"));
    }

    [Fact]
    public void Count_CjkIdeographs_WeighTwoEach()
    {
        const string Poem = "故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。";

        Assert.Equal(Poem.Length * 2, XPostLength.Count(Poem));
        Assert.Equal(3 + (Poem.Length * 2), XPostLength.Count("the" + Poem));
        Assert.Equal(10, XPostLength.Count("あいうえお"));
        Assert.Equal(6, XPostLength.Count("한국어"));
    }

    [Fact]
    public void Count_LatinGreekCyrillicArabicHebrewAndIndic_WeighOneEach()
    {
        Assert.Equal(5, XPostLength.Count("Grüße"));
        Assert.Equal(4, XPostLength.Count("Καλά"));
        Assert.Equal(6, XPostLength.Count("Привет"));
        Assert.Equal(5, XPostLength.Count("مرحبا"));
        Assert.Equal(4, XPostLength.Count("שלום"));
        Assert.Equal(6, XPostLength.Count("नमस्ते"));
    }

    [Theory]
    [InlineData("e\u0301", 1)]                 // é decomposed: NFC composes it into one code point
    [InlineData("A\uFB2C", 4)]                 // שּׁ decomposes into three code points under NFC (twitter-text's case)
    [InlineData("\u1100\u1161\u11A8", 2)]      // Hangul jamo compose into 각 (U+AC01), which weighs 2
    [InlineData("a\u0308\u0323", 3)]           // ạ̈: a with dot below composes into U+1EA1 (weight 2), the diaeresis stays a mark
    public void Count_CombiningCharacters_AreCountedAfterNfc(string text, int expected)
        => Assert.Equal(expected, XPostLength.Count(text));

    [Theory]
    [InlineData("👍", 2)]
    [InlineData("👍🏿", 2)]                    // skin tone
    [InlineData("👩🏽‍💻", 2)]                  // ZWJ with skin tone
    [InlineData("🏳️‍🌈", 2)]                   // VS16 and ZWJ
    [InlineData("🇬🇧🇯🇵", 4)]                  // two flags (regional indicator pairs)
    [InlineData("1️⃣", 2)]                     // keycap with VS16
    [InlineData("#⃣", 2)]                      // keycap without VS16
    [InlineData("❤️", 2)]
    [InlineData("☺", 2)]
    [InlineData("©", 1)]                       // twitter-text does not treat ©, ® and ™ as emoji
    [InlineData("©️", 3)]
    [InlineData("™", 2)]
    [InlineData("1", 1)]
    [InlineData("Thanks! 🙏🏻 ^JT", 14)]
    public void Count_EmojiSequences_WeighTwoInTotal(string text, int expected)
        => Assert.Equal(expected, XPostLength.Count(text));

    [Theory]
    [InlineData("https://example.com", 23)]
    [InlineData("http://example.com/a/very/long/path/that/goes/on/and/on/and/on/index.html?query=1&x=2#frag", 23)]
    [InlineData("HTTPS://www.ExaMPLE.COM/index.html", 23)]
    [InlineData("x.co", 23)]
    [InlineData("t.co", 23)]
    [InlineData("example.com", 23)]
    [InlineData("www.example.com", 23)]
    [InlineData("foo.co.jp", 23)]
    [InlineData("nimbus.example.com/help/outages", 23)]
    [InlineData("example.com/path/to/resource?search=foo&lang=en", 23)]
    [InlineData("http://☃.net/", 23)]
    [InlineData("http://example.com:8080/login", 23)]
    [InlineData("http://example.com/Русские_слова", 23)]
    [InlineData("https://www.youtube.com/playlist?list=PL0ZPu8XSRTB7wZzn0mLHMvyzVFeRxbWn-", 23)]
    public void Count_Links_WeighTwentyThree(string text, int expected)
        => Assert.Equal(expected, XPostLength.Count(text));

    [Theory]
    [InlineData("See https://nimbus.example.com/status.", 4 + 23 + 1)]
    [InlineData("See https://nimbus.example.com/status, then call.", 4 + 23 + 12)]
    [InlineData("(see https://en.wikipedia.org/wiki/Fibre_(disambiguation))", 5 + 23 + 1)]
    [InlineData("Status: example.com!", 8 + 23 + 1)]
    [InlineData("Is it down? https://example.com/?", 12 + 23 + 1)]
    [InlineData("\"https://example.com/a\"", 1 + 23 + 1)]
    [InlineData("https://example.com/a) b", 23 + 3)]
    public void Count_TrailingPunctuation_StaysOutsideTheLink(string text, int expected)
        => Assert.Equal(expected, XPostLength.Count(text));

    [Theory]
    [InlineData("example.de", 10)]                 // bare second-level domain under a country code: not a link
    [InlineData("example.de/faq", 23)]             // ...unless it has a path
    [InlineData("www.example.de", 23)]             // ...or a subdomain
    [InlineData("example.tv", 23)]                 // .co and .tv are special
    [InlineData("support@example.com", 19)]        // e-mail addresses are not links
    [InlineData("@example.com", 12)]
    [InlineData("#example.com", 12)]
    [InlineData("$example.com", 12)]
    [InlineData("fooexample.invalidtld", 21)]      // unknown top-level domain
    [InlineData("ftp://example.com", 17)]         // ftp: is not a link, and a bare domain right after / is not one either
    [InlineData("version 1.2.3", 13)]
    [InlineData("e.g. this", 9)]
    [InlineData("file.txt", 8)]
    [InlineData("/path/example.com", 17)]          // no link right after a slash without a protocol
    [InlineData("これはexample.comです", 3 * 2 + 23 + 2 * 2)]
    [InlineData("www.example.com.foo", 23 + 4)]        // unknown last label: the domain ends at the known one
    [InlineData("Call 0800.123.456 now", 21)]
    public void Count_WhatIsAndIsNotALink_FollowsTwitterText(string text, int expected)
        => Assert.Equal(expected, XPostLength.Count(text));

    [Fact]
    public void Count_DomainLabelLongerThan63_IsNotALink()
    {
        var label = new string('a', 64);

        Assert.Equal(8 + 64 + 4, XPostLength.Count("https://" + label + ".com"));
        Assert.Equal(23, XPostLength.Count("https://" + label[..63] + ".com"));
    }

    [Fact]
    public void Count_MixedReply_AddsEveryRule()
    {
        // 23 ASCII + 1 space + 23 (link) + 1 space + 4 (two CJK) + 1 space + 2 (family) + 1 space + 2 (flag) = 58
        const string Text = "Sorry about that, Priya https://nimbus.example.com/status 故障 👨‍👩‍👧 🇬🇧";

        Assert.Equal(58, XPostLength.Count(Text));
    }

    [Fact]
    public void Fits_Exactly280_IsTrue_And281_IsFalse()
    {
        var exactly = new string('x', 280);
        var over = new string('x', 281);
        var cjk = new string('故', 140);

        Assert.Equal(280, XPostLength.Count(exactly));
        Assert.True(XPostLength.Fits(exactly));
        Assert.Equal(281, XPostLength.Count(over));
        Assert.False(XPostLength.Fits(over));
        Assert.True(XPostLength.Fits(cjk));
        Assert.False(XPostLength.Fits(cjk + "x"));
    }

    [Fact]
    public void Fits_LongLinksAreDiscounted()
    {
        // 256 x + a space = 257, + a link of 300 characters = 280 weighted.
        var text = new string('x', 256) + " https://example.com/" + new string('p', 280);

        Assert.Equal(280, XPostLength.Count(text));
        Assert.True(XPostLength.Fits(text));
    }

    [Fact]
    public void Count_LoneSurrogate_CountsTwoAndDoesNotThrow()
        => Assert.Equal(3, XPostLength.Count("a\uD83D"));

    [Fact]
    public void Count_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => XPostLength.Count(null!));
        Assert.Throws<ArgumentNullException>(() => XPostLength.Fits(null!));
    }

    [Fact]
    public void Count_LongTextWithoutLinks_IsFast()
    {
        var text = string.Concat(Enumerable.Repeat("abcdefghij.", 2000)) + string.Concat(Enumerable.Repeat("a-b_c.", 2000));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        XPostLength.Count(text);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }
}
