using Microsoft.Extensions.Logging;
using SocialCare.Testing;
using static SocialCare.Channels.Twitter.Tests.Wire.XParse;

namespace SocialCare.Channels.Twitter.Tests.Wire;

public class XInboundLogTests
{
    private readonly TestLoggerProvider _logs = new();

    [Fact]
    public void ParseSummary_Revoke_LogsTheRevokedAccountAtWarning()
    {
        var events = Fixture("aaa-user-event-revoke.json", out var summary);

        Logger().ParseSummary(summary, events.Count);

        var entry = Assert.Single(_logs.Entries, e => e.EventId.Id == 4014);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains(Brand, entry.Message, StringComparison.Ordinal);
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 4011 && e.Message.Contains("AccountActivity", StringComparison.Ordinal));
    }

    [Fact]
    public void ParseSummary_Replay_LogsTheJob()
    {
        Fixture("aaa-replay-job-complete.json", out var summary);

        Logger().ParseSummary(summary, 0);

        var entry = Assert.Single(_logs.Entries, e => e.EventId.Id == 4015);
        Assert.Contains("2110671204589903872", entry.Message, StringComparison.Ordinal);
        Assert.Contains("Complete", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseSummary_IgnoredAndUnknownAccountItems_AreLoggedWithoutContent()
    {
        var body = Variant("aaa-tweet-retweet-of-brand.json", ("\"for_user_id\": \"1278843152204431360\",", "\"for_user_id\": \"1278843152204431360\", \"something_new\": 1,"));
        Body(body, out var summary);
        var unknown = new List<SocialCare.Abstractions.InboundEnvelope>();
        XWebhookParser.TryParse(XFixtures.Read("aaa-dm-text.json"), Settings(accounts: "999"), unknown, out var other, out _);

        Logger().ParseSummary(summary, 0);
        Logger().ParseSummary(other, 0);

        var ignored = Assert.Single(_logs.Entries, e => e.EventId.Id == 4012);
        Assert.Equal(LogLevel.Debug, ignored.Level);
        Assert.Contains("something_new, post:retweet", ignored.Message, StringComparison.Ordinal);
        Assert.Single(_logs.Entries, e => e.EventId.Id == 4013);
        var all = string.Join('\n', _logs.Entries.Select(e => e.Message));
        Assert.DoesNotContain("NT-4471-2290", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Priya", all, StringComparison.Ordinal);
        Assert.DoesNotContain("outage", all, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseSummary_IgnoredItemsBelowDebug_AreNotFormatted()
    {
        _logs.MinimumLevel = LogLevel.Information;
        Fixture("aaa-tweet-retweet-of-brand.json", out var summary);

        Logger().ParseSummary(summary, 0);

        Assert.DoesNotContain(_logs.Entries, e => e.EventId.Id == 4012);
    }

    private ILogger Logger() => _logs.CreateLogger("X");
}
