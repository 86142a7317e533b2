using System.Text;
using SocialCare.Abstractions;
using static SocialCare.Channels.Twitter.Tests.Wire.XParse;

namespace SocialCare.Channels.Twitter.Tests.Wire;

/// <summary>Account Activity bodies beyond the fixtures: batching, order, accounts, malformed items, and each classification rule.</summary>
public class XWebhookParserAccountActivityTests
{
    private const string PriyaUsers = """
        "users": {
          "1402938475610284033": {"id": "1402938475610284033", "name": "Priya Raman", "screen_name": "priya_r_travels"},
          "1278843152204431360": {"id": "1278843152204431360", "name": "Nimbus Telecom Support", "screen_name": "NimbusCare"}
        }
        """;

    // ------------------------------------------------------------------------------------------------ batching and order

    [Fact]
    public void TryParse_DmsAndTweetsInOneBody_YieldsAllInBodyOrder()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}",
             "direct_message_events": [{{Dm("2110298073131778301", Priya, Brand, "first")}}, {{Dm("2110298073131778302", Priya, Brand, "second")}}],
             "tweet_create_events": [{{Tweet("2110295848522037206", Dana, "@NimbusCare third", mentionsBrand: true)}}],
             {{PriyaUsers}} }
            """;

        var events = Body(body, out var summary);

        Assert.Equal(3, events.Count);
        Assert.Equal(["dm:2110298073131778301", "dm:2110298073131778302", "post:2110295848522037206"], events.Select(e => e.Event.Key.EventId));
        Assert.Equal("first", Text(events[0].Event));
        Assert.Equal("Priya Raman", events[0].Event.Customer.DisplayName);
        Assert.Equal(Dana, events[2].Event.Customer.UserKey.Value);
        Assert.Equal(0, summary.Ignored);
        Assert.Contains("\"first\"", Raw(events[0]), StringComparison.Ordinal);
        Assert.DoesNotContain("\"second\"", Raw(events[0]), StringComparison.Ordinal);
        Assert.Contains("\"second\"", Raw(events[1]), StringComparison.Ordinal);
        Assert.StartsWith("{\"created_at\"", Raw(events[2]), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_TweetsBeforeDms_KeepsBodyOrder()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}",
             "tweet_create_events": [{{Tweet("2110295848522037206", Dana, "@NimbusCare first", mentionsBrand: true)}}],
             {{PriyaUsers}},
             "direct_message_events": [{{Dm("2110298073131778301", Priya, Brand, "second")}}]}
            """;

        var events = Body(body);

        Assert.Equal(["post:2110295848522037206", "dm:2110298073131778301"], events.Select(e => e.Event.Key.EventId));
        Assert.Equal("Priya Raman", events[1].Event.Customer.DisplayName);
    }

    [Fact]
    public void TryParse_SameDmForTwoAccounts_KeysDifferOnlyByAccount()
    {
        var forBrand = Single<MessageReceived>(Fixture("aaa-dm-text.json"));
        var forOther = Single<MessageReceived>(Body(Variant("aaa-dm-text.json", ("\"for_user_id\": \"1278843152204431360\"", $"\"for_user_id\": \"{OtherBrand}\""))));

        Assert.Equal(forBrand.Key.EventId, forOther.Key.EventId);
        Assert.Equal(forBrand.Key.Channel, forOther.Key.Channel);
        Assert.Equal(Brand, forBrand.Key.Account.Value);
        Assert.Equal(OtherBrand, forOther.Key.Account.Value);
        Assert.NotEqual(forBrand.Key, forOther.Key);
        Assert.Equal(OtherBrand, forOther.Conversation.Account.Value);
        Assert.Equal(Priya, forOther.Customer.UserKey.Value);
    }

    [Fact]
    public void TryParse_SameMentionForTwoAccounts_KeysDifferOnlyByAccount()
    {
        var body = $$"""
            {"for_user_id": "{{OtherBrand}}", "tweet_create_events": [{{Tweet("2110295848522037206", Dana, "@NimbusCare @OtherBrand hi", mentionsBrand: true, alsoMentions: OtherBrand)}}]}
            """;
        var other = Single<MessageReceived>(Body(body));
        var brand = Single<MessageReceived>(Body(body.Replace($"\"for_user_id\": \"{OtherBrand}\"", $"\"for_user_id\": \"{Brand}\"", StringComparison.Ordinal)));

        Assert.Equal(brand.Key.EventId, other.Key.EventId);
        Assert.Equal(OtherBrand, other.Key.Account.Value);
        Assert.Equal(Brand, brand.Key.Account.Value);
    }

    [Fact]
    public void TryParse_ForUserIdAfterTheArrays_IsFoundByLookingAhead()
    {
        var body = $$"""
            {"direct_message_events": [{{Dm("2110298073131778301", Priya, Brand, "hello")}}],
             {{PriyaUsers}},
             "for_user_id": "{{Brand}}"}
            """;

        var message = Single<MessageReceived>(Body(body, out var summary));

        Assert.Equal(Brand, message.Key.Account.Value);
        Assert.Equal("Priya Raman", message.Customer.DisplayName);
        Assert.Equal(0, summary.UnknownAccountItems);
    }

    [Fact]
    public void TryParse_AccountNotServed_SkipsAndCountsEachItem()
    {
        var body = $$"""
            {"for_user_id": "999", "direct_message_events": [{{Dm("2110298073131778301", Priya, "999", "a")}}, {{Dm("2110298073131778302", Priya, "999", "b")}}],
             "tweet_create_events": [{{Tweet("2110295848522037206", Dana, "hi", mentionsBrand: false)}}]}
            """;

        Assert.Empty(Body(body, out var summary));
        Assert.Equal(3, summary.UnknownAccountItems);
        Assert.Equal(0, summary.Ignored);
    }

    [Fact]
    public void TryParse_NoForUserId_SkipsAndCountsTheItems()
    {
        var body = $$"""{"direct_message_events": [{{Dm("2110298073131778301", Priya, Brand, "a")}}]}""";

        Assert.Empty(Body(body, out var summary));
        Assert.Equal(1, summary.UnknownAccountItems);
    }

    [Fact]
    public void TryParse_UnknownTopLevelKeys_AreCountedNotFailed()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}", "brand_new_events": [{"x": 1}], "direct_message_events": [{{Dm("2110298073131778301", Priya, Brand, "ok")}}],
             "apps": {"1": {"id": "1"} }, "another_thing": {"a": [1, 2, {"b": null}]} }
            """;

        var events = Body(body, out var summary);

        Assert.Single(events);
        Assert.Equal(2, summary.Ignored);
        Assert.Equal(["brand_new_events", "another_thing"], summary.IgnoredKinds!);
    }

    [Fact]
    public void TryParse_ManyUnknownKeys_KeepsAtMostSixteenShortNames()
    {
        var keys = string.Join(", ", Enumerable.Range(0, 40).Select(i => $"\"{new string('k', 100)}{i % 2}\": {i}").Concat(Enumerable.Range(0, 30).Select(i => $"\"key{i}\": {i}")));

        Body("{" + keys + "}", out var summary);

        Assert.Equal(70, summary.Ignored);
        Assert.Equal(XParseSummary.MaxIgnoredKinds, summary.IgnoredKinds!.Count);
        Assert.All(summary.IgnoredKinds, k => Assert.True(k.Length <= 64));
        Assert.Single(summary.IgnoredKinds, k => k.StartsWith("kkk", StringComparison.Ordinal));
    }

    [Fact]
    public void TryParse_OneBrokenItemAmongGoodOnes_IsSkippedAndCounted()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}", "direct_message_events": [
               {{Dm("2110298073131778301", Priya, Brand, "good one")}},
               {"type": "message_create", "created_timestamp": "1791969242733", "message_create": {"sender_id": "{{Priya}}", "message_data": {"text": "no id"} } },
               "not an object",
               {"type": "message_create", "id": 42, "message_create": "not an object either"},
               {{Dm("2110298073131778302", Priya, Brand, "good two")}}
             ],
             "tweet_create_events": {"not": "an array"} }
            """;

        var events = Body(body, out var summary);

        Assert.Equal(["good one", "good two"], events.Select(e => Text(e.Event)));
        Assert.Equal(4, summary.Ignored);
        Assert.Contains("direct_message:incomplete", summary.IgnoredKinds!);
        Assert.Contains("direct_message_events:not-object", summary.IgnoredKinds!);
        Assert.Contains("tweet_create_events:not-array", summary.IgnoredKinds!);
    }

    [Fact]
    public void TryParse_NullArrays_HoldNothing()
    {
        var events = Body($$"""{"for_user_id": "{{Brand}}", "tweet_create_events": null, "direct_message_events": []}""", out var summary);

        Assert.Empty(events);
        Assert.Equal(0, summary.Ignored);
        Assert.Equal(XPayloadFamily.AccountActivity, summary.Family);
    }

    // ------------------------------------------------------------------------------------------------ malformed bodies

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("\"a string\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("{\"for_user_id\": \"1278843152204431360\", \"direct_message_events\": [")]
    [InlineData("{\"for_user_id\": \"1278843152204431360\"} trailing")]
    [InlineData("{\"a\": 1,}")]
    [InlineData("{/* comment */ \"a\": 1}")]
    public void TryParse_NotAJsonObject_ReturnsFalseWithAReason(string body)
    {
        var events = new List<InboundEnvelope>();

        var ok = XWebhookParser.TryParse(Encoding.UTF8.GetBytes(body), Settings(), events, out _, out var error);

        Assert.False(ok);
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.Empty(events);
    }

    [Fact]
    public void TryParse_MalformedAfterGoodItems_AddsNothingAndKeepsEarlierEvents()
    {
        var existing = new InboundEnvelope(Single<MessageReceived>(Fixture("aaa-dm-text.json")));
        var events = new List<InboundEnvelope> { existing };
        var body = $$"""{"for_user_id": "{{Brand}}", "direct_message_events": [{{Dm("2110298073131778301", Priya, Brand, "secret text")}}], "users": {""";

        var ok = XWebhookParser.TryParse(Encoding.UTF8.GetBytes(body), Settings(), events, out _, out var error);

        Assert.False(ok);
        Assert.Same(existing, Assert.Single(events));
        Assert.DoesNotContain("secret text", error!, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_InvalidUtf8InAString_ReturnsFalse()
    {
        var body = Encoding.UTF8.GetBytes($$"""{"for_user_id": "{{Brand}}", "direct_message_events": [{{Dm("2110298073131778301", Priya, Brand, "XX")}}]}""");
        var at = Array.IndexOf(body, (byte)'X');
        body[at] = 0xC3;
        body[at + 1] = 0x28;

        var ok = XWebhookParser.TryParse(body, Settings(), [], out _, out var error);

        Assert.False(ok);
        Assert.NotNull(error);
    }

    [Fact]
    public void TryParse_EmptyObject_IsUnknownFamilyWithNoEvents()
    {
        Assert.Empty(Body("{}", out var summary));
        Assert.Equal(XPayloadFamily.Unknown, summary.Family);
        Assert.Equal(0, summary.Ignored);
    }

    // ------------------------------------------------------------------------------------------------ ids, times, text

    [Fact]
    public void TryParse_RoundedNumericIds_AreNeverUsed()
    {
        var events = Fixture("aaa-tweet-mention.json");
        var message = Single<MessageReceived>(events);

        Assert.Equal("2110295848522037206", message.MessageId.Value);
        Assert.Contains("\"id\": 2110295848522037200", Raw(events[0]), StringComparison.Ordinal);
        Assert.Equal(Priya, message.Customer.UserKey.Value);
    }

    [Fact]
    public void TryParse_NumericIdBeforeIdStr_TakesIdStr()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}", "tweet_create_events": [{"id": 2110295848522037200, "text": "@NimbusCare hi", "timestamp_ms": "1791968712345",
               "user": {"id": 1587651234098761700, "id_str": "{{Dana}}", "screen_name": "danawhit"},
               "entities": {"user_mentions": [{"id": 1278843152204431400, "id_str": "{{Brand}}", "indices": [0, 11]}]},
               "id_str": "2110295848522037206"}]}
            """;

        var message = Single<MessageReceived>(Body(body));

        Assert.Equal("2110295848522037206", message.MessageId.Value);
        Assert.Equal(Dana, message.Customer.UserKey.Value);
    }

    [Fact]
    public void TryParse_EscapedPropertyNames_AreRecognised()
    {
        var body = $$"""
            {"for_\u0075ser_id": "{{Brand}}", "tweet_create_events": [{"\u0069d_str": "2110295848522037206", "te\u0078t": "@NimbusCare hi", "timestamp_ms": "1791968712345",
               "\u0075ser": {"id_str": "{{Dana}}", "screen\u005fname": "danawhit", "n\u0061me": "Dana"},
               "entities": {"user_mentions": [{"id\u005fstr": "{{Brand}}"}]},
               "a_very_long_property_name_that_is_escaped_\u0041\u0041\u0041\u0041\u0041\u0041\u0041\u0041\u0041\u0041": 1}]}
            """;

        var message = Single<MessageReceived>(Body(body));

        Assert.Equal("2110295848522037206", message.MessageId.Value);
        Assert.Equal("@NimbusCare hi", Text(message));
        Assert.Equal(("danawhit", "Dana"), (message.Customer.Handle, message.Customer.DisplayName));
    }

    [Fact]
    public void TryParse_EscapedV2PropertyNames_AreRecognised()
    {
        var body = $$"""
            {"data": {"\u0069d": "2110301409582643969", "\u0074ext": "switching provider", "author\u005fid": "{{Kenji}}", "created_at": "2026-10-14T09:27:18.000Z"},
             "includes": {"users": [{"id": "{{Kenji}}", "user\u006eame": "kenji_sato_jp"}]} }
            """;

        var message = Single<MessageReceived>(Body(body));

        Assert.Equal("2110301409582643969", message.MessageId.Value);
        Assert.Equal("kenji_sato_jp", message.Customer.Handle);
    }

    [Fact]
    public void TryParse_OnlyARoundedNumericId_IsSkippedAsHavingNoId()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}", "tweet_create_events": [{"id": 2110295848522037200, "text": "@NimbusCare hi", "user": {"id_str": "{{Dana}}"},
               "entities": {"user_mentions": [{"id_str": "{{Brand}}"}]} }]}
            """;

        Assert.Empty(Body(body, out var summary));
        Assert.Contains("post:no-id", summary.IgnoredKinds!);
    }

    [Fact]
    public void TryParse_MentionMatchedByNumericIdOnly_DoesNotCount()
    {
        // 1278843152204431400 is what the rounded number of the brand's id looks like: never compared.
        var body = $$"""
            {"for_user_id": "{{Brand}}", "tweet_create_events": [{"id_str": "2110295848522037206", "text": "@NimbusCare hi", "timestamp_ms": "1791968712345",
               "user": {"id_str": "{{Dana}}"}, "entities": {"user_mentions": [{"id": 1278843152204431400}]} }]}
            """;

        Assert.Empty(Body(body, out var summary));
        Assert.Contains("post:unrelated", summary.IgnoredKinds!);
    }

    [Fact]
    public void TryParse_HtmlEntities_AreDecodedOnce()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}", "direct_message_events": [{{Dm("2110298073131778301", Priya, Brand, "a &amp;lt; b &amp; c &lt;3 &gt; &quot;x&quot; &#39;y&#39; &copy; &")}}]}
            """;

        Assert.Equal("a &lt; b & c <3 > \"x\" 'y' &copy; &", Text(Single<MessageReceived>(Body(body))));
    }

    [Fact]
    public void TryParse_PostHtmlEntities_AreDecodedOnce()
    {
        var body = Variant(
            "aaa-tweet-mention.json",
            ("any ETA? Working from home today 😩", "is &amp;lt;b&amp;gt; html &lt;3 &amp; &quot;fine&quot;?"));

        Assert.Equal("@NimbusCare my fibre has been down since 7am in Headingley, is &lt;b&gt; html <3 & \"fine\"?", Text(Single<MessageReceived>(Body(body))));
    }

    [Fact]
    public void TryParse_AstralCharactersBeforeADisplayRange_SliceByCodePoint()
    {
        // Indices count code points over the escaped text: each emoji is one, "&amp;" is five.
        var text = "@NimbusCare 😩😩 router &amp; wifi both dead 👍 https://t.co/AbCdEf1234";
        var body = $$"""
            {"for_user_id": "{{Brand}}", "tweet_create_events": [{"id_str": "2110296467915445367", "text": "{{text}}", "display_text_range": [12, 44],
               "in_reply_to_status_id_str": "2110294207570526412", "in_reply_to_user_id_str": "{{Brand}}", "timestamp_ms": "1791968860020",
               "user": {"id_str": "{{Marco}}", "name": "Marco Bellini", "screen_name": "mbellini"} }]}
            """;

        Assert.Equal("😩😩 router & wifi both dead 👍", Text(Single<MessageReceived>(Body(body))));
    }

    [Fact]
    public void TryParse_EscapedJsonInText_IsUnescapedBeforeSlicing()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}", "tweet_create_events": [{"id_str": "2110296467915445367", "text": "@NimbusCare \ud83d\ude29 \u00e9t\u00e9 \/ ok", "display_text_range": [12, 22],
               "in_reply_to_status_id_str": "2110294207570526412", "in_reply_to_user_id_str": "{{Brand}}", "timestamp_ms": "1791968860020",
               "user": {"id_str": "{{Marco}}"} }]}
            """;

        Assert.Equal("😩 été / ok", Text(Single<MessageReceived>(Body(body))));
    }

    [Fact]
    public void TryParse_DisplayRangeBeyondTheText_IsClamped()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}", "tweet_create_events": [{"id_str": "2110296467915445367", "text": "@NimbusCare short", "display_text_range": [12, 400],
               "in_reply_to_status_id_str": "2110294207570526412", "in_reply_to_user_id_str": "{{Brand}}", "user": {"id_str": "{{Marco}}"} }]}
            """;

        Assert.Equal("short", Text(Single<MessageReceived>(Body(body))));
    }

    [Fact]
    public void TryParse_ReplyWithOnlyTheAutoMention_KeepsWhatWasWritten()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}", "tweet_create_events": [{"id_str": "2110296467915445367", "text": "@NimbusCare", "display_text_range": [11, 11],
               "in_reply_to_status_id_str": "2110294207570526412", "in_reply_to_user_id_str": "{{Brand}}", "user": {"id_str": "{{Marco}}"} }]}
            """;

        Assert.Equal("@NimbusCare", Text(Single<MessageReceived>(Body(body))));
    }

    [Fact]
    public void TryParse_NoTimestampMs_FallsBackToCreatedAtThenSnowflake()
    {
        var withCreatedAt = $$"""
            {"for_user_id": "{{Brand}}", "tweet_create_events": [{"id_str": "2110295848522037206", "text": "@NimbusCare hi", "created_at": "Wed Oct 14 09:05:13 +0000 2026",
               "user": {"id_str": "{{Dana}}"}, "entities": {"user_mentions": [{"id_str": "{{Brand}}"}]} }]}
            """;
        var withNeither = withCreatedAt.Replace(", \"created_at\": \"Wed Oct 14 09:05:13 +0000 2026\"", string.Empty, StringComparison.Ordinal);

        Assert.Equal(new DateTimeOffset(2026, 10, 14, 9, 5, 13, TimeSpan.Zero), Single<MessageReceived>(Body(withCreatedAt)).OccurredAt);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1791968712345), Single<MessageReceived>(Body(withNeither)).OccurredAt);
    }

    [Fact]
    public void TryParse_TimestampMsAsNumber_IsRead()
    {
        var body = Variant("aaa-tweet-mention.json", ("\"timestamp_ms\": \"1791968712345\"", "\"timestamp_ms\": 1791968712999"));

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1791968712999), Single<MessageReceived>(Body(body)).OccurredAt);
    }

    // ------------------------------------------------------------------------------------------------ classification (x.md §4.4)

    [Fact]
    public void TryParse_TruncatedTweetMentioningTheBrandAfterChar140_IsInbound()
    {
        var longText = new string('x', 150) + " @NimbusCare please help";
        var body = $$"""
            {"for_user_id": "{{Brand}}", "tweet_create_events": [{"id_str": "2110310329464002913", "text": "{{longText[..138]}}… https://t.co/mQzCudiH7Y",
               "truncated": true, "display_text_range": [0, 140], "timestamp_ms": "1791972164871",
               "user": {"id_str": "{{Dana}}", "name": "Dana Whitfield", "screen_name": "danawhit"},
               "entities": {"user_mentions": [], "urls": [{"url": "https://t.co/mQzCudiH7Y"}]},
               "extended_tweet": {"full_text": "{{longText}}", "display_text_range": [0, {{longText.Length}}],
                  "entities": {"user_mentions": [{"screen_name": "NimbusCare", "id_str": "{{Brand}}", "indices": [151, 162]}]} } }]}
            """;

        var message = Single<MessageReceived>(Body(body));

        Assert.Equal(longText, Text(message));
        Assert.Equal(MessageDirection.Inbound, message.Direction);
    }

    [Fact]
    public void TryParse_TruncatedWithoutExtendedTweet_UsesTheText()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}", "tweet_create_events": [{"id_str": "2110310329464002913", "text": "@NimbusCare cut short…", "truncated": true,
               "user": {"id_str": "{{Dana}}"}, "entities": {"user_mentions": [{"id_str": "{{Brand}}"}]} }]}
            """;

        Assert.Equal("@NimbusCare cut short…", Text(Single<MessageReceived>(Body(body))));
    }

    [Theory]
    [InlineData("\"true\"")]
    [InlineData("true")]
    public void TryParse_UserHasBlocked_SkipsTheMention(string value)
    {
        var body = Variant("aaa-tweet-mention.json", ("\"user_has_blocked\": \"false\"", "\"user_has_blocked\": " + value));

        Assert.Empty(Body(body, out var summary));
        Assert.Contains("post:blocked", summary.IgnoredKinds!);
    }

    [Fact]
    public void TryParse_IsBlockedByAfterTheArray_StillSkipsTheMention()
    {
        var body = Variant("aaa-tweet-mention.json", ("\"user_has_blocked\": \"false\",", string.Empty));
        body = body.TrimEnd()[..^1] + ", \"is_blocked_by\": \"true\"}";

        Assert.Empty(Body(body, out var summary));
        Assert.Contains("post:blocked", summary.IgnoredKinds!);
    }

    [Fact]
    public void TryParse_BlockedFlagDoesNotSuppressTheBrandsOwnEcho()
    {
        var body = Variant("aaa-tweet-by-brand-echo.json", ("\"for_user_id\": \"1278843152204431360\",", "\"for_user_id\": \"1278843152204431360\", \"user_has_blocked\": \"true\","));

        Assert.Equal(MessageDirection.Outbound, Single<MessageReceived>(Body(body)).Direction);
    }

    [Fact]
    public void TryParse_BrandStandalonePost_IsSkipped()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}", "tweet_create_events": [{"id_str": "2110294207570526412", "text": "We're aware of an outage.", "timestamp_ms": "1791967121112",
               "user": {"id_str": "{{Brand}}", "screen_name": "NimbusCare"}, "in_reply_to_status_id_str": null, "in_reply_to_user_id_str": null}]}
            """;

        Assert.Empty(Body(body, out var summary));
        Assert.Contains("post:own", summary.IgnoredKinds!);
    }

    [Fact]
    public void TryParse_BrandReplyToItself_IsSkipped()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}", "tweet_create_events": [{"id_str": "2110294207570526499", "text": "Update: engineers on site.", "timestamp_ms": "1791967121112",
               "user": {"id_str": "{{Brand}}"}, "in_reply_to_status_id_str": "2110294207570526412", "in_reply_to_user_id_str": "{{Brand}}"}]}
            """;

        Assert.Empty(Body(body));
    }

    [Fact]
    public void TryParse_BrandRetweet_IsSkipped()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}", "tweet_create_events": [{"id_str": "2110300971509095139", "text": "RT @danawhit: thanks NimbusCare!", "timestamp_ms": "1791969933760",
               "user": {"id_str": "{{Brand}}"}, "retweeted_status": {"id_str": "2110300971509095100", "user": {"id_str": "{{Dana}}"} },
               "entities": {"user_mentions": [{"id_str": "{{Dana}}"}]} }]}
            """;

        Assert.Empty(Body(body, out var summary, Settings(retweets: true)));
        Assert.Contains("post:own-retweet", summary.IgnoredKinds!);
    }

    [Fact]
    public void TryParse_RetweetOfACustomerPost_IsInboundOnlyWhenRetweetsOpenTickets()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}", "tweet_create_events": [{"id_str": "2110300971509095139", "text": "RT @danawhit: @NimbusCare still down", "timestamp_ms": "1791969933760",
               "user": {"id_str": "{{Kenji}}", "screen_name": "kenji_sato_jp"}, "retweeted_status": {"id_str": "2110300971509095100", "user": {"id_str": "{{Dana}}"} },
               "entities": {"user_mentions": [{"id_str": "{{Dana}}"}, {"id_str": "{{Brand}}"}]} }]}
            """;

        Assert.Empty(Body(body, out var summary));
        Assert.Contains("post:retweet", summary.IgnoredKinds!);

        var message = Single<MessageReceived>(Body(body, Settings(retweets: true)));
        Assert.Equal(Kenji, message.Customer.UserKey.Value);
        Assert.Equal(MessageDirection.Inbound, message.Direction);
    }

    [Fact]
    public void TryParse_TweetNotAddressingTheBrand_IsSkipped()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}", "tweet_create_events": [{"id_str": "2110300971509095139", "text": "@danawhit lunch?", "timestamp_ms": "1791969933760",
               "user": {"id_str": "{{Kenji}}"}, "in_reply_to_status_id_str": "2110300971509095100", "in_reply_to_user_id_str": "{{Dana}}",
               "entities": {"user_mentions": [{"id_str": "{{Dana}}"}]} }]}
            """;

        Assert.Empty(Body(body, out var summary));
        Assert.Contains("post:unrelated", summary.IgnoredKinds!);
    }

    [Fact]
    public void TryParse_ReplyToSomeoneElseMentioningTheBrand_IsInboundWithItsReplyTo()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}", "tweet_create_events": [{"id_str": "2110300971509095139", "text": "@danawhit same, @NimbusCare?", "timestamp_ms": "1791969933760",
               "user": {"id_str": "{{Kenji}}"}, "in_reply_to_status_id_str": "2110300971509095100", "in_reply_to_user_id_str": "{{Dana}}",
               "display_text_range": [10, 28], "entities": {"user_mentions": [{"id_str": "{{Dana}}"}, {"id_str": "{{Brand}}"}]} }]}
            """;

        var message = Single<MessageReceived>(Body(body));

        Assert.Equal("2110300971509095100", message.ReplyTo?.Value);
        Assert.Equal("2110300971509095100", message.Conversation.Thread.Value);
        Assert.Equal("same, @NimbusCare?", Text(message));
    }

    [Fact]
    public void TryParse_QuoteOfSomeoneElse_IsSkipped()
    {
        var body = Variant("aaa-tweet-quote-of-brand.json", ("\"id_str\": \"1278843152204431360\",\n          \"name\": \"Nimbus Telecom Support\"", $"\"id_str\": \"{Dana}\",\n          \"name\": \"Dana\""));

        Assert.Empty(Body(body, out var summary));
        Assert.Contains("post:unrelated", summary.IgnoredKinds!);
    }

    [Fact]
    public void TryParse_EditedTweet_IsMessageEditedOfTheFirstVersion()
    {
        // The second version: a new id, whose edit history starts with the first version's id.
        var body = Variant("aaa-tweet-mention.json", ("\"id_str\": \"2110295848522037206\"", "\"id_str\": \"2110296000000000001\""));

        var edited = Single<MessageEdited>(Body(body));

        Assert.Equal("2110295848522037206", edited.MessageId.Value);
        Assert.Equal("post:2110296000000000001", edited.Key.EventId);
        Assert.Equal(Priya, edited.Customer.UserKey.Value);
        Assert.StartsWith("@NimbusCare my fibre", Text(edited), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_TweetWithMedia_HasMediaPartsAndNoMediaLink()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}", "tweet_create_events": [{"id_str": "2110296467915445367", "text": "@NimbusCare look at this https://t.co/PhOtO1",
               "display_text_range": [12, 24], "in_reply_to_status_id_str": "2110294207570526412", "in_reply_to_user_id_str": "{{Brand}}",
               "timestamp_ms": "1791968860020", "user": {"id_str": "{{Marco}}"},
               "entities": {"media": [{"id_str": "111", "type": "photo", "media_url_https": "https://pbs.twimg.com/media/a.jpg", "url": "https://t.co/PhOtO1"}]},
               "extended_entities": {"media": [
                  {"id": 111, "id_str": "111", "type": "photo", "media_url_https": "https://pbs.twimg.com/media/a.jpg", "url": "https://t.co/PhOtO1"},
                  {"id_str": "222", "type": "video", "media_url_https": "https://pbs.twimg.com/ext_tw_video_thumb/222/b.png", "url": "https://t.co/PhOtO1"},
                  {"id_str": "333", "type": "animated_gif", "media_url": "http://pbs.twimg.com/tweet_video_thumb/c.jpg", "url": "https://t.co/PhOtO1"}]} }]}
            """;

        var message = Single<MessageReceived>(Body(body));

        Assert.Equal(4, message.Parts.Count);
        Assert.Equal("look at this", Assert.IsType<TextPart>(message.Parts[0]).Text);
        var photo = Assert.IsType<MediaPart>(message.Parts[1]);
        Assert.Equal((MediaKind.Image, "111", "image/jpeg"), (photo.MediaKind, photo.NetworkMediaId, photo.MimeType));
        var video = Assert.IsType<MediaPart>(message.Parts[2]);
        Assert.Equal((MediaKind.Video, "222"), (video.MediaKind, video.NetworkMediaId));
        Assert.Equal(new Uri("https://pbs.twimg.com/ext_tw_video_thumb/222/b.png"), video.Url);
        Assert.Equal(MediaKind.Video, Assert.IsType<MediaPart>(message.Parts[3]).MediaKind);
    }

    [Fact]
    public void TryParse_TweetWithMediaAndNoDisplayRange_DropsTheMediaLink()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}", "tweet_create_events": [{"id_str": "2110296467915445367", "text": "@NimbusCare look https://t.co/PhOtO1",
               "timestamp_ms": "1791968860020", "user": {"id_str": "{{Marco}}"},
               "entities": {"user_mentions": [{"id_str": "{{Brand}}"}]},
               "extended_entities": {"media": [{"id_str": "111", "type": "photo", "media_url_https": "https://pbs.twimg.com/media/a.png", "url": "https://t.co/PhOtO1"}]} }]}
            """;

        var message = Single<MessageReceived>(Body(body));

        Assert.Equal("@NimbusCare look", Text(message));
        Assert.Equal("image/png", Assert.IsType<MediaPart>(message.Parts[1]).MimeType);
    }

    // ------------------------------------------------------------------------------------------------ DMs

    [Fact]
    public void TryParse_DmWithOnlyAVideo_HasOnlyTheMediaPart()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}", "direct_message_events": [{"type": "message_create", "id": "2110298694595901297", "created_timestamp": "1791969390902",
               "message_create": {"target": {"recipient_id": "{{Brand}}"}, "sender_id": "{{Priya}}",
                 "message_data": {"text": "https://t.co/tpsiaOclRz", "attachment": {"type": "media", "media": {"id_str": "2110298680136525404", "type": "video",
                   "media_url_https": "https://pbs.twimg.com/dm_video_preview/2110298680136525404/img/x.jpg", "url": "https://t.co/tpsiaOclRz"} } } } }]}
            """;

        var media = Assert.IsType<MediaPart>(Assert.Single(Single<MessageReceived>(Body(body)).Parts));

        Assert.Equal(MediaKind.Video, media.MediaKind);
        Assert.Equal("2110298680136525404", media.NetworkMediaId);
    }

    [Fact]
    public void TryParse_DmWithAnUnknownAttachment_KeepsItAsUnsupported()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}", "direct_message_events": [{"type": "message_create", "id": "2110298694595901297", "created_timestamp": "1791969390902",
               "message_create": {"target": {"recipient_id": "{{Brand}}"}, "sender_id": "{{Priya}}",
                 "message_data": {"text": "where I am", "attachment": {"type": "location", "location": {"type": "shared_coordinate"} } } } }]}
            """;

        var message = Single<MessageReceived>(Body(body));

        Assert.Equal("where I am", Assert.IsType<TextPart>(message.Parts[0]).Text);
        Assert.Equal("location", Assert.IsType<UnsupportedPart>(message.Parts[1]).RawType);
    }

    [Fact]
    public void TryParse_EmptyDm_IsKeptAsUnsupported()
    {
        var body = $$"""{"for_user_id": "{{Brand}}", "direct_message_events": [{{Dm("2110298073131778301", Priya, Brand, "")}}]}""";

        Assert.IsType<UnsupportedPart>(Assert.Single(Single<MessageReceived>(Body(body)).Parts));
    }

    [Fact]
    public void TryParse_DmOfAnotherType_IsIgnored()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}", "direct_message_events": [{"type": "participants_join", "id": "2110298073131778301", "created_timestamp": "1791969242733"}]}
            """;

        Assert.Empty(Body(body, out var summary));
        Assert.Contains("direct_message:participants_join", summary.IgnoredKinds!);
    }

    [Fact]
    public void TryParse_DmWithoutTimestamp_TakesTheSnowflakeTime()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}", "direct_message_events": [{"type": "message_create", "id": "2110298073131778308",
               "message_create": {"target": {"recipient_id": "{{Brand}}"}, "sender_id": "{{Priya}}", "message_data": {"text": "hi"} } }]}
            """;

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1791969242733), Single<MessageReceived>(Body(body)).OccurredAt);
    }

    [Fact]
    public void TryParse_DmWhoseSenderIsMissingFromUsers_HasNoNames()
    {
        var body = Variant("aaa-dm-text.json", ("\"1402938475610284033\": {", "\"1402938475610284099\": {"));

        var message = Single<MessageReceived>(Body(body));

        Assert.Equal(Priya, message.Customer.UserKey.Value);
        Assert.Null(message.Customer.DisplayName);
        Assert.Null(message.Customer.Handle);
    }

    [Fact]
    public void TryParse_UsersMapBeforeTheDms_StillNamesTheCustomer()
    {
        var body = $$"""{"for_user_id": "{{Brand}}", {{PriyaUsers}}, "direct_message_events": [{{Dm("2110298073131778301", Priya, Brand, "hi")}}]}""";

        Assert.Equal("priya_r_travels", Single<MessageReceived>(Body(body)).Customer.Handle);
    }

    [Fact]
    public void TryParse_BrandTypingOrReading_IsIgnored()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}",
             "direct_message_indicate_typing_events": [{"created_timestamp": "1791969230517", "sender_id": "{{Brand}}", "target": {"recipient_id": "{{Priya}}"} }],
             "direct_message_mark_read_events": [{"created_timestamp": "1791969230517", "sender_id": "{{Brand}}", "target": {"recipient_id": "{{Priya}}"}, "last_read_event_id": "2110298073131778308"}]}
            """;

        Assert.Empty(Body(body, out var summary));
        Assert.Equal(["typing:own", "read:own"], summary.IgnoredKinds!);
    }

    [Fact]
    public void TryParse_ReadWithoutLastReadEventId_IsIgnored()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}", "direct_message_mark_read_events": [{"created_timestamp": "1791969230517", "sender_id": "{{Priya}}"}]}
            """;

        Assert.Empty(Body(body, out var summary));
        Assert.Contains("read:no-message", summary.IgnoredKinds!);
    }

    // ------------------------------------------------------------------------------------------------ likes, follows, blocks, mutes, revokes

    [Fact]
    public void TryParse_FavoriteByTheBrand_IsByAccountForTheLikedPostsAuthor()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}", "favorite_events": [{"id": "5d1f0a9be27d35e18a6b0f2d9c7e5a99", "created_at": "Wed Oct 14 09:12:30 +0000 2026",
               "favorited_status": {"id_str": "2110295848522037206", "text": "@NimbusCare thanks!", "user": {"id_str": "{{Priya}}", "name": "Priya Raman", "screen_name": "priya_r_travels"},
                  "in_reply_to_status_id_str": "2110297574627676872"},
               "user": {"id_str": "{{Brand}}", "screen_name": "NimbusCare"} }]}
            """;

        var activity = Single<ActivityObserved>(Body(body));

        Assert.True(activity.ByAccount);
        Assert.Equal(Priya, activity.Customer.UserKey.Value);
        Assert.Equal("Priya Raman", activity.Customer.DisplayName);
        Assert.Equal("2110295848522037206", activity.Target?.Value);
        Assert.Equal("2110297574627676872", activity.Conversation.Thread.Value);
        Assert.Equal(new DateTimeOffset(2026, 10, 14, 9, 12, 30, TimeSpan.Zero), activity.OccurredAt);
    }

    [Fact]
    public void TryParse_FavoriteWithoutId_IsKeyedByLikerAndPost()
    {
        var body = Variant("aaa-favorite.json", ("\"id\": \"4c1f0a9be27d35e18a6b0f2d9c7e5a13\",", string.Empty));

        Assert.Equal($"like:{Priya}:2110297574627676872", Single<ActivityObserved>(Body(body)).Key.EventId);
    }

    [Fact]
    public void TryParse_FollowOfACustomerByTheBrand_IsByAccount()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}", "follow_events": [{"type": "follow", "created_timestamp": "1791970204001",
               "source": {"id_str": "{{Brand}}", "screen_name": "NimbusCare"}, "target": {"id_str": "{{Dana}}", "name": "Dana Whitfield", "screen_name": "danawhit"} }]}
            """;

        var activity = Single<ActivityObserved>(Body(body));

        Assert.Equal(ParticipantActivity.Followed, activity.Activity);
        Assert.True(activity.ByAccount);
        Assert.Equal(Dana, activity.Customer.UserKey.Value);
    }

    [Theory]
    [InlineData("unfollow_events", null, ParticipantActivity.Unfollowed, "follow:unfollow")]
    [InlineData("unblock_events", null, ParticipantActivity.Unblocked, "block:unblock")]
    [InlineData("unmute_events", null, ParticipantActivity.Unmuted, "mute:unmute")]
    [InlineData("block_events", "unblock", ParticipantActivity.Unblocked, "block:unblock")]
    [InlineData("mute_events", "unmute", ParticipantActivity.Unmuted, "mute:unmute")]
    [InlineData("follow_events", "follow", ParticipantActivity.Followed, "follow:follow")]
    [InlineData("block_events", "report_spam", ParticipantActivity.Other, "block:report_spam")]
    public void TryParse_SocialKeysAndTypes_MapToTheirActivity(string key, string? type, ParticipantActivity expected, string keyPrefix)
    {
        var typeProperty = type is null ? string.Empty : $"\"type\": \"{type}\", ";
        var body = $$"""
            {"for_user_id": "{{Brand}}", "{{key}}": [{ {{typeProperty}}"created_timestamp": "1791970800412",
               "source": {"id_str": "{{Brand}}"}, "target": {"id_str": "{{Dana}}", "screen_name": "danawhit"} }]}
            """;

        var activity = Single<ActivityObserved>(Body(body));

        Assert.Equal(expected, activity.Activity);
        Assert.Equal($"{keyPrefix}:{Brand}:{Dana}:1791970800412", activity.Key.EventId);
        Assert.Equal(type ?? keyPrefix[(keyPrefix.IndexOf(':', StringComparison.Ordinal) + 1)..], activity.RawType);
    }

    [Fact]
    public void TryParse_FollowWithoutTimestamp_TakesTheReceivedTime_OrIsSkippedWithoutOne()
    {
        var body = $$"""
            {"for_user_id": "{{Brand}}", "follow_events": [{"type": "follow", "source": {"id_str": "{{Dana}}"}, "target": {"id_str": "{{Brand}}"} }]}
            """;

        Assert.Equal(ReceivedAt, Single<ActivityObserved>(Body(body)).OccurredAt);
        Assert.Empty(Body(body, out var summary, Settings() with { ReceivedAt = default }));
        Assert.Contains("follow:no-time", summary.IgnoredKinds!);
    }

    [Fact]
    public void TryParse_RevokeForAnAccountNotServed_IsSkippedAndCounted()
    {
        var body = Variant("aaa-user-event-revoke.json", ("\"user_id\": \"1278843152204431360\"", "\"user_id\": \"999\""));

        Assert.Empty(Body(body, out var summary));
        Assert.Equal(1, summary.UnknownAccountItems);
        Assert.Null(summary.RevokedAccounts);
    }

    [Fact]
    public void TryParse_RevokeOfAnotherApp_IsIgnored_UnlessNoAppIdIsConfigured()
    {
        var body = Variant("aaa-user-event-revoke.json", ("\"app_id\": \"28817342\"", "\"app_id\": \"1111\""));

        Assert.Empty(Body(body, out var summary));
        Assert.Contains("user_event.revoke:other-app", summary.IgnoredKinds!);
        Assert.Null(summary.RevokedAccounts);

        Assert.Single(Body(body, Settings(appId: null)));
    }

    [Fact]
    public void TryParse_OtherUserEvent_IsIgnored()
    {
        Assert.Empty(Body("""{"user_event": {"something_new": {"a": 1}}}""", out var summary));
        Assert.Equal(["user_event.something_new"], summary.IgnoredKinds!);
        Assert.Equal(XPayloadFamily.AccountActivity, summary.Family);
    }

    [Fact]
    public void TryParse_DeleteWithoutTimestamp_TakesTheReceivedTime()
    {
        var body = $$"""{"for_user_id": "{{Brand}}", "tweet_delete_events": [{"status": {"id": "2110294207570526412", "user_id": "{{Brand}}"} }]}""";

        Assert.Equal(ReceivedAt, Single<MessageDeleted>(Body(body)).OccurredAt);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static string Dm(string id, string sender, string recipient, string text) => $$"""
        {"type": "message_create", "id": "{{id}}", "created_timestamp": "1791969242733",
         "message_create": {"target": {"recipient_id": "{{recipient}}"}, "sender_id": "{{sender}}", "source_app_id": "3541998",
           "message_data": {"text": "{{text}}", "entities": {"hashtags": [], "urls": [], "user_mentions": [], "symbols": []} } } }
        """;

    private static string Tweet(string id, string author, string text, bool mentionsBrand, string? alsoMentions = null)
    {
        var mentions = new List<string>();
        if (mentionsBrand)
        {
            mentions.Add($$"""{"screen_name": "NimbusCare", "id": 1278843152204431400, "id_str": "{{Brand}}", "indices": [0, 11]}""");
        }

        if (alsoMentions is not null)
        {
            mentions.Add($$"""{"id_str": "{{alsoMentions}}"}""");
        }

        return $$"""
            {"created_at": "Wed Oct 14 09:05:12 +0000 2026", "id": 2110295848522037200, "id_str": "{{id}}", "text": "{{text}}", "truncated": false,
             "user": {"id_str": "{{author}}", "name": "Someone", "screen_name": "someone"},
             "entities": {"hashtags": [], "urls": [], "user_mentions": [{{string.Join(", ", mentions)}}], "symbols": []}, "timestamp_ms": "1791968712345"}
            """;
    }
}
