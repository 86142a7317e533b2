namespace SocialCare.Abstractions;

/// <summary>The names of SocialCare's meter, activity source, instruments and tags, for dashboards and tests.</summary>
/// <remarks>Tags are low-cardinality: never a ticket, message or user id.</remarks>
public static class SocialCareDiagnostics
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/>: <c>SocialCare</c>.</summary>
    public const string MeterName = "SocialCare";

    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/>: <c>SocialCare</c>.</summary>
    public const string ActivitySourceName = "SocialCare";

    /// <summary>Counter of webhook requests, tagged with <see cref="ChannelTag"/> and <see cref="OutcomeTag"/>.</summary>
    public const string WebhookReceived = "socialcare.webhook.received";

    /// <summary>Histogram of the time to answer a webhook request, in seconds, tagged like <see cref="WebhookReceived"/>.</summary>
    public const string WebhookDuration = "socialcare.webhook.duration";

    /// <summary>Counter of inbound events, tagged with <see cref="ChannelTag"/> and <see cref="OutcomeTag"/> (<c>applied</c>, <c>duplicate</c>, <c>ignored</c>, <c>failed</c>).</summary>
    public const string EventsProcessed = "socialcare.events.processed";

    /// <summary>Histogram of the time a channel adapter took to send a message, in seconds, tagged with <see cref="ChannelTag"/>.</summary>
    public const string MessageSendDuration = "socialcare.message.send.duration";

    /// <summary>Counter of ticket state changes, tagged with <see cref="ChannelTag"/> and <see cref="TicketStateTag"/>.</summary>
    public const string TicketTransitions = "socialcare.ticket.transitions";

    /// <summary>The counter of tickets opened, tagged with the channel.</summary>
    public const string TicketsCreated = "socialcare.tickets.created";

    /// <summary>The counter of tickets reopened by a customer's message, tagged with the channel.</summary>
    public const string TicketsReopened = "socialcare.tickets.reopened";

    /// <summary>The histogram of first-response times in seconds (calendar time), tagged with the channel.</summary>
    public const string FirstResponseDuration = "socialcare.ticket.first_response.duration";

    /// <summary>The histogram of resolution times in seconds (calendar time), tagged with the channel.</summary>
    public const string ResolutionDuration = "socialcare.ticket.resolution.duration";

    /// <summary>The counter of SLA warnings and breaches, tagged with the channel, the metric and the outcome (<c>warning</c> or <c>breach</c>).</summary>
    public const string SlaEvents = "socialcare.sla.events";

    /// <summary>The counter of replies handed to channel adapters, tagged with the channel and the outcome (<c>sent</c>, <c>retry</c>, <c>failed</c>).</summary>
    public const string RepliesDispatched = "socialcare.replies.dispatched";

    /// <summary>
    /// The counter of messages sent by automation rather than a person, tagged with the channel and the outcome (the kind:
    /// <c>answer</c>, <c>out-of-hours notice</c>, <c>satisfaction survey</c>, <c>thanks</c>). Counted apart from people's answers.
    /// </summary>
    public const string AutomaticReplies = "socialcare.replies.automatic";

    /// <summary>The histogram of satisfaction ratings (1 to 5) customers gave, tagged with the channel.</summary>
    public const string SatisfactionRatings = "socialcare.satisfaction.rating";

    /// <summary>The counter of event-webhook attempts, tagged with <see cref="OutcomeTag"/> (<c>delivered</c>, <c>retried</c>, <c>dead</c>) and <see cref="EndpointTag"/>.</summary>
    public const string EventWebhookAttempts = "socialcare.event_webhooks.attempts";

    /// <summary>The histogram of the time event-webhook endpoints took to answer, in seconds, tagged with <see cref="EndpointTag"/>.</summary>
    public const string EventWebhookDuration = "socialcare.event_webhooks.duration";

    /// <summary>The tag naming an event-webhook endpoint.</summary>
    public const string EndpointTag = "socialcare.endpoint";

    /// <summary>The tag that carries an SLA metric.</summary>
    public const string SlaMetricTag = "socialcare.sla.metric";

    /// <summary>The channel tag: <c>socialcare.channel</c>.</summary>
    public const string ChannelTag = "socialcare.channel";

    /// <summary>The outcome tag: <c>socialcare.outcome</c>.</summary>
    public const string OutcomeTag = "socialcare.outcome";

    /// <summary>The ticket state tag: <c>socialcare.ticket.state</c>.</summary>
    public const string TicketStateTag = "socialcare.ticket.state";
}
