using System.ComponentModel.DataAnnotations;
using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>Options for SocialCare's pipeline, set through <c>services.AddSocialCare(o => …)</c>.</summary>
/// <remarks>Validated when the host starts: a value out of range fails start-up with a message that names it.</remarks>
public sealed class SocialCareOptions
{
    /// <summary>The default for <see cref="MaxRequestBodySize"/>: 1 MiB.</summary>
    public const long DefaultMaxRequestBodySize = 1024 * 1024;

    /// <summary>Gets or sets the largest webhook body accepted, in bytes; a larger one is refused with 413 before anything reads it.</summary>
    /// <value>The default is 1 MiB (1,048,576 bytes). Between 1 KiB and 64 MiB.</value>
    [Range(1024, 67108864)]
    public long MaxRequestBodySize { get; set; } = DefaultMaxRequestBodySize;

    /// <summary>Gets or sets how many times an event is retried when its ticket was changed concurrently by another writer.</summary>
    /// <value>The default is 5. Between 1 and 100.</value>
    [Range(1, 100)]
    public int MaxConcurrencyAttempts { get; set; } = 5;

    /// <summary>Gets the ticket lifecycle defaults: reopening, automatic resolve and close.</summary>
    public TicketLifecycleOptions Lifecycle { get; } = new();

    /// <summary>Gets lifecycle settings for single channels, by channel id; a channel not listed uses <see cref="Lifecycle"/>.</summary>
    public IDictionary<ChannelId, TicketLifecycleOptions> ChannelLifecycle { get; } = new Dictionary<ChannelId, TicketLifecycleOptions>();

    /// <summary>Gets or sets a value indicating whether a message on another channel joins the customer's active ticket when the customer directory links the identities.</summary>
    /// <value>The default is <see langword="false"/>: each conversation has its own tickets.</value>
    public bool JoinAcrossChannels { get; set; }

    /// <summary>Gets the priority rules.</summary>
    public PriorityOptions Priority { get; } = new();

    /// <summary>Gets the assignment settings.</summary>
    public AssignmentOptions Assignment { get; } = new();

    /// <summary>Gets the SLA policies and calendars.</summary>
    public SlaOptions Sla { get; } = new();

    /// <summary>Gets the outbox dispatcher settings.</summary>
    public OutboxOptions Outbox { get; } = new();

    /// <summary>Gets the default rule for public posts found by listening: which of them open tickets.</summary>
    public ListeningOptions Listening { get; } = new();

    /// <summary>Gets the canned answers and FAQ entries.</summary>
    public CannedAnswerOptions Answers { get; } = new();

    /// <summary>Gets the automatic answers: the auto-responder, out-of-hours notices, the way to a person.</summary>
    public AutoReplyOptions AutoReply { get; } = new();

    /// <summary>Gets agent identity: signatures on replies, and routing to an agent a customer asks for by name.</summary>
    public AgentIdentityOptions AgentIdentity { get; } = new();

    /// <summary>Gets the satisfaction surveys (CSAT) after resolution.</summary>
    public SatisfactionOptions Satisfaction { get; } = new();

    /// <summary>Gets the privacy settings: how long message content is kept.</summary>
    public PrivacyOptions Privacy { get; } = new();

    /// <summary>Gets or sets how often the background service looks for due timers and queued replies when nothing wakes it sooner.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromSeconds(30);

    internal TicketLifecycleOptions LifecycleFor(ChannelId channel)
        => ChannelLifecycle.TryGetValue(channel, out var options) ? options : Lifecycle;
}
