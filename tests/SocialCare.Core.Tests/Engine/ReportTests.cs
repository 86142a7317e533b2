namespace SocialCare.Core.Tests.Engine;

public class ReportTests
{
    [Fact]
    public async Task Report_ReadsThePeriodsTicketsFromTheStore_PerChannelAndAgent()
    {
        await using var h = new EngineHarness(o =>
            o.Sla.Calendars["office"] = new BusinessCalendar("office", TimeZoneInfo.Utc, BusinessPeriod.Parse("Mon-Fri 09:00-17:00")));
        h.AddAgent("zoe");
        var reports = h.Services.GetRequiredService<TicketReports>();

        // Monday 09:00: answered after 30 minutes, resolved after 2 hours, reopened the next day.
        var first = await h.SayAsync("anna", "hello");
        h.Time.Advance(TimeSpan.FromMinutes(30));
        await h.ReplyAsync(first.Id, "zoe", "hi");
        h.Time.Advance(TimeSpan.FromMinutes(90));
        await h.Engine.ChangeStateAsync(first.Id, TicketState.Resolved, TicketActor.ForAgent(new AgentId("zoe")));
        h.Time.SetUtcNow(new DateTimeOffset(2026, 1, 6, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal(first.Id, (await h.SayAsync("anna", "broken again")).Id);

        // Friday 16:00 on X: answered on Monday 10:00 (66 h in calendar time, 2 h in office time).
        h.Time.SetUtcNow(new DateTimeOffset(2026, 1, 9, 16, 0, 0, TimeSpan.Zero));
        var second = await h.SayAsync("bob", "hello", channel: Channels.X);
        h.Time.SetUtcNow(new DateTimeOffset(2026, 1, 12, 10, 0, 0, TimeSpan.Zero));
        await h.ReplyAsync(second.Id, "zoe", "sorry for the wait");
        var unanswered = await h.SayAsync("carl", "anyone?", channel: Channels.WhatsApp);

        var report = await reports.GetReportAsync(EngineHarness.Start, EngineHarness.Start.AddDays(14), "office");
        var calendarTime = await reports.GetReportAsync(EngineHarness.Start, EngineHarness.Start.AddDays(14));

        Assert.Equal(3, report.Overall.Tickets);
        Assert.Equal(2, report.Overall.AnsweredTickets);
        Assert.Equal(TimeSpan.FromMinutes(30) + TimeSpan.FromHours(66), report.Overall.FirstResponse.Average * 2);
        Assert.Equal(TimeSpan.FromMinutes(30) + TimeSpan.FromHours(2), report.Overall.FirstResponseBusiness.Average * 2);
        Assert.Equal(report.Overall.FirstResponse.Average, calendarTime.Overall.FirstResponseBusiness.Average);
        Assert.Equal(1, report.Overall.ReopenedTickets);
        Assert.Equal(1.0, report.Overall.ReopenRate);
        Assert.Equal(TimeSpan.FromHours(2), report.Overall.Resolution.Average);
        Assert.Equal(1, report.ByChannel[Channels.Messenger].Tickets);
        Assert.Equal(0, report.ByChannel[Channels.WhatsApp].AnsweredTickets);
        Assert.Equal(1, report.ByChannel[Channels.X].AnsweredTickets);
        Assert.Equal(unanswered.Id, h.Store.GetTickets().Single(t => t.Conversation.Channel == Channels.WhatsApp).Id);
        Assert.True(report.ByAgent.ContainsKey(new AgentId("zoe")));
        Assert.Equal("office", report.Calendar);
        Assert.Equal("AlwaysOpen", calendarTime.Calendar);
        await Assert.ThrowsAsync<ArgumentException>(() => reports.GetReportAsync(EngineHarness.Start, EngineHarness.Start.AddDays(1), "nope"));
    }
}
