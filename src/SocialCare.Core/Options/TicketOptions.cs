using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>How tickets are threaded, reopened and closed, for all channels or for one.</summary>
public sealed class TicketLifecycleOptions
{
    /// <summary>Gets or sets how long after it was resolved a customer's message reopens a ticket; later, a new ticket linked to it opens instead.</summary>
    /// <value>The default is 7 days. <see cref="TimeSpan.Zero"/> means never reopen.</value>
    public TimeSpan ReopenResolvedWithin { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets how long a Resolved ticket waits before it closes itself; <see langword="null"/> keeps it Resolved.</summary>
    /// <value>The default is 4 days.</value>
    public TimeSpan? CloseResolvedAfter { get; set; } = TimeSpan.FromDays(4);

    /// <summary>Gets or sets how long a Pending ticket waits for the customer before it resolves itself; <see langword="null"/> never.</summary>
    /// <value>The default is <see langword="null"/> (off).</value>
    public TimeSpan? ResolvePendingAfter { get; set; }

    /// <summary>Gets or sets a value indicating whether resolving a ticket needs an assignee.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool RequireAssigneeToResolve { get; set; }

    internal TicketLifecycleOptions Clone() => (TicketLifecycleOptions)MemberwiseClone();
}

/// <summary>The default priority rules; each can be switched off (set to <see langword="null"/> or emptied) and the host can add its own <see cref="IPriorityRule"/>.</summary>
public sealed class PriorityOptions
{
    /// <summary>Gets or sets the priority of tickets on public threads (a public complaint is seen by everyone); <see langword="null"/> switches the rule off.</summary>
    /// <value>The default is <see cref="TicketPriority.High"/>.</value>
    public TicketPriority? PublicThread { get; set; } = TicketPriority.High;

    /// <summary>Gets or sets the priority of VIP customers' tickets (<see cref="Customer.IsVip"/>); <see langword="null"/> switches the rule off.</summary>
    /// <value>The default is <see cref="TicketPriority.High"/>.</value>
    public TicketPriority? Vip { get; set; } = TicketPriority.High;

    /// <summary>Gets or sets the priority a keyword in a customer's message raises a ticket to.</summary>
    /// <value>The default is <see cref="TicketPriority.High"/>.</value>
    public TicketPriority KeywordPriority { get; set; } = TicketPriority.High;

    /// <summary>Gets the words that raise a ticket to <see cref="KeywordPriority"/> (case-insensitive, whole words or phrases); empty switches the rule off.</summary>
    /// <value>The default is a few complaint words in English and Italian: broken, refund, rotto, rimborso.</value>
    public IList<string> Keywords { get; } = ["broken", "refund", "rotto", "rimborso"];

    /// <summary>Gets the words that raise a ticket to <see cref="TicketPriority.Urgent"/> (case-insensitive, whole words or phrases).</summary>
    /// <value>The default is empty.</value>
    public IList<string> UrgentKeywords { get; } = [];
}

/// <summary>
/// Listening and proactive care (configuration section <c>SocialCare:Listening</c>): the rules that decide, for each
/// public post found by listening (X search and stream) and, when <see cref="TriagePublicComments"/> is on, each new
/// public comment, whether it opens a public ticket or is only recorded for agents to engage with.
/// </summary>
/// <remarks>
/// The first rule that matches a post decides (<see cref="ListeningRule.Action"/>); a post no rule matches, and a rule
/// whose action is <see cref="ListeningAction.Triage"/>, go to the triage: a question, a complaint word or a negative
/// sentiment (an Italian and English lexicon) opens a ticket. Posts that open none are kept by
/// <see cref="IListeningInbox"/>. Replace the whole decision with <c>AddListeningTriage&lt;T&gt;()</c>.
/// </remarks>
public sealed class ListeningOptions
{
    /// <summary>Gets the keyword and brand rules, tried in order.</summary>
    public IList<ListeningRule> Rules { get; } = [];

    /// <summary>Gets or sets a value indicating whether a post with a question mark opens a ticket in the triage.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool OpenOnQuestions { get; set; } = true;

    /// <summary>Gets the words and phrases that make a post a complaint (case-insensitive, whole words or phrases); empty opens no ticket for complaints.</summary>
    /// <value>The default is a few complaint words in English and Italian.</value>
    public IList<string> ComplaintWords { get; } =
    [
        "broken", "refund", "not working", "doesn't work", "does not work", "worst", "terrible", "awful", "disappointed",
        "never again", "scam", "cancel", "help", "rotto", "rimborso", "non funziona", "pessimo", "vergogna", "aiuto",
    ];

    /// <summary>Gets or sets a value indicating whether a post whose sentiment is at or below <see cref="NegativeSentimentThreshold"/> opens a ticket in the triage.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool OpenOnNegativeSentiment { get; set; } = true;

    /// <summary>Gets or sets the sentiment (from -1, very negative, to 1, very positive) at or below which a post is unhappy.</summary>
    /// <value>The default is -0.4. Between -1 and 0.</value>
    public double NegativeSentimentThreshold { get; set; } = -0.4;

    /// <summary>
    /// Gets or sets a value indicating whether new public comments on the account's own posts (Facebook Page comments,
    /// replies to the account on X) go through the rules and triage too, instead of always opening a ticket.
    /// </summary>
    /// <value>The default is <see langword="false"/>: every public comment to the account opens a ticket.</value>
    public bool TriagePublicComments { get; set; }

    /// <summary>Gets or sets how many recorded posts <see cref="IListeningInbox"/> keeps in memory (the oldest go first).</summary>
    /// <value>The default is 1,000. Between 1 and 100,000.</value>
    public int RecordedPostsKept { get; set; } = 1000;
}

/// <summary>What a listening rule does with the posts it matches.</summary>
public enum ListeningAction
{
    /// <summary>Ask the triage: questions, complaint words and negative sentiment open a ticket.</summary>
    Triage = 0,

    /// <summary>Only record the post, for agents to engage with.</summary>
    Record = 1,

    /// <summary>Open a public ticket.</summary>
    OpenTicket = 2,
}

/// <summary>A keyword or brand rule of listening.</summary>
public sealed class ListeningRule
{
    /// <summary>Gets or sets the rule's name; a post whose <see cref="MessageReceived.MatchedRule"/> (the X stream rule's tag) is this name matches.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets the words and phrases (brand names, product names) that match a post (case and accents ignored); empty matches by name only.</summary>
    public IList<string> Keywords { get; } = [];

    /// <summary>Gets the channels the rule applies to; empty for every channel.</summary>
    public ISet<ChannelId> Channels { get; } = new HashSet<ChannelId>();

    /// <summary>Gets or sets what the rule does with a matching post.</summary>
    /// <value>The default is <see cref="ListeningAction.Triage"/>.</value>
    public ListeningAction Action { get; set; }
}

/// <summary>How replies are sent by the outbox dispatcher.</summary>
public sealed class OutboxOptions
{
    /// <summary>Gets or sets how many times a reply is tried when the network fails transiently (rate limits, 5xx, time-outs).</summary>
    /// <value>The default is 3. Between 1 and 20.</value>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Gets or sets the wait before the second attempt; it doubles at each further attempt unless the network says how long to wait.</summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how long a dispatcher's claim on an entry holds while it sends.</summary>
    /// <value>The default is 2 minutes.</value>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets how many entries one dispatch round claims.</summary>
    /// <value>The default is 32.</value>
    public int BatchSize { get; set; } = 32;
}

/// <summary>The SLA policies and business calendars.</summary>
public sealed class SlaOptions
{
    /// <summary>Gets the policies, tried in order: the first whose priorities and channels match a ticket applies to it.</summary>
    /// <value>The default is empty: no SLA clocks.</value>
    public IList<SlaPolicy> Policies { get; } = [];

    /// <summary>Gets the business calendars by name, for <see cref="SlaPolicy.Calendar"/>.</summary>
    public IDictionary<string, BusinessCalendar> Calendars { get; } = new Dictionary<string, BusinessCalendar>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the share of a target at which an SLA warning is raised.</summary>
    /// <value>The default is 0.75. Greater than 0 and less than 1.</value>
    public double WarningShare { get; set; } = 0.75;
}

/// <summary>An SLA policy: response and resolution targets for the tickets it matches.</summary>
public sealed class SlaPolicy
{
    /// <summary>Gets or sets the policy's name, recorded on tickets.</summary>
    public string Name { get; set; } = "";

    /// <summary>Gets the priorities the policy applies to; empty means all.</summary>
    public ISet<TicketPriority> Priorities { get; } = new HashSet<TicketPriority>();

    /// <summary>Gets the channels the policy applies to; empty means all.</summary>
    public ISet<ChannelId> Channels { get; } = new HashSet<ChannelId>();

    /// <summary>Gets or sets the first-response target; <see langword="null"/> for none.</summary>
    public TimeSpan? FirstResponse { get; set; }

    /// <summary>Gets or sets the next-response target; <see langword="null"/> for none.</summary>
    public TimeSpan? NextResponse { get; set; }

    /// <summary>Gets or sets the resolution target; <see langword="null"/> for none.</summary>
    public TimeSpan? Resolution { get; set; }

    /// <summary>Gets or sets the name of the business calendar in <see cref="SlaOptions.Calendars"/> the targets count in; <see langword="null"/> for calendar time (always open).</summary>
    public string? Calendar { get; set; }

    internal bool Matches(TicketPriority priority, ChannelId channel)
        => (Priorities.Count == 0 || Priorities.Contains(priority)) && (Channels.Count == 0 || Channels.Contains(channel));

    internal TimeSpan? Target(SlaMetric metric) => metric switch
    {
        SlaMetric.FirstResponse => FirstResponse,
        SlaMetric.NextResponse => NextResponse,
        SlaMetric.Resolution => Resolution,
        _ => null,
    };
}
