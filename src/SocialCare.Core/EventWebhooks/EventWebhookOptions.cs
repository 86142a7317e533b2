using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>
/// Event webhooks: ticket events POSTed, signed, to the host's other systems (a CRM, a call-centre platform, a data
/// warehouse), from a durable queue in the ticket store.
/// </summary>
/// <remarks>
/// Set with <c>builder.AddEventWebhooks(o => …)</c>, or bind from configuration (the samples use the section
/// <see cref="ConfigurationSection"/>). Invalid settings fail at start-up with a message that names the option.
/// </remarks>
public sealed class EventWebhookOptions
{
    /// <summary>The configuration section the samples bind: <c>SocialCare:EventWebhooks</c>.</summary>
    public const string ConfigurationSection = "SocialCare:EventWebhooks";

    /// <summary>Gets the endpoints that receive events; each event goes to every endpoint whose <see cref="EventWebhookEndpoint.Events"/> match it.</summary>
    public IList<EventWebhookEndpoint> Endpoints { get; } = [];

    /// <summary>Gets or sets how long after an event it is retried before it becomes a dead letter; one day by default.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Gets or sets the delay before the first retry; each next one doubles it (with jitter), up to <see cref="MaxRetryDelay"/>. Five seconds by default.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the longest delay between two attempts; one hour by default.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets how long an endpoint has to answer before the attempt counts as failed; 15 seconds by default.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets or sets how long a claimed delivery is reserved for the instance that claimed it; must be longer than <see cref="RequestTimeout"/>. One minute by default.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how often the queue is looked at when nothing wakes the dispatcher (events queued by other instances, retries falling due); one second by default.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how many deliveries one round claims; also how many requests are in flight at most. 16 by default.</summary>
    public int BatchSize { get; set; } = 16;
}

/// <summary>One receiver of event webhooks.</summary>
public sealed class EventWebhookEndpoint
{
    /// <summary>Gets or sets the endpoint's name, unique among the endpoints: letters, digits, <c>.</c>, <c>_</c> and <c>-</c>. Deliveries are queued under it, so renaming an endpoint strands its queue.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the absolute <c>https</c> (or, for development, <c>http</c>) URL to POST to.</summary>
    public Uri? Url { get; set; }

    /// <summary>
    /// Gets the signing secrets, each <c>whsec_</c> followed by base64 of 24 to 64 random bytes
    /// (<see cref="EventWebhookSigner.NewSecret"/> makes one). Every one signs each request: to rotate, add the new
    /// secret, move the receiver to it, then remove the old one.
    /// </summary>
    public IList<string> Secrets { get; } = [];

    /// <summary>Gets the event types to send (for example <c>ticket.created</c>, <c>message.appended</c>); empty, or <c>*</c>, for every type.</summary>
    public IList<string> Events { get; } = [];
}
