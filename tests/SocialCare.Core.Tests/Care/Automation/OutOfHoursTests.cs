using Microsoft.Extensions.Options;
using SocialCare.Core.Tests.Engine;

namespace SocialCare.Core.Tests.Care.Automation;

public sealed class OutOfHoursTests
{
    // The harness's clock starts on Monday 2026-01-05 at 09:00 UTC.
    private static readonly BusinessCalendar Office = new("office", TimeZoneInfo.Utc, BusinessPeriod.Parse("Mon-Fri 09:00-17:00"));

    private static EngineHarness Harness() => new(o =>
    {
        o.Sla.Calendars["office"] = Office;
        o.AutoReply.OutOfHours = true;
    });

    private static async Task<IReadOnlyList<Message>> NoticesAsync(EngineHarness harness, TicketId id)
        => [.. (await harness.MessagesAsync(id)).Where(m => m.Author == AuthorKind.Bot)];

    [Fact]
    public async Task WhileOpen_NoNotice()
    {
        await using var harness = Harness();
        var ticket = await harness.SayAsync("anna", "Hello");
        Assert.Empty(await NoticesAsync(harness, ticket.Id));
    }

    [Fact]
    public async Task WhileClosed_OneNoticePerClosedPeriod_SayingWhenWeOpen()
    {
        await using var harness = Harness();
        harness.Time.Advance(TimeSpan.FromHours(11)); // Monday 20:00

        var ticket = await harness.SayAsync("anna", "Hello, anyone there?");
        var notice = Assert.Single(await NoticesAsync(harness, ticket.Id));
        var text = Assert.IsType<TextPart>(Assert.Single(notice.Parts)).Text;
        Assert.StartsWith("Thanks for your message! We're closed right now", text, StringComparison.Ordinal);
        Assert.Contains("Tue 6 Jan 09:00", text, StringComparison.Ordinal);

        harness.Time.Advance(TimeSpan.FromHours(2)); // still the same night
        await harness.SayAsync("anna", "Hello??");
        Assert.Single(await NoticesAsync(harness, ticket.Id));

        harness.Time.Advance(TimeSpan.FromHours(24)); // Tuesday 22:00: the business opened and closed since
        await harness.SayAsync("anna", "Still waiting");
        Assert.Equal(2, (await NoticesAsync(harness, ticket.Id)).Count);
        Assert.NotNull((await harness.TicketAsync(ticket.Id)).Automation!.OutOfHoursNoticeAt);
        Assert.Null((await harness.TicketAsync(ticket.Id)).FirstResponseAt);
    }

    [Fact]
    public async Task PublicThreads_GetNoNotice()
    {
        await using var harness = Harness();
        harness.Time.Advance(TimeSpan.FromHours(11)); // Monday 20:00

        var comment = await harness.SayAsync("anna", "Are you open tomorrow?", post: "post-1");
        var mention = await harness.SayAsync("priya", "@acme are you open tomorrow?", Channels.X, post: "tweet-1");

        Assert.Empty(await NoticesAsync(harness, comment.Id));
        Assert.Empty(await NoticesAsync(harness, mention.Id));
        var chat = await harness.SayAsync("anna", "Hello?");
        Assert.Single(await NoticesAsync(harness, chat.Id));
    }

    [Fact]
    public async Task TheNoticeSpeaksTheCustomersLanguage()
    {
        await using var harness = Harness();
        harness.Time.Advance(TimeSpan.FromHours(11));
        var customer = await harness.Customers.ResolveAsync(EngineHarness.Person("marco"), default);
        await harness.Customers.UpdateAsync(customer with { Language = "it-IT" }, default);

        var ticket = await harness.SayAsync("marco", "Ciao");

        var text = Assert.IsType<TextPart>(Assert.Single(Assert.Single(await NoticesAsync(harness, ticket.Id)).Parts)).Text;
        Assert.StartsWith("Grazie per il messaggio!", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAKnownLanguage_TheNoticeFollowsWhatTheCustomerWrote()
    {
        await using var harness = Harness();
        harness.Time.Advance(TimeSpan.FromHours(11));

        var ticket = await harness.SayAsync("marco", "Buonasera, vorrei sapere dove è il mio ordine");

        var notice = Assert.Single(await NoticesAsync(harness, ticket.Id));
        Assert.Equal(AutomaticMessageKind.OutOfHours, notice.Automation);
        var text = Assert.IsType<TextPart>(Assert.Single(notice.Parts)).Text;
        Assert.StartsWith("Grazie per il messaggio!", text, StringComparison.Ordinal);
        Assert.Contains("mar 6 gen 09:00", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHandoverRequest_AtNight_GetsTheNotice_ButNoAutomaticAnswer()
    {
        await using var harness = new EngineHarness(
            o =>
            {
                o.Sla.Calendars["office"] = Office;
                o.AutoReply.OutOfHours = true;
            },
            builder => builder.AddAutoResponder<ScriptedResponder>());
        harness.Time.Advance(TimeSpan.FromHours(11));

        var ticket = await harness.SayAsync("anna", "I want to talk to a human about your opening hours");

        // The person asked for answers when the business opens; the notice says when.
        var notice = Assert.Single(await NoticesAsync(harness, ticket.Id));
        Assert.StartsWith("Thanks for your message!", Assert.IsType<TextPart>(Assert.Single(notice.Parts)).Text, StringComparison.Ordinal);
        Assert.Empty(((ScriptedResponder)harness.Services.GetRequiredService<IAutoResponder>()).Asked);
        Assert.NotNull((await harness.TicketAsync(ticket.Id)).Automation!.HumanRequestedAt);
    }

    [Theory]
    [InlineData(null, 2, "SocialCare:AutoReply:Calendar must name the business calendar")]
    [InlineData("shop", 1, "SocialCare:AutoReply:Calendar names 'shop'")]
    public void OutOfHoursWithoutACalendar_FailsAtStartUp_NamingTheOption(string? calendar, int calendars, string expected)
    {
        var services = new ServiceCollection();
        services.AddSocialCare(o =>
        {
            o.AutoReply.OutOfHours = true;
            o.AutoReply.Calendar = calendar;
            for (var i = 0; i < calendars; i++)
            {
                o.Sla.Calendars["office" + i] = Office;
            }
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SocialCareOptions>>().Value);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
