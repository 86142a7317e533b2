using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>Computes response, resolution and reopen metrics from tickets, their messages and their history.</summary>
/// <remarks>
/// <para>Pure computation: nothing is read from a store or a clock. Each ticket's messages and history are read once, in
/// recording order.</para>
/// <para><b>Period.</b> Only tickets created in [<c>from</c>, <c>to</c>) are counted; the caller is expected to pass those,
/// and others are skipped.</para>
/// <para><b>Customer message.</b> A message that is <see cref="MessageDirection.Inbound"/>, written by
/// <see cref="AuthorKind.Customer"/>, not in an <see cref="ConversationVisibility.Internal"/> conversation, and with at
/// least one part that is not a <see cref="ReactionPart"/> (a reaction is not a message; a message without parts is not
/// counted either).</para>
/// <para><b>Person's answer.</b> A message that is <see cref="MessageDirection.Outbound"/>, written by
/// <see cref="AuthorKind.Agent"/> (bots do not count: "answered by a person"), not in an
/// <see cref="ConversationVisibility.Internal"/> conversation (notes never count), not <see cref="DeliveryStatus.Failed"/>,
/// and, like a customer message, with at least one part that is not a <see cref="ReactionPart"/> (an emoji put on the
/// customer's message is not an answer).</para>
/// <para><b>Answered.</b> A customer message is answered when a person's answer recorded after it has a
/// <see cref="Message.SentAt"/> later than or equal to its own. <see cref="TicketMetricsSummary.MessageResponseRate"/> is
/// answered customer messages over customer messages. A ticket is answered when it has at least one person's answer;
/// <see cref="TicketMetricsSummary.TicketResponseRate"/> is answered tickets over tickets.</para>
/// <para><b>First response.</b> From the <see cref="Message.SentAt"/> of the ticket's first customer message (or
/// <see cref="Ticket.CreatedAt"/> when it has none) to the first person's answer recorded after it and sent at or after
/// that instant. Tickets without such an answer are not measured.</para>
/// <para><b>Response times.</b> Customer messages wait until answered. Each person's answer that answers at least one
/// waiting message closes a waiting run and measures the time from the earliest of the messages it answers to the
/// answer. With messages in time order this is: from the first customer message after the previous person's answer (or
/// the ticket's start) to the next person's answer. Runs nobody answered are not measured.</para>
/// <para><b>Resolution.</b> From <see cref="Ticket.CreatedAt"/> to the earliest history entry whose
/// <see cref="TicketHistoryEntry.To"/> is <see cref="TicketState.Resolved"/> (or <see cref="Ticket.ResolvedAt"/> when no
/// entry is); a resolution recorded before creation counts as zero. A ticket is resolved at least once when it has such
/// an entry or instant, or an entry whose <see cref="TicketHistoryEntry.From"/> is <see cref="TicketState.Resolved"/>,
/// or was reopened; so <see cref="TicketMetricsSummary.ResolvedTickets"/> can exceed the count of
/// <see cref="TicketMetricsSummary.Resolution"/> when a resolution instant is unknown.</para>
/// <para><b>Reopen.</b> A ticket is reopened when it has a history entry from <see cref="TicketState.Resolved"/> to
/// <see cref="TicketState.Open"/> or a positive <see cref="Ticket.ReopenCount"/>;
/// <see cref="TicketMetricsSummary.ReopenRate"/> is reopened tickets over resolved tickets.</para>
/// <para><b>Business time.</b> The business variants measure the same intervals with the business calendar
/// (<see cref="BusinessCalendar.GetBusinessTime"/>).</para>
/// <para><b>Grouping.</b> <see cref="TicketMetricsReport.ByChannel"/> groups by the channel of
/// <see cref="Ticket.Conversation"/>. <see cref="TicketMetricsReport.ByAgent"/> gives ticket-level figures (tickets,
/// customer messages, answered tickets, first response, resolution, reopen) to <see cref="Ticket.Assignee"/>, skipping
/// unassigned tickets, and message-level figures (answered customer messages, response times) to the agent who wrote the
/// answer (<see cref="Message.Agent"/>), skipping answers without one.</para>
/// <para><b>Automatic answers.</b> Messages that are <see cref="MessageDirection.Outbound"/>, written by
/// <see cref="AuthorKind.Bot"/>, not failed and with content count in <see cref="TicketMetricsSummary.AutomaticReplies"/>,
/// never as a person's answer, except the satisfaction survey's question and thanks (<see cref="Message.Automation"/> is
/// <see cref="AutomaticMessageKind.SatisfactionSurvey"/> or <see cref="AutomaticMessageKind.SatisfactionThanks"/>), which
/// count nowhere; <see cref="TicketMetricsSummary.AutomaticOnlyTickets"/> counts tickets with automatic answers and no
/// person's answer.</para>
/// <para><b>Satisfaction.</b> Each ticket with a <see cref="Ticket.Satisfaction"/> adds one survey, and with a
/// <see cref="TicketSatisfaction.Rating"/> one response, to its channel and to <see cref="TicketSatisfaction.Agent"/> (or
/// the assignee); <see cref="TicketMetricsSummary.SatisfactionScore"/> (CSAT) is the share of ratings of 4 or 5 and
/// <see cref="TicketMetricsSummary.SatisfactionResponseRate"/> the share of surveys answered. The customer's answer to the
/// survey is not a customer message.</para>
/// <para><b>Redacted content.</b> A message whose content erasure or retention removed (<see cref="Message.RedactedAt"/>)
/// counts as the message it was, so that the figures do not change when content goes.</para>
/// <para><b>Summaries.</b> Averages are total ticks over count; medians of an even count are the lower of the two middle
/// values.</para>
/// </remarks>
public static class TicketMetrics
{
    /// <summary>Computes the metrics of the tickets created in a period.</summary>
    /// <param name="tickets">The tickets with their messages and history; tickets created outside the period are skipped.</param>
    /// <param name="from">The start of the period (inclusive).</param>
    /// <param name="to">The end of the period (exclusive).</param>
    /// <param name="calendar">The business calendar for the business-time figures.</param>
    /// <returns>The report. See <see cref="TicketMetrics"/> for the definitions.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tickets"/> or <paramref name="calendar"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="tickets"/> holds a <see langword="null"/> record, message or history entry.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    public static TicketMetricsReport Compute(IEnumerable<TicketRecord> tickets, DateTimeOffset from, DateTimeOffset to, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return Compute(tickets, from, to, calendar.Name, calendar.GetBusinessTime);
    }

    /// <summary>Computes the metrics with business time measured by a function (the seam tests use).</summary>
    /// <param name="tickets">The tickets with their messages and history.</param>
    /// <param name="from">The start of the period (inclusive).</param>
    /// <param name="to">The end of the period (exclusive).</param>
    /// <param name="calendarName">The name reported as <see cref="TicketMetricsReport.Calendar"/>.</param>
    /// <param name="businessTime">Measures the business time between two instants, as <see cref="BusinessCalendar.GetBusinessTime"/> does.</param>
    /// <returns>The report.</returns>
    internal static TicketMetricsReport Compute(
        IEnumerable<TicketRecord> tickets,
        DateTimeOffset from,
        DateTimeOffset to,
        string calendarName,
        Func<DateTimeOffset, DateTimeOffset, TimeSpan> businessTime)
    {
        ArgumentNullException.ThrowIfNull(tickets);
        ArgumentNullException.ThrowIfNull(calendarName);
        ArgumentNullException.ThrowIfNull(businessTime);
        ArgumentOutOfRangeException.ThrowIfLessThan(to, from);

        var overall = new SummaryBuilder();
        var byChannel = new Dictionary<ChannelId, SummaryBuilder>();
        var byAgent = new Dictionary<AgentId, SummaryBuilder>();
        var waiting = new PriorityQueue<DateTimeOffset, DateTimeOffset>();

        foreach (var record in tickets)
        {
            if (record?.Ticket is null || record.Messages is null || record.History is null)
            {
                throw new ArgumentException("A ticket record, its ticket, messages or history is null.", nameof(tickets));
            }

            var ticket = record.Ticket;
            if (ticket.CreatedAt < from || ticket.CreatedAt >= to)
            {
                continue;
            }

            var channel = GetOrAdd(byChannel, ticket.Conversation.Channel);
            var assignee = ticket.Assignee is { } assigneeId ? GetOrAdd(byAgent, assigneeId) : null;
            var facts = new TicketFacts();

            ReadMessages(record.Messages, ticket.CreatedAt, ticket.Satisfaction, businessTime, waiting, overall, channel, byAgent, ref facts);
            ReadHistory(record.History, ticket, businessTime, ref facts);

            overall.AddTicket(facts);
            channel.AddTicket(facts);
            assignee?.AddTicket(facts);
            if (ticket.Satisfaction is { } survey)
            {
                overall.AddSurvey(survey.Rating);
                channel.AddSurvey(survey.Rating);
                if ((survey.Agent ?? ticket.Assignee) is { } credited)
                {
                    GetOrAdd(byAgent, credited).AddSurvey(survey.Rating);
                }
            }
        }

        return new TicketMetricsReport(from, to)
        {
            Overall = overall.Build(),
            ByChannel = byChannel.ToDictionary(pair => pair.Key, pair => pair.Value.Build()).AsReadOnly(),
            ByAgent = byAgent.ToDictionary(pair => pair.Key, pair => pair.Value.Build()).AsReadOnly(),
            Calendar = calendarName,
        };
    }

    private static void ReadMessages(
        IReadOnlyList<Message> messages,
        DateTimeOffset createdAt,
        TicketSatisfaction? survey,
        Func<DateTimeOffset, DateTimeOffset, TimeSpan> businessTime,
        PriorityQueue<DateTimeOffset, DateTimeOffset> waiting,
        SummaryBuilder overall,
        SummaryBuilder channel,
        Dictionary<AgentId, SummaryBuilder> byAgent,
        ref TicketFacts facts)
    {
        // The customer messages still waiting for an answer, earliest SentAt first: an answer takes every one sent at or before it.
        waiting.Clear();
        DateTimeOffset? firstCustomerAt = null;
        DateTimeOffset? firstAnswerAfterCustomer = null;
        DateTimeOffset? firstAnswerAfterCreation = null;

        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i] ?? throw new ArgumentException("A ticket record holds a null message.", "tickets");
            if (IsCustomerMessage(message))
            {
                if (survey is { RatedAt: { } ratedAt } && message.SentAt >= survey.RequestedAt
                    && (message.RedactedAt is null ? TicketEngine.ParseRating(message.Parts) is not null : message.SentAt <= ratedAt))
                {
                    // The answer to the satisfaction survey is not a request that waits for an answer.
                    continue;
                }

                facts.CustomerMessages++;
                firstCustomerAt ??= message.SentAt;
                waiting.Enqueue(message.SentAt, message.SentAt);
                continue;
            }

            if (!IsPersonsAnswer(message))
            {
                if (IsAutomaticAnswer(message))
                {
                    facts.AutomaticReplies++;
                }

                continue;
            }

            var at = message.SentAt;
            facts.Answered = true;
            if (firstAnswerAfterCustomer is null && firstCustomerAt is { } customerAt && at >= customerAt)
            {
                firstAnswerAfterCustomer = at;
            }

            if (firstAnswerAfterCreation is null && at >= createdAt)
            {
                firstAnswerAfterCreation = at;
            }

            if (!waiting.TryPeek(out var runStart, out _) || runStart > at)
            {
                continue;
            }

            var answeredCount = 0;
            while (waiting.TryPeek(out var waitingSince, out _) && waitingSince <= at)
            {
                waiting.Dequeue();
                answeredCount++;
            }

            var response = at - runStart;
            var responseBusiness = businessTime(runStart, at);
            overall.AddAnswer(answeredCount, response, responseBusiness);
            channel.AddAnswer(answeredCount, response, responseBusiness);
            if (message.Agent is { } agent)
            {
                GetOrAdd(byAgent, agent).AddAnswer(answeredCount, response, responseBusiness);
            }
        }

        var firstResponseStart = firstCustomerAt ?? createdAt;
        var firstResponseEnd = firstCustomerAt is null ? firstAnswerAfterCreation : firstAnswerAfterCustomer;
        if (firstResponseEnd is { } end)
        {
            facts.FirstResponse = end - firstResponseStart;
            facts.FirstResponseBusiness = businessTime(firstResponseStart, end);
        }
    }

    private static void ReadHistory(
        IReadOnlyList<TicketHistoryEntry> history,
        Ticket ticket,
        Func<DateTimeOffset, DateTimeOffset, TimeSpan> businessTime,
        ref TicketFacts facts)
    {
        DateTimeOffset? resolvedAt = null;
        var wasResolved = false;
        var reopened = ticket.ReopenCount > 0;

        for (var i = 0; i < history.Count; i++)
        {
            var entry = history[i] ?? throw new ArgumentException("A ticket record holds a null history entry.", "tickets");
            if (entry.To == TicketState.Resolved && (resolvedAt is null || entry.At < resolvedAt))
            {
                resolvedAt = entry.At;
            }

            if (entry.From == TicketState.Resolved)
            {
                wasResolved = true;
                reopened |= entry.To == TicketState.Open;
            }
        }

        resolvedAt ??= ticket.ResolvedAt;
        facts.Resolved = wasResolved || reopened || resolvedAt is not null;
        facts.Reopened = reopened;
        if (resolvedAt is { } resolved)
        {
            var resolution = resolved - ticket.CreatedAt;
            facts.Resolution = resolution < TimeSpan.Zero ? TimeSpan.Zero : resolution;
            facts.ResolutionBusiness = businessTime(ticket.CreatedAt, resolved);
        }
    }

    private static bool IsCustomerMessage(Message message)
        => message.Direction == MessageDirection.Inbound
        && message.Author == AuthorKind.Customer
        && message.Conversation.Visibility != ConversationVisibility.Internal
        && HadContent(message);

    private static bool IsAutomaticAnswer(Message message)
        => message.Direction == MessageDirection.Outbound
        && message.Author == AuthorKind.Bot
        && message.Automation is not (AutomaticMessageKind.SatisfactionSurvey or AutomaticMessageKind.SatisfactionThanks)
        && message.Status != DeliveryStatus.Failed
        && HadContent(message);

    private static bool IsPersonsAnswer(Message message)
        => message.Direction == MessageDirection.Outbound
        && message.Author == AuthorKind.Agent
        && message.Conversation.Visibility != ConversationVisibility.Internal
        && message.Status != DeliveryStatus.Failed
        && HadContent(message);

    // Content redacted by erasure or retention counts as the content it was: the metrics stay right.
    private static bool HadContent(Message message) => message.RedactedAt is not null || HasContent(message.Parts);

    // At least one part that is not a reaction.
    private static bool HasContent(IReadOnlyList<MessagePart>? parts)
    {
        if (parts is null)
        {
            return false;
        }

        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i] is not (ReactionPart or null))
            {
                return true;
            }
        }

        return false;
    }

    private static SummaryBuilder GetOrAdd<TKey>(Dictionary<TKey, SummaryBuilder> groups, TKey key)
        where TKey : notnull
    {
        if (!groups.TryGetValue(key, out var builder))
        {
            builder = new SummaryBuilder();
            groups.Add(key, builder);
        }

        return builder;
    }

    private static DurationSummary Summarize(List<TimeSpan> durations)
    {
        if (durations.Count == 0)
        {
            return DurationSummary.Empty;
        }

        durations.Sort();
        Int128 total = 0;
        foreach (var duration in durations)
        {
            total += duration.Ticks;
        }

        var average = TimeSpan.FromTicks((long)(total / durations.Count));
        return new DurationSummary(durations.Count, average, durations[(durations.Count - 1) / 2], durations[^1]);
    }

    private static double? Rate(int part, int whole) => whole == 0 ? null : (double)part / whole;

    // What one ticket contributes to the summaries it belongs to.
    private struct TicketFacts
    {
        public int CustomerMessages;
        public bool Answered;
        public TimeSpan? FirstResponse;
        public TimeSpan? FirstResponseBusiness;
        public bool Resolved;
        public TimeSpan? Resolution;
        public TimeSpan? ResolutionBusiness;
        public bool Reopened;
        public int AutomaticReplies;
    }

    private sealed class SummaryBuilder
    {
        private readonly List<TimeSpan> _firstResponse = [];
        private readonly List<TimeSpan> _firstResponseBusiness = [];
        private readonly List<TimeSpan> _response = [];
        private readonly List<TimeSpan> _responseBusiness = [];
        private readonly List<TimeSpan> _resolution = [];
        private readonly List<TimeSpan> _resolutionBusiness = [];
        private int _tickets;
        private int _customerMessages;
        private int _answeredCustomerMessages;
        private int _answeredTickets;
        private int _resolvedTickets;
        private int _reopenedTickets;
        private int _automaticReplies;
        private int _automaticOnlyTickets;
        private int _surveys;
        private int _ratings;
        private int _ratingTotal;
        private int _satisfiedRatings;

        public void AddSurvey(int? answer)
        {
            _surveys++;
            if (answer is not { } rating)
            {
                return;
            }

            _ratings++;
            _ratingTotal += rating;
            if (rating >= 4)
            {
                _satisfiedRatings++;
            }
        }

        public void AddTicket(in TicketFacts facts)
        {
            _tickets++;
            _customerMessages += facts.CustomerMessages;
            _automaticReplies += facts.AutomaticReplies;
            if (facts.AutomaticReplies > 0 && !facts.Answered)
            {
                _automaticOnlyTickets++;
            }

            if (facts.Answered)
            {
                _answeredTickets++;
            }

            if (facts.FirstResponse is { } firstResponse && facts.FirstResponseBusiness is { } firstResponseBusiness)
            {
                _firstResponse.Add(firstResponse);
                _firstResponseBusiness.Add(firstResponseBusiness);
            }

            if (facts.Resolved)
            {
                _resolvedTickets++;
                if (facts.Reopened)
                {
                    _reopenedTickets++;
                }
            }

            if (facts.Resolution is { } resolution && facts.ResolutionBusiness is { } resolutionBusiness)
            {
                _resolution.Add(resolution);
                _resolutionBusiness.Add(resolutionBusiness);
            }
        }

        public void AddAnswer(int answeredMessages, TimeSpan response, TimeSpan responseBusiness)
        {
            _answeredCustomerMessages += answeredMessages;
            _response.Add(response);
            _responseBusiness.Add(responseBusiness);
        }

        public TicketMetricsSummary Build() => new()
        {
            Tickets = _tickets,
            CustomerMessages = _customerMessages,
            AnsweredCustomerMessages = _answeredCustomerMessages,
            MessageResponseRate = Rate(_answeredCustomerMessages, _customerMessages),
            AnsweredTickets = _answeredTickets,
            TicketResponseRate = Rate(_answeredTickets, _tickets),
            FirstResponse = Summarize(_firstResponse),
            FirstResponseBusiness = Summarize(_firstResponseBusiness),
            Response = Summarize(_response),
            ResponseBusiness = Summarize(_responseBusiness),
            ResolvedTickets = _resolvedTickets,
            Resolution = Summarize(_resolution),
            ResolutionBusiness = Summarize(_resolutionBusiness),
            ReopenedTickets = _reopenedTickets,
            ReopenRate = Rate(_reopenedTickets, _resolvedTickets),
            AutomaticReplies = _automaticReplies,
            AutomaticOnlyTickets = _automaticOnlyTickets,
            SatisfactionSurveys = _surveys,
            SatisfactionResponses = _ratings,
            SatisfactionResponseRate = Rate(_ratings, _surveys),
            SatisfactionAverage = _ratings == 0 ? null : (double)_ratingTotal / _ratings,
            SatisfactionScore = Rate(_satisfiedRatings, _ratings),
        };
    }
}
