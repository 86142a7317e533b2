using System.Text;
using SocialCare.Abstractions;
using static SocialCare.Channels.Twitter.Tests.Wire.XParse;

namespace SocialCare.Channels.Twitter.Tests.Wire;

/// <summary>Listening: filtered-stream deliveries to the webhook and recent-search answers (x.md §8).</summary>
public class XWebhookParserListeningTests
{
    private const string Rule = "care-keywords";

    private static readonly string SearchAnswer = $$"""
        {"data": [
           {"id": "2110301409582643969", "text": "Third outage this month &amp; no refund.", "author_id": "{{Kenji}}", "created_at": "2026-10-14T09:27:18.000Z",
            "conversation_id": "2110301409582643969", "edit_history_tweet_ids": ["2110301409582643969"]},
           {"id": "2110301409582643970", "text": "nimbus is down again", "author_id": "{{Dana}}", "created_at": "2026-10-14T09:27:19.000Z",
            "edit_history_tweet_ids": ["2110301409582643970"]}
         ],
         "includes": {"users": [{"id": "{{Kenji}}", "name": "Kenji Sato", "username": "kenji_sato_jp"}, {"id": "{{Dana}}", "name": "Dana Whitfield", "username": "danawhit"}]},
         "meta": {"newest_id": "2110301409582643970", "oldest_id": "2110301409582643969", "result_count": 2} }
        """;

    // ------------------------------------------------------------------------------------------------ recent search

    [Fact]
    public void TryParseSearch_Answer_YieldsListenedMessagesAndTheNewestId()
    {
        var events = Search(SearchAnswer, out var newestId);

        Assert.Equal("2110301409582643970", newestId);
        Assert.Equal(2, events.Count);
        var first = Assert.IsType<MessageReceived>(events[0].Event);
        Assert.Equal(MessageOrigin.Listening, first.Origin);
        Assert.Equal(Rule, first.MatchedRule);
        Assert.Equal(MessageDirection.Inbound, first.Direction);
        Assert.Equal(AuthorKind.Customer, first.Author);
        Assert.Equal("Third outage this month & no refund.", Text(first));
        Assert.Equal("Kenji Sato", first.Customer.DisplayName);
        Assert.Equal("kenji_sato_jp", first.Customer.Handle);
        Assert.Equal(new IdempotencyKey(ChannelId.X, new ChannelAccountId(Brand), "post:2110301409582643969"), first.Key);
        Assert.Equal(new ConversationRef(ChannelId.X, new ChannelAccountId(Brand), new ThreadId("2110301409582643969"), ConversationVisibility.Public), first.Conversation);
        Assert.Equal(new DateTimeOffset(2026, 10, 14, 9, 27, 18, TimeSpan.Zero), first.OccurredAt);
        Assert.Equal("danawhit", events[1].Event.Customer.Handle);
        Assert.StartsWith("{\"id\": \"2110301409582643970\"", Raw(events[1]), StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseSearch_PostByABrandAccount_IsSkipped()
    {
        var answer = SearchAnswer.Replace($"\"author_id\": \"{Dana}\"", $"\"author_id\": \"{OtherBrand}\"", StringComparison.Ordinal);

        var events = Search(answer, out _);

        Assert.Equal([Kenji], events.Select(e => e.Event.Customer.UserKey.Value));
    }

    [Fact]
    public void TryParseSearch_PostMentioningTheListeningAccount_IsDirect()
    {
        var answer = SearchAnswer.Replace(
            "\"text\": \"nimbus is down again\",",
            $"\"text\": \"@NimbusCare down again\", \"entities\": {{\"mentions\": [{{\"start\": 0, \"end\": 11, \"username\": \"NimbusCare\", \"id\": \"{Brand}\"}}]}},",
            StringComparison.Ordinal);

        var events = Search(answer, out _);

        Assert.Equal(MessageOrigin.Listening, ((MessageReceived)events[0].Event).Origin);
        var direct = (MessageReceived)events[1].Event;
        Assert.Equal(MessageOrigin.Direct, direct.Origin);
        Assert.Equal(Rule, direct.MatchedRule);
        Assert.Equal(Single<MessageReceived>(Body(Variant("aaa-tweet-mention.json", ("2110295848522037206", "2110301409582643970")))).Key, direct.Key);
    }

    [Fact]
    public void TryParseSearch_PostReplyingToTheListeningAccount_IsDirect()
    {
        var answer = SearchAnswer.Replace(
            "\"text\": \"nimbus is down again\",",
            $"\"text\": \"@NimbusCare down again\", \"in_reply_to_user_id\": \"{Brand}\", \"referenced_tweets\": [{{\"type\": \"replied_to\", \"id\": \"2110294207570526412\"}}],",
            StringComparison.Ordinal);

        var direct = (MessageReceived)Search(answer, out _)[1].Event;

        Assert.Equal(MessageOrigin.Direct, direct.Origin);
        Assert.Equal("2110294207570526412", direct.ReplyTo?.Value);
        Assert.Equal("2110294207570526412", direct.Conversation.Thread.Value);
    }

    [Fact]
    public void TryParseSearch_WithoutListeningAccount_YieldsNothingButTheNewestId()
    {
        var events = new List<InboundEnvelope>();

        Assert.True(XWebhookParser.TryParseSearch(Encoding.UTF8.GetBytes(SearchAnswer), Settings(listening: null), Rule, events, out var newestId, out _));
        Assert.Empty(events);
        Assert.Equal("2110301409582643970", newestId);
    }

    [Fact]
    public void TryParseSearch_ListeningAccountNotServed_YieldsNothing()
    {
        Assert.Empty(Search(SearchAnswer, out _, Settings(listening: "999")));
    }

    [Fact]
    public void TryParseSearch_EmptyAnswer_YieldsNothingAndNoNewestId()
    {
        Assert.Empty(Search("""{"meta": {"result_count": 0}}""", out var newestId));
        Assert.Null(newestId);
    }

    [Fact]
    public void TryParseSearch_PartialErrors_AreSkipped()
    {
        var answer = SearchAnswer.Replace("\"meta\":", "\"errors\": [{\"title\": \"Not Found Error\", \"detail\": \"x\"}], \"meta\":", StringComparison.Ordinal);

        Assert.Equal(2, Search(answer, out _).Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"data\": [")]
    public void TryParseSearch_NotAJsonObject_ReturnsFalse(string answer)
    {
        var events = new List<InboundEnvelope>();

        Assert.False(XWebhookParser.TryParseSearch(Encoding.UTF8.GetBytes(answer), Settings(), Rule, events, out var newestId, out var error));
        Assert.NotNull(error);
        Assert.Null(newestId);
        Assert.Empty(events);
    }

    // ------------------------------------------------------------------------------------------------ filtered stream

    [Fact]
    public void TryParse_StreamMatchingRulesBeforeData_StillTagsThePost()
    {
        var body = $$"""
            {"matching_rules": [{"id": "1", "tag": "first-rule"}, {"id": "2", "tag": "second-rule"}],
             "data": {"id": "2110301409582643969", "text": "switching provider", "author_id": "{{Kenji}}", "created_at": "2026-10-14T09:27:18.000Z"} }
            """;

        var message = Single<MessageReceived>(Body(body, out var summary));

        Assert.Equal("first-rule", message.MatchedRule);
        Assert.Equal(XPayloadFamily.FilteredStream, summary.Family);
    }

    [Fact]
    public void TryParse_StreamRetweet_IsSkippedUnlessRetweetsOpenTickets()
    {
        var body = $$"""
            {"data": {"id": "2110301409582643969", "text": "RT @someone: nimbus down", "author_id": "{{Kenji}}", "created_at": "2026-10-14T09:27:18.000Z",
                      "referenced_tweets": [{"type": "retweeted", "id": "2110301409582640000"}]},
             "matching_rules": [{"id": "1", "tag": "r"}]}
            """;

        Assert.Empty(Body(body, out var summary));
        Assert.Contains("listening:retweet", summary.IgnoredKinds!);
        Assert.Single(Body(body, Settings(retweets: true)));
    }

    [Fact]
    public void TryParse_StreamRetweetOfABrandPost_IsSkippedEvenWhenRetweetsOpenTickets()
    {
        var body = $$"""
            {"data": {"id": "2110301409582643969", "text": "RT @NimbusCare: outage update", "author_id": "{{Kenji}}", "created_at": "2026-10-14T09:27:18.000Z",
                      "referenced_tweets": [{"type": "retweeted", "id": "2110294207570526412"}]},
             "includes": {"tweets": [{"id": "2110294207570526412", "author_id": "{{Brand}}"}]},
             "matching_rules": [{"id": "1", "tag": "r"}]}
            """;

        Assert.Empty(Body(body, out var summary, Settings(retweets: true)));
        Assert.Contains("listening:retweet", summary.IgnoredKinds!);
    }

    [Fact]
    public void TryParse_StreamPostByTheBrand_IsSkipped()
    {
        var body = Variant("api-v2-filtered-stream-post.json", ("\"author_id\": \"3311479021\"", $"\"author_id\": \"{Brand}\""));

        Assert.Empty(Body(body, out var summary));
        Assert.Contains("listening:own-post", summary.IgnoredKinds!);
    }

    [Fact]
    public void TryParse_StreamDataArray_YieldsEachPost()
    {
        var body = $$"""
            {"data": [{"id": "2110301409582643969", "text": "one", "author_id": "{{Kenji}}", "created_at": "2026-10-14T09:27:18.000Z"},
                      {"id": "2110301409582643970", "text": "two", "author_id": "{{Dana}}", "created_at": "2026-10-14T09:27:19.000Z"}],
             "matching_rules": [{"id": "1", "tag": "r"}]}
            """;

        Assert.Equal(["one", "two"], Body(body).Select(e => Text(e.Event)));
    }

    [Fact]
    public void TryParse_StreamPostWithoutRules_HasNoMatchedRule()
    {
        var body = $$"""{"data": {"id": "2110301409582643969", "text": "one", "author_id": "{{Kenji}}", "created_at": "2026-10-14T09:27:18.000Z"} }""";

        var message = Single<MessageReceived>(Body(body));

        Assert.Null(message.MatchedRule);
        Assert.Equal(MessageOrigin.Listening, message.Origin);
    }

    [Fact]
    public void TryParse_StreamPostWithoutTime_TakesTheSnowflakeTime()
    {
        var body = $$"""{"data": {"id": "2110295848522037206", "text": "one", "author_id": "{{Kenji}}"} }""";

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1791968712345), Single<MessageReceived>(Body(body)).OccurredAt);
    }

    private static List<InboundEnvelope> Search(string answer, out string? newestId, XParseSettings? settings = null)
    {
        var events = new List<InboundEnvelope>();
        Assert.True(XWebhookParser.TryParseSearch(Encoding.UTF8.GetBytes(answer), settings ?? Settings(), Rule, events, out newestId, out var error), error);
        return events;
    }
}
