namespace SocialCare.Core.Tests.Metrics;

// Hand-computed figures. 2026-03-02 and 2026-03-09 are Mondays; business time is 09:00-17:00 UTC, Monday to Friday.
//
// Ticket A (facebook, assigned to alice, created Mon 2 09:00):
//   09:00 customer, 09:02 customer, 09:03 note (bob), 09:04 bot, 09:10 alice       -> run 1: 10 min, 2 messages (alice)
//   09:11 customer reaction, 09:20 customer, 09:25 bob failed, 09:50 bob           -> run 2: 30 min, 1 message (bob)
//   10:00 customer (unanswered)
//   resolved 11:00 (2 h), reopened 12:00, resolved again 13:00.
// Ticket B (whatsapp, assigned to bob, created Fri 6 16:00):
//   Fri 16:00 customer, Mon 9 10:00 bob (66 h; business 2 h), 10:05 customer, 10:25 alice (20 min)
//   resolved Mon 9 11:00 (67 h; business 3 h).
// Ticket C (facebook, assigned to alice, created Tue 3 08:00): 08:00 customer, 08:30 note; never answered nor resolved.
// Ticket D (whatsapp, unassigned, created Wed 4 12:00): 12:00 customer, 12:01 bot, 12:30 alice (30 min); ResolvedAt 13:00.
// Tickets E (created before the period) and F (created at its end) are answered and resolved but must not count.
public class TicketMetricsTests
{
    private const string Alice = "alice";
    private const string Bob = "bob";
    private static readonly DateTimeOffset From = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void OfficeHours_FridayAfternoonToMondayMorning_CountsOnlyWeekdayHours()
    {
        Assert.Equal(TimeSpan.FromHours(2), OfficeHours(At(6, 16), At(9, 10)));
        Assert.Equal(TimeSpan.Zero, OfficeHours(At(7, 10), At(8, 20)));
        Assert.Equal(TimeSpan.FromMinutes(10), OfficeHours(At(2, 9), At(2, 9, 10)));
        Assert.Equal(TimeSpan.Zero, OfficeHours(At(2, 10), At(2, 9)));
    }

    [Fact]
    public void Compute_MixedTickets_CountsMessageAndTicketResponseRates()
    {
        var overall = ComputeScenario().Overall;

        Assert.Equal(4, overall.Tickets);
        Assert.Equal(8, overall.CustomerMessages);
        Assert.Equal(6, overall.AnsweredCustomerMessages);
        Assert.Equal(0.75, overall.MessageResponseRate);
        Assert.Equal(3, overall.AnsweredTickets);
        Assert.Equal(0.75, overall.TicketResponseRate);
    }

    [Fact]
    public void Compute_MixedTickets_MeasuresFirstResponseFromFirstCustomerMessage()
    {
        var overall = ComputeScenario().Overall;

        // A 10 min, B 66 h, D 30 min: (10 + 3960 + 30) / 3 = 4000 / 3 min = 80000 s.
        Assert.Equal(Summary(3, TimeSpan.FromSeconds(80_000), TimeSpan.FromMinutes(30), TimeSpan.FromHours(66)), overall.FirstResponse);

        // A 10 min, B 2 h, D 30 min: 160 / 3 min = 3200 s.
        Assert.Equal(Summary(3, TimeSpan.FromSeconds(3_200), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2)), overall.FirstResponseBusiness);
    }

    [Fact]
    public void Compute_MixedTickets_MeasuresEachAnsweredWaitingRun()
    {
        var overall = ComputeScenario().Overall;

        // Runs: A 10 min and 30 min, B 66 h and 20 min, D 30 min; A's last message is unanswered and not measured.
        Assert.Equal(Summary(5, TimeSpan.FromMinutes(810), TimeSpan.FromMinutes(30), TimeSpan.FromHours(66)), overall.Response);

        // Business: 10, 30, 120, 20, 30 min.
        Assert.Equal(Summary(5, TimeSpan.FromMinutes(42), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2)), overall.ResponseBusiness);
    }

    [Fact]
    public void Compute_MixedTickets_MeasuresFirstResolutionAndReopenRate()
    {
        var overall = ComputeScenario().Overall;

        // A 2 h (its first resolution, not ResolvedAt 13:00), B 67 h, D 1 h (from ResolvedAt, no history).
        Assert.Equal(3, overall.ResolvedTickets);
        Assert.Equal(Summary(3, new TimeSpan(23, 20, 0), TimeSpan.FromHours(2), TimeSpan.FromHours(67)), overall.Resolution);
        Assert.Equal(Summary(3, TimeSpan.FromHours(2), TimeSpan.FromHours(2), TimeSpan.FromHours(3)), overall.ResolutionBusiness);
        Assert.Equal(1, overall.ReopenedTickets);
        Assert.Equal(1.0 / 3, overall.ReopenRate);
    }

    [Fact]
    public void Compute_TicketOverWeekend_BusinessTimeExcludesClosedHours()
    {
        var b = TicketB();

        var overall = Compute(b).Overall;

        Assert.Equal(TimeSpan.FromHours(66), overall.FirstResponse.Maximum);
        Assert.Equal(TimeSpan.FromHours(2), overall.FirstResponseBusiness.Maximum);
        Assert.Equal(TimeSpan.FromHours(67), overall.Resolution.Maximum);
        Assert.Equal(TimeSpan.FromHours(3), overall.ResolutionBusiness.Maximum);
        Assert.Equal(new[] { TimeSpan.FromMinutes(20), TimeSpan.FromHours(66) }, new[] { overall.Response.Median, overall.Response.Maximum });
        Assert.Equal(new[] { TimeSpan.FromMinutes(20), TimeSpan.FromHours(2) }, new[] { overall.ResponseBusiness.Median, overall.ResponseBusiness.Maximum });
    }

    [Fact]
    public void Compute_MixedTickets_SplitsByConversationChannel()
    {
        var report = ComputeScenario();

        Assert.Equal(new[] { ChannelId.Facebook, ChannelId.WhatsApp }, report.ByChannel.Keys.OrderBy(k => k.Value));

        var facebook = report.ByChannel[ChannelId.Facebook];
        Assert.Equal((2, 5, 3, 0.6, 1, 0.5), (facebook.Tickets, facebook.CustomerMessages, facebook.AnsweredCustomerMessages, facebook.MessageResponseRate, facebook.AnsweredTickets, facebook.TicketResponseRate));
        Assert.Equal(Summary(1, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10)), facebook.FirstResponse);

        // Two runs, 10 and 30 min: the median of an even count is the lower middle value.
        Assert.Equal(Summary(2, TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(30)), facebook.Response);
        Assert.Equal((1, 1, 1.0), (facebook.ResolvedTickets, facebook.ReopenedTickets, facebook.ReopenRate));

        var whatsApp = report.ByChannel[ChannelId.WhatsApp];
        Assert.Equal((2, 3, 3, 1.0, 2, 1.0), (whatsApp.Tickets, whatsApp.CustomerMessages, whatsApp.AnsweredCustomerMessages, whatsApp.MessageResponseRate, whatsApp.AnsweredTickets, whatsApp.TicketResponseRate));
        Assert.Equal(Summary(2, new TimeSpan(33, 15, 0), TimeSpan.FromMinutes(30), TimeSpan.FromHours(66)), whatsApp.FirstResponse);
        Assert.Equal(Summary(3, TimeSpan.FromSeconds(80_200), TimeSpan.FromMinutes(30), TimeSpan.FromHours(66)), whatsApp.Response);
        Assert.Equal((2, 0, 0.0), (whatsApp.ResolvedTickets, whatsApp.ReopenedTickets, whatsApp.ReopenRate));
    }

    [Fact]
    public void Compute_MixedTickets_TicketFiguresGoToAssigneeAndAnswersToAnswerer()
    {
        var report = ComputeScenario();

        Assert.Equal(new[] { Alice, Bob }, report.ByAgent.Keys.Select(k => k.Value).Order());

        // Alice is assigned A and C; she answered A's first run (2 messages), B's second run and D (unassigned).
        var alice = report.ByAgent[new AgentId(Alice)];
        Assert.Equal((2, 5, 4, 0.8, 1, 0.5), (alice.Tickets, alice.CustomerMessages, alice.AnsweredCustomerMessages, alice.MessageResponseRate, alice.AnsweredTickets, alice.TicketResponseRate));
        Assert.Equal(Summary(1, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10)), alice.FirstResponse);
        Assert.Equal(Summary(3, TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(30)), alice.Response);
        Assert.Equal((1, 1, 1.0), (alice.ResolvedTickets, alice.ReopenedTickets, alice.ReopenRate));
        Assert.Equal(TimeSpan.FromHours(2), alice.Resolution.Maximum);

        // Bob is assigned B; he answered A's second run and B's first run.
        var bob = report.ByAgent[new AgentId(Bob)];
        Assert.Equal((1, 2, 2, 1.0, 1, 1.0), (bob.Tickets, bob.CustomerMessages, bob.AnsweredCustomerMessages, bob.MessageResponseRate, bob.AnsweredTickets, bob.TicketResponseRate));
        Assert.Equal(Summary(1, TimeSpan.FromHours(66), TimeSpan.FromHours(66), TimeSpan.FromHours(66)), bob.FirstResponse);
        Assert.Equal(Summary(1, TimeSpan.FromHours(2), TimeSpan.FromHours(2), TimeSpan.FromHours(2)), bob.FirstResponseBusiness);
        Assert.Equal(Summary(2, new TimeSpan(33, 15, 0), TimeSpan.FromMinutes(30), TimeSpan.FromHours(66)), bob.Response);
        Assert.Equal((1, 0, 0.0), (bob.ResolvedTickets, bob.ReopenedTickets, bob.ReopenRate));
    }

    [Fact]
    public void Compute_OnlyNotesBotsAndFailedReplies_TicketIsUnanswered()
    {
        var ticket = NewTicket("t1", ChannelId.X, At(2, 9), Alice);
        var record = Record(ticket, [
            FromCustomer(ticket, At(2, 9)),
            Note(ticket, At(2, 9, 1), Alice),
            FromBot(ticket, At(2, 9, 2)),
            Reply(ticket, At(2, 9, 3), Alice, DeliveryStatus.Failed),
            Reply(ticket, At(2, 9, 4), Alice) with { Direction = MessageDirection.Inbound },
            Reply(ticket, At(2, 9, 5), Alice) with { Author = AuthorKind.System },
        ]);

        var overall = Compute(record).Overall;

        Assert.Equal((1, 0, 0.0, 0, 0.0), (overall.CustomerMessages, overall.AnsweredCustomerMessages, overall.MessageResponseRate, overall.AnsweredTickets, overall.TicketResponseRate));
        Assert.Equal(DurationSummary.Empty, overall.FirstResponse);
        Assert.Equal(DurationSummary.Empty, overall.Response);
    }

    [Fact]
    public void Compute_PendingReply_CountsAsAnswer()
    {
        var ticket = NewTicket("t1", ChannelId.X, At(2, 9), Alice);
        var record = Record(ticket, [FromCustomer(ticket, At(2, 9)), Reply(ticket, At(2, 9, 5), Alice, DeliveryStatus.Pending)]);

        var overall = Compute(record).Overall;

        Assert.Equal((1, 1), (overall.AnsweredCustomerMessages, overall.AnsweredTickets));
        Assert.Equal(TimeSpan.FromMinutes(5), overall.FirstResponse.Maximum);
    }

    [Fact]
    public void Compute_ReactionOnlyMessages_AreNeitherCustomerMessagesNorAnswers()
    {
        var ticket = NewTicket("t1", ChannelId.X, At(2, 9), Alice);
        var record = Record(ticket, [
            Reaction(FromCustomer(ticket, At(2, 9))),
            FromCustomer(ticket, At(2, 9, 10)),
            Reaction(Reply(ticket, At(2, 9, 20), Alice)),
            FromCustomer(ticket, At(2, 9, 30)) with { Parts = [new ReactionPart("👍", new NetworkMessageId("n1")), new TextPart("thanks")] },
            Reply(ticket, At(2, 9, 40), Alice),
        ]);

        var overall = Compute(record).Overall;

        // The reaction-only message neither opens the run nor counts; the agent's reaction does not close it; a reaction with text is a message.
        Assert.Equal((2, 2), (overall.CustomerMessages, overall.AnsweredCustomerMessages));
        Assert.Equal(Summary(1, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(30)), overall.FirstResponse);
        Assert.Equal(Summary(1, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(30)), overall.Response);
    }

    [Fact]
    public void Compute_AnswerSentBeforeALaterRecordedMessage_DoesNotAnswerIt()
    {
        var ticket = NewTicket("t1", ChannelId.X, At(2, 9), Alice);
        var record = Record(ticket, [
            FromCustomer(ticket, At(2, 10, 5)),
            Reply(ticket, At(2, 10, 3), Alice),
            FromCustomer(ticket, At(2, 10, 10)),
            Reply(ticket, At(2, 10, 20), Alice),
        ]);

        var overall = Compute(record).Overall;

        Assert.Equal((2, 2), (overall.CustomerMessages, overall.AnsweredCustomerMessages));
        Assert.Equal(Summary(1, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15)), overall.FirstResponse);
        Assert.Equal(Summary(1, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15)), overall.Response);
    }

    [Fact]
    public void Compute_AnswerAtTheSameInstant_AnswersWithZeroDelay()
    {
        var ticket = NewTicket("t1", ChannelId.X, At(2, 9), Alice);
        var record = Record(ticket, [FromCustomer(ticket, At(2, 10)), Reply(ticket, At(2, 10), Alice)]);

        var overall = Compute(record).Overall;

        Assert.Equal(1, overall.AnsweredCustomerMessages);
        Assert.Equal(Summary(1, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero), overall.Response);
    }

    [Fact]
    public void Compute_NoCustomerMessage_FirstResponseFromCreation()
    {
        var ticket = NewTicket("t1", ChannelId.X, At(2, 9), Alice);
        var record = Record(ticket, [Reply(ticket, At(2, 9, 5), Alice)]);

        var overall = Compute(record).Overall;

        Assert.Equal((0, null, 1, 1.0), (overall.CustomerMessages, overall.MessageResponseRate, overall.AnsweredTickets, overall.TicketResponseRate));
        Assert.Equal(Summary(1, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5)), overall.FirstResponse);
        Assert.Equal(DurationSummary.Empty, overall.Response);
    }

    [Fact]
    public void Compute_ReopenCountWithoutHistory_CountsResolvedAndReopened()
    {
        var ticket = NewTicket("t1", ChannelId.X, At(2, 9), Alice) with { ResolvedAt = At(2, 12), ReopenCount = 1 };

        var overall = Compute(Record(ticket, [])).Overall;

        Assert.Equal((1, 1, 1.0), (overall.ResolvedTickets, overall.ReopenedTickets, overall.ReopenRate));
        Assert.Equal(Summary(1, TimeSpan.FromHours(3), TimeSpan.FromHours(3), TimeSpan.FromHours(3)), overall.Resolution);
    }

    [Fact]
    public void Compute_UnresolvedTickets_ReopenRateIsNull()
    {
        var ticket = NewTicket("t1", ChannelId.X, At(2, 9), Alice);
        var history = new[] { Change(ticket, At(2, 9, 5), TicketState.New, TicketState.Open), Change(ticket, At(2, 10), TicketState.Open, TicketState.Pending) };

        var overall = Compute(Record(ticket, [], history)).Overall;

        Assert.Equal((1, 0, 0, (double?)null), (overall.Tickets, overall.ResolvedTickets, overall.ReopenedTickets, overall.ReopenRate));
        Assert.Equal(DurationSummary.Empty, overall.Resolution);
    }

    [Fact]
    public void Compute_NoTickets_ReturnsNullRatesAndEmptyDurations()
    {
        var report = TicketMetrics.Compute([], From, To, "office", OfficeHours);

        var overall = report.Overall;
        Assert.Equal((0, 0, 0, 0, 0, 0), (overall.Tickets, overall.CustomerMessages, overall.AnsweredCustomerMessages, overall.AnsweredTickets, overall.ResolvedTickets, overall.ReopenedTickets));
        Assert.Null(overall.MessageResponseRate);
        Assert.Null(overall.TicketResponseRate);
        Assert.Null(overall.ReopenRate);
        Assert.All(
            new[] { overall.FirstResponse, overall.FirstResponseBusiness, overall.Response, overall.ResponseBusiness, overall.Resolution, overall.ResolutionBusiness },
            summary => Assert.Equal(DurationSummary.Empty, summary));
        Assert.Empty(report.ByChannel);
        Assert.Empty(report.ByAgent);
        Assert.Equal((From, To, "office"), (report.From, report.To, report.Calendar));
    }

    [Fact]
    public void Compute_TicketsOutsidePeriod_AreExcluded()
    {
        var report = Compute(TicketE(), TicketF());

        Assert.Equal(0, report.Overall.Tickets);
        Assert.Equal(0, report.Overall.CustomerMessages);
        Assert.Equal(DurationSummary.Empty, report.Overall.Response);
        Assert.Empty(report.ByChannel);
        Assert.Empty(report.ByAgent);
    }

    [Fact]
    public void Compute_ToBeforeFrom_Throws()
        => Assert.Throws<ArgumentOutOfRangeException>(() => TicketMetrics.Compute([], To, From, "office", OfficeHours));

    [Fact]
    public void Compute_NullRecord_Throws()
        => Assert.Throws<ArgumentException>(() => TicketMetrics.Compute([null!], From, To, "office", OfficeHours));

    [Fact]
    public void Compute_NullCalendar_Throws()
        => Assert.Throws<ArgumentNullException>(() => TicketMetrics.Compute([], From, To, (BusinessCalendar)null!));

    private static TicketMetricsReport ComputeScenario()
        => Compute(TicketE(), TicketA(), TicketB(), TicketC(), TicketD(), TicketF());

    private static TicketMetricsReport Compute(params TicketRecord[] records)
        => TicketMetrics.Compute(records, From, To, "office", OfficeHours);

    private static TicketRecord TicketA()
    {
        var t = NewTicket("a", ChannelId.Facebook, At(2, 9), Alice) with { ResolvedAt = At(2, 13) };
        return Record(
            t,
            [
                FromCustomer(t, At(2, 9)),
                FromCustomer(t, At(2, 9, 2)),
                Note(t, At(2, 9, 3), Bob),
                FromBot(t, At(2, 9, 4)),
                Reply(t, At(2, 9, 10), Alice),
                Reaction(FromCustomer(t, At(2, 9, 11))),
                FromCustomer(t, At(2, 9, 20)),
                Reply(t, At(2, 9, 25), Bob, DeliveryStatus.Failed),
                Reply(t, At(2, 9, 50), Bob),
                FromCustomer(t, At(2, 10)),
            ],
            [
                Change(t, At(2, 9, 10), TicketState.New, TicketState.Open),
                Change(t, At(2, 11), TicketState.Open, TicketState.Resolved),
                Change(t, At(2, 12), TicketState.Resolved, TicketState.Open),
                Change(t, At(2, 13), TicketState.Open, TicketState.Resolved),
            ]);
    }

    private static TicketRecord TicketB()
    {
        var t = NewTicket("b", ChannelId.WhatsApp, At(6, 16), Bob) with { ResolvedAt = At(9, 11) };
        return Record(
            t,
            [FromCustomer(t, At(6, 16)), Reply(t, At(9, 10), Bob), FromCustomer(t, At(9, 10, 5)), Reply(t, At(9, 10, 25), Alice)],
            [Change(t, At(9, 10), TicketState.New, TicketState.Open), Change(t, At(9, 11), TicketState.Open, TicketState.Resolved)]);
    }

    private static TicketRecord TicketC()
    {
        var t = NewTicket("c", ChannelId.Facebook, At(3, 8), Alice);
        return Record(t, [FromCustomer(t, At(3, 8)), Note(t, At(3, 8, 30), Alice)]);
    }

    private static TicketRecord TicketD()
    {
        var t = NewTicket("d", ChannelId.WhatsApp, At(4, 12), assignee: null) with { ResolvedAt = At(4, 13) };
        return Record(t, [FromCustomer(t, At(4, 12)), FromBot(t, At(4, 12, 1)), Reply(t, At(4, 12, 30), Alice)]);
    }

    private static TicketRecord TicketE()
    {
        var t = NewTicket("e", ChannelId.Facebook, From.AddTicks(-1), Alice) with { ResolvedAt = From.AddHours(1) };
        return Record(t, [FromCustomer(t, From.AddTicks(-1)), Reply(t, From.AddMinutes(1), Alice)]);
    }

    private static TicketRecord TicketF()
    {
        var t = NewTicket("f", ChannelId.WhatsApp, To, Bob) with { ResolvedAt = To.AddHours(1) };
        return Record(t, [FromCustomer(t, To), Reply(t, To.AddMinutes(1), Bob)]);
    }

    // 09:00-17:00 UTC, Monday to Friday.
    private static TimeSpan OfficeHours(DateTimeOffset from, DateTimeOffset to)
    {
        var start = from.UtcDateTime;
        var end = to.UtcDateTime;
        var total = TimeSpan.Zero;
        for (var day = start.Date; day < end; day = day.AddDays(1))
        {
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                continue;
            }

            var open = day.AddHours(9) > start ? day.AddHours(9) : start;
            var close = day.AddHours(17) < end ? day.AddHours(17) : end;
            if (close > open)
            {
                total += close - open;
            }
        }

        return total;
    }

    private static DateTimeOffset At(int marchDay, int hour, int minute = 0) => new(2026, 3, marchDay, hour, minute, 0, TimeSpan.Zero);

    private static DurationSummary Summary(int count, TimeSpan average, TimeSpan median, TimeSpan maximum) => new(count, average, median, maximum);

    private static Ticket NewTicket(string id, ChannelId channel, DateTimeOffset createdAt, string? assignee)
        => new(new TicketId(id), new ConversationRef(channel, new ChannelAccountId("brand"), new ThreadId("thread-" + id), ConversationVisibility.Private), new CustomerId("customer-" + id), TicketState.Open, createdAt, 1)
        {
            Assignee = assignee is null ? null : new AgentId(assignee),
        };

    private static TicketRecord Record(Ticket ticket, Message[] messages, TicketHistoryEntry[]? history = null) => new(ticket, messages, history ?? []);

    private static TicketHistoryEntry Change(Ticket ticket, DateTimeOffset at, TicketState from, TicketState to) => new(ticket.Id, at, from, to, "changed");

    private static Message FromCustomer(Ticket ticket, DateTimeOffset at)
        => new(new MessageId($"{ticket.Id}-in-{at.Ticks}"), ticket.Id, ticket.Conversation, MessageDirection.Inbound, AuthorKind.Customer, at, [new TextPart("help")]);

    private static Message Reply(Ticket ticket, DateTimeOffset at, string agent, DeliveryStatus status = DeliveryStatus.Sent)
        => new(new MessageId($"{ticket.Id}-out-{at.Ticks}"), ticket.Id, ticket.Conversation, MessageDirection.Outbound, AuthorKind.Agent, at, [new TextPart("on it")])
        {
            Agent = new AgentId(agent),
            Status = status,
        };

    private static Message FromBot(Ticket ticket, DateTimeOffset at)
        => new(new MessageId($"{ticket.Id}-bot-{at.Ticks}"), ticket.Id, ticket.Conversation, MessageDirection.Outbound, AuthorKind.Bot, at, [new TextPart("An agent will be with you shortly.")])
        {
            Status = DeliveryStatus.Delivered,
        };

    private static Message Note(Ticket ticket, DateTimeOffset at, string agent)
        => Reply(ticket, at, agent, DeliveryStatus.None) with { Conversation = ticket.Conversation with { Visibility = ConversationVisibility.Internal } };

    private static Message Reaction(Message message) => message with { Parts = [new ReactionPart("👍", new NetworkMessageId("net-1"))] };
}
