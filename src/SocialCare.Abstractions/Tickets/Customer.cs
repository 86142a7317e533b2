namespace SocialCare.Abstractions;

/// <summary>A customer as the host's customer directory (its CRM) knows them, with their channel identities.</summary>
/// <param name="Id">The customer's id.</param>
/// <param name="Identities">The channel identities known to belong to the customer (at least the one they wrote from).</param>
public sealed record Customer(CustomerId Id, IReadOnlyList<Participant> Identities)
{
    /// <summary>Gets the customer's name, when known.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Gets a value indicating whether the customer is a VIP (their tickets get a higher priority).</summary>
    public bool IsVip { get; init; }

    /// <summary>Gets the host's own id of the customer (a CRM contact id), when linked.</summary>
    public string? ExternalId { get; init; }

    /// <summary>Gets the customer's preferred language as an IETF tag (for example <c>it</c>), when known.</summary>
    public string? Language { get; init; }

    /// <summary>Gets the customer this one was merged into, while the merge stands; their tickets stay theirs.</summary>
    public CustomerId? MergedInto { get; init; }

    /// <summary>Gets the customer's link history (links, unlinks, merges and their undoing), oldest first.</summary>
    public IReadOnlyList<IdentityLinkRecord> LinkHistory { get; init; } = [];

    /// <summary>Gets when the customer's personal data was erased; the id stays, so that anonymised tickets still count.</summary>
    public DateTimeOffset? ErasedAt { get; init; }
}

/// <summary>Whether an agent can take work.</summary>
public enum AgentPresence
{
    /// <summary>Not working.</summary>
    Offline = 0,

    /// <summary>Working and taking new tickets.</summary>
    Available = 1,

    /// <summary>Working, but not taking new tickets for now.</summary>
    Away = 2,
}

/// <summary>An agent as the host's agent directory knows them.</summary>
/// <param name="Id">The agent's id.</param>
/// <param name="DisplayName">The name customers see, so that they can ask for the agent they know.</param>
public sealed record Agent(AgentId Id, string DisplayName)
{
    /// <summary>Gets whether the agent can take work now.</summary>
    /// <value>The default is <see cref="AgentPresence.Offline"/>.</value>
    public AgentPresence Presence { get; init; }

    /// <summary>Gets how many active tickets the agent can hold at once.</summary>
    /// <value>The default is 10.</value>
    public int Capacity { get; init; } = 10;

    /// <summary>Gets the agent's skills (for example <c>billing</c>), for skill-based assignment.</summary>
    public IReadOnlyList<string> Skills { get; init; } = [];

    /// <summary>Gets the languages the agent answers in, as IETF tags.</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>Gets the agent's signature, added to their replies on channels configured to sign them (for example <c>Giulia, Acme care team</c>).</summary>
    public string? Signature { get; init; }

    /// <summary>Gets the channels the agent works; empty means all.</summary>
    public IReadOnlyList<ChannelId> Channels { get; init; } = [];
}
