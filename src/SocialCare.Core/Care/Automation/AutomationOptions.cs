using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>Automatic answers before an agent: the auto-responder, out-of-hours notices, and the way to a person.</summary>
public sealed class AutoReplyOptions
{
    /// <summary>Gets or sets a value indicating whether the <see cref="IAutoResponder"/> is asked about customers' messages.</summary>
    /// <value>The default is <see langword="true"/>; with no responder registered but the built-in FAQ one, only FAQ matches answer.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets how confident an FAQ match must be (0 to 1) for the built-in responder to answer it alone.</summary>
    /// <value>The default is 0.75.</value>
    public double FaqConfidence { get; set; } = 0.75;

    /// <summary>
    /// Gets or sets how many automatic answers a ticket gets before its next question goes to a person. One means: the
    /// customer's second question after an automatic answer reaches an agent.
    /// </summary>
    /// <value>The default is 1. At least 1.</value>
    public int MaxAutomaticReplies { get; set; } = 1;

    /// <summary>Gets the words and phrases with which a customer asks for a person (case- and accent-insensitive, whole words).</summary>
    /// <value>The default is a few phrases in English and Italian.</value>
    public IList<string> HandoverKeywords { get; } =
    [
        "agent", "human", "person", "operator", "real person", "speak to someone", "talk to someone",
        "operatore", "operatrice", "persona", "umano", "parlare con qualcuno", "assistenza umana",
    ];

    /// <summary>
    /// Gets or sets a value indicating whether a customer who writes in a private conversation while the business is
    /// closed gets a notice, once per closed period and conversation. Public threads get none: the same notice under every
    /// public post is noise (and X refuses identical posts).
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool OutOfHours { get; set; }

    /// <summary>Gets or sets the business calendar that says when the business is open (a name in <c>SlaOptions.Calendars</c>).</summary>
    /// <value>
    /// The default is <see langword="null"/>: the only calendar in <c>SlaOptions.Calendars</c>. With <see cref="OutOfHours"/>
    /// on, start-up fails when this names no calendar, or is unset while there is not exactly one.
    /// </value>
    public string? Calendar { get; set; }

    /// <summary>
    /// Gets the out-of-hours notice per language (an IETF tag such as <c>it</c>; the key <c>*</c> is the fallback).
    /// <c>{opensAt}</c> is replaced with the next opening time in the calendar's time zone.
    /// </summary>
    public IDictionary<string, string> OutOfHoursMessages { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["*"] = "Thanks for your message! We're closed right now and will answer when we open again ({opensAt}).",
        ["it"] = "Grazie per il messaggio! Ora siamo chiusi: ti risponderemo alla riapertura ({opensAt}).",
    };

    /// <summary>Gets the channels on which nothing answers automatically (for example <c>x</c>); empty means every channel may.</summary>
    public ISet<ChannelId> DisabledChannels { get; } = new HashSet<ChannelId>();
}

/// <summary>What a reply shows of the agent who wrote it.</summary>
public enum AgentSignatureMode
{
    /// <summary>Nothing: the reply speaks for the brand.</summary>
    None = 0,

    /// <summary>The agent's display name, on a line of its own after the text (<c>— Giulia</c>).</summary>
    Name = 1,

    /// <summary>The agent's <see cref="Agent.Signature"/>, or their display name when they have none.</summary>
    Signature = 2,
}

/// <summary>Agent identity: whether replies carry the agent's name, and whether customers may ask for an agent by name.</summary>
public sealed class AgentIdentityOptions
{
    /// <summary>Gets or sets what replies show of their agent on channels with no setting of their own in <see cref="Channels"/>.</summary>
    /// <value>The default is <see cref="AgentSignatureMode.None"/>.</value>
    public AgentSignatureMode Mode { get; set; }

    /// <summary>Gets the per-channel settings, which win over <see cref="Mode"/>.</summary>
    public IDictionary<ChannelId, AgentSignatureMode> Channels { get; } = new Dictionary<ChannelId, AgentSignatureMode>();

    /// <summary>Gets or sets a value indicating whether a customer who asks for an agent by name is routed to them when they are available.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool RouteByName { get; set; } = true;

    /// <summary>Gets the mode that applies on a channel.</summary>
    /// <param name="channel">The channel.</param>
    /// <returns>The channel's own setting, or <see cref="Mode"/>.</returns>
    public AgentSignatureMode ModeFor(ChannelId channel) => Channels.TryGetValue(channel, out var mode) ? mode : Mode;
}

/// <summary>Satisfaction surveys (CSAT): a 1–5 question after a ticket is resolved.</summary>
public sealed class SatisfactionOptions
{
    /// <summary>Gets or sets a value indicating whether resolved tickets ask the customer for a rating.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool Enabled { get; set; }

    /// <summary>Gets the channels on which no survey is sent; empty means every channel where the window allows one.</summary>
    public ISet<ChannelId> DisabledChannels { get; } = new HashSet<ChannelId>();

    /// <summary>Gets the question per language (an IETF tag; the key <c>*</c> is the fallback).</summary>
    public IDictionary<string, string> Questions { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["*"] = "How did we do? Please rate our help from 1 (poor) to 5 (excellent).",
        ["it"] = "Come ti abbiamo aiutato? Dai un voto da 1 (male) a 5 (benissimo).",
    };

    /// <summary>Gets the thanks sent after a rating, per language (the key <c>*</c> is the fallback); empty sends none.</summary>
    public IDictionary<string, string> Thanks { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["*"] = "Thank you for your feedback!",
        ["it"] = "Grazie per il tuo giudizio!",
    };

    /// <summary>Gets or sets how long after the question an answer still counts as a rating.</summary>
    /// <value>The default is 7 days.</value>
    public TimeSpan AnswerWithin { get; set; } = TimeSpan.FromDays(7);
}
