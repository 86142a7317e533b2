using SocialCare.Abstractions;
using SocialCare.LoadTest.Check;
using SocialCare.LoadTest.Corpus;

namespace SocialCare.LoadTest.Tests;

/// <summary>Small runs end to end (in process and over HTTP against the inbox), and the exactly-once check itself.</summary>
public sealed class LoadRunTests
{
    [Theory]
    [InlineData("pipeline", "memory")]
    [InlineData("pipeline", "sqlite")]
    [InlineData("http", "memory")]
    [InlineData("http", "sqlite")]
    public async Task Run_SmallCorpus_StoresEveryEventExactlyOnce(string mode, string store)
    {
        var options = LoadOptions.Parse([mode, "--store", store, "--webhooks", "300", "--customers", "40", "--duplicates", "0.2", "--warmup", "50", "--connections", "8"], new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
        using var output = new StringWriter();
        var report = await LoadRun.RunAsync(options, output, CancellationToken.None);

        Assert.True(report.Passed, output.ToString());
        Assert.Equal(360, report.Replay.Requests);
        Assert.Equal(0, report.Replay.Errors);
        var check = Assert.IsType<CheckResult>(report.Check);
        Assert.Equal(check.Expected, check.Found);
        Assert.True(check.Expected > 350, output.ToString());
        Assert.Equal(0, check.Foreign);
        Assert.Contains("check    PASSED", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AtAFixedRate_TakesAboutTheScheduledTime()
    {
        var options = LoadOptions.Parse(["pipeline", "--webhooks", "100", "--customers", "20", "--duplicates", "0", "--warmup", "0", "--rate", "200", "--connections", "4"], new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
        using var output = new StringWriter();
        var report = await LoadRun.RunAsync(options, output, CancellationToken.None);

        // 100 webhooks at 200/s: the last is due at 0.495 s, so the replay cannot end sooner.
        Assert.True(report.Replay.Elapsed >= TimeSpan.FromSeconds(0.49), report.Replay.Elapsed.ToString());
        Assert.True(report.Passed, output.ToString());
    }

    [Fact]
    public void Check_ReportsMissing_Duplicated_AndForeignMessages()
    {
        CorpusEvent[] sent =
        [
            new(ChannelId.Facebook, "m_1", "messenger", "a"),
            new(ChannelId.WhatsApp, "wamid.2", "whatsapp", "b"),
            new(ChannelId.X, "3", "x-dm", "c"),
        ];
        StoredMessage[] stored =
        [
            new("t1", "facebook", "m_1"),
            new("t2", "whatsapp", "wamid.2"),
            new("t3", "whatsapp", "wamid.2"),
            new("t4", "facebook", "3"),
            new("t4", "x", null),
        ];
        var result = ExactlyOnceCheck.Check(sent, stored);

        Assert.False(result.Passed);
        Assert.Equal(3, result.Expected);
        Assert.Equal(2, result.Found);
        Assert.Equal("3", Assert.Single(result.Missing).NetworkId);
        Assert.Equal(("wamid.2", 2), Assert.Single(result.Duplicated) is var d ? (d.Event.NetworkId, d.Count) : default);
        Assert.Equal(2, result.Foreign);
        Assert.True(ExactlyOnceCheck.Check(sent, [.. stored.Where(s => s.TicketId is "t1" or "t2"), new("t5", "x", "3")]).Passed);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("http", "--store", "postgres")]
    [InlineData("http", "--duplicates", "1.5")]
    [InlineData("pipeline", "--url", "http://127.0.0.1:5080")]
    [InlineData("http", "--connections")]
    [InlineData("http", "--frobnicate", "1")]
    [InlineData("pipeline", "--epoch", "0")]
    public async Task Main_BadArguments_Exit2_WithTheUsage(params string[] args)
    {
        using var output = new StringWriter();
        Assert.Equal(2, await LoadRun.MainAsync(args, output, CancellationToken.None));
        Assert.Contains("Usage:", output.ToString(), StringComparison.Ordinal);
    }
}
