using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>One ticket with what happened on it: the input of <see cref="TicketMetrics"/>.</summary>
/// <param name="Ticket">The ticket.</param>
/// <param name="Messages">The ticket's messages in recording order (the order the store returns them), notes included.</param>
/// <param name="History">The ticket's state changes in recording order.</param>
public sealed record TicketRecord(Ticket Ticket, IReadOnlyList<Message> Messages, IReadOnlyList<TicketHistoryEntry> History);

/// <summary>Count, average, median and maximum of a set of durations.</summary>
/// <param name="Count">How many durations were measured.</param>
/// <param name="Average">The mean: the total of the durations' ticks divided by <paramref name="Count"/> (integer division); zero when there are none.</param>
/// <param name="Median">
/// The middle duration once sorted; for an even count, the lower of the two middle values (so it is always a measured
/// duration); zero when there are none.
/// </param>
/// <param name="Maximum">The longest duration; zero when there are none.</param>
public sealed record DurationSummary(int Count, TimeSpan Average, TimeSpan Median, TimeSpan Maximum)
{
    /// <summary>Gets the summary of no durations: a count of zero and zero durations.</summary>
    public static DurationSummary Empty { get; } = new(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
}

/// <summary>Response, resolution and reopen figures for a set of tickets (all of them, one channel's or one agent's).</summary>
/// <remarks>
/// <para>See <see cref="TicketMetrics"/> for what each figure counts. Business-time variants measure the same intervals
/// as their calendar-time counterparts, counting only the time the report's business calendar is open.</para>
/// <para>In <see cref="TicketMetricsReport.ByAgent"/>, ticket-level figures (<see cref="Tickets"/>, <see cref="CustomerMessages"/>,
/// <see cref="AnsweredTickets"/>, <see cref="FirstResponse"/>, resolution and reopen figures) belong to the ticket's assignee, and
/// message-level figures (<see cref="AnsweredCustomerMessages"/>, <see cref="Response"/>) to the agent who answered; so an
/// agent's <see cref="MessageResponseRate"/> exceeds 1 when they answer on colleagues' tickets.</para>
/// </remarks>
public sealed record TicketMetricsSummary
{
    /// <summary>Gets the number of tickets.</summary>
    public int Tickets { get; init; }

    /// <summary>Gets the number of customer messages on the tickets (reactions, notes and messages of the brand excluded).</summary>
    public int CustomerMessages { get; init; }

    /// <summary>Gets the number of customer messages a person answered.</summary>
    public int AnsweredCustomerMessages { get; init; }

    /// <summary>Gets <see cref="AnsweredCustomerMessages"/> divided by <see cref="CustomerMessages"/>; <see langword="null"/> when there are no customer messages.</summary>
    public double? MessageResponseRate { get; init; }

    /// <summary>Gets the number of tickets with at least one answer from a person.</summary>
    public int AnsweredTickets { get; init; }

    /// <summary>Gets <see cref="AnsweredTickets"/> divided by <see cref="Tickets"/>; <see langword="null"/> when there are no tickets.</summary>
    public double? TicketResponseRate { get; init; }

    /// <summary>Gets the times from a ticket's first customer message to the first answer from a person, in calendar time.</summary>
    /// <value>The default is <see cref="DurationSummary.Empty"/>.</value>
    public DurationSummary FirstResponse { get; init; } = DurationSummary.Empty;

    /// <summary>Gets the same intervals as <see cref="FirstResponse"/>, in business time.</summary>
    /// <value>The default is <see cref="DurationSummary.Empty"/>.</value>
    public DurationSummary FirstResponseBusiness { get; init; } = DurationSummary.Empty;

    /// <summary>
    /// Gets the times from a customer's waiting message (the first of a run of unanswered customer messages) to the next
    /// answer from a person, in calendar time. Runs nobody answered are not measured.
    /// </summary>
    /// <value>The default is <see cref="DurationSummary.Empty"/>.</value>
    public DurationSummary Response { get; init; } = DurationSummary.Empty;

    /// <summary>Gets the same intervals as <see cref="Response"/>, in business time.</summary>
    /// <value>The default is <see cref="DurationSummary.Empty"/>.</value>
    public DurationSummary ResponseBusiness { get; init; } = DurationSummary.Empty;

    /// <summary>Gets the number of tickets resolved at least once.</summary>
    public int ResolvedTickets { get; init; }

    /// <summary>Gets the times from a ticket's creation to its first resolution, in calendar time.</summary>
    /// <value>The default is <see cref="DurationSummary.Empty"/>.</value>
    public DurationSummary Resolution { get; init; } = DurationSummary.Empty;

    /// <summary>Gets the same intervals as <see cref="Resolution"/>, in business time.</summary>
    /// <value>The default is <see cref="DurationSummary.Empty"/>.</value>
    public DurationSummary ResolutionBusiness { get; init; } = DurationSummary.Empty;

    /// <summary>Gets the number of resolved tickets that were reopened at least once.</summary>
    public int ReopenedTickets { get; init; }

    /// <summary>Gets <see cref="ReopenedTickets"/> divided by <see cref="ResolvedTickets"/>; <see langword="null"/> when no ticket was resolved.</summary>
    public double? ReopenRate { get; init; }

    /// <summary>
    /// Gets the number of messages automation sent in the customer's service (FAQ answers, self-service lookups,
    /// out-of-hours notices): never counted as a person's answer. Satisfaction surveys and their thanks are not counted
    /// (see <see cref="SatisfactionSurveys"/>).
    /// </summary>
    public int AutomaticReplies { get; init; }

    /// <summary>Gets the number of tickets that had automatic answers and no person's answer.</summary>
    public int AutomaticOnlyTickets { get; init; }

    /// <summary>Gets the number of tickets whose customer was asked for a satisfaction rating.</summary>
    public int SatisfactionSurveys { get; init; }

    /// <summary>Gets the number of satisfaction ratings customers gave.</summary>
    public int SatisfactionResponses { get; init; }

    /// <summary>Gets <see cref="SatisfactionResponses"/> divided by <see cref="SatisfactionSurveys"/>; <see langword="null"/> when no survey was sent.</summary>
    public double? SatisfactionResponseRate { get; init; }

    /// <summary>Gets the average rating (1 to 5); <see langword="null"/> when nobody rated.</summary>
    public double? SatisfactionAverage { get; init; }

    /// <summary>Gets the CSAT score: the share of ratings that are 4 or 5; <see langword="null"/> when nobody rated.</summary>
    public double? SatisfactionScore { get; init; }
}

/// <summary>Response, resolution and reopen metrics of the tickets created in a period, overall, by channel and by agent.</summary>
/// <param name="From">The start of the period (inclusive): tickets created at or after it are counted.</param>
/// <param name="To">The end of the period (exclusive): tickets created before it are counted.</param>
/// <remarks>Computed by <see cref="TicketMetrics.Compute(IEnumerable{TicketRecord}, DateTimeOffset, DateTimeOffset, BusinessCalendar)"/>.</remarks>
public sealed record TicketMetricsReport(DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>Gets the figures over all the period's tickets.</summary>
    /// <value>The default is a summary of no tickets.</value>
    public TicketMetricsSummary Overall { get; init; } = new();

    /// <summary>Gets the figures per channel of the tickets' conversations; only channels with tickets appear.</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyDictionary<ChannelId, TicketMetricsSummary> ByChannel { get; init; } = new Dictionary<ChannelId, TicketMetricsSummary>();

    /// <summary>
    /// Gets the figures per agent: ticket-level figures for the tickets assigned to the agent (unassigned tickets appear in
    /// no agent's figures) and message-level figures for the answers the agent wrote (answers without a known agent appear in
    /// no agent's figures). See <see cref="TicketMetricsSummary"/>.
    /// </summary>
    /// <value>The default is empty.</value>
    public IReadOnlyDictionary<AgentId, TicketMetricsSummary> ByAgent { get; init; } = new Dictionary<AgentId, TicketMetricsSummary>();

    /// <summary>Gets the name of the business calendar the business-time figures were measured with.</summary>
    /// <value>The default is empty.</value>
    public string Calendar { get; init; } = string.Empty;
}
