using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>The built-in assignment strategies.</summary>
public enum AssignmentStrategyKind
{
    /// <summary><see cref="RoundRobinAssignment"/>.</summary>
    RoundRobin = 0,

    /// <summary><see cref="LeastLoadedAssignment"/>.</summary>
    LeastLoaded = 1,
}

/// <summary>How tickets are given to agents.</summary>
public sealed class AssignmentOptions
{
    /// <summary>Gets or sets a value indicating whether new and reopened tickets are assigned automatically.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the built-in strategy, unless the host registers its own <see cref="IAssignmentStrategy"/>.</summary>
    /// <value>The default is <see cref="AssignmentStrategyKind.RoundRobin"/>.</value>
    public AssignmentStrategyKind Strategy { get; set; } = AssignmentStrategyKind.RoundRobin;

    /// <summary>Gets or sets a value indicating whether a customer's ticket goes to the agent who last helped them, when that agent is eligible.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Sticky { get; set; } = true;

    /// <summary>Gets or sets how far back the agent who last helped counts for <see cref="Sticky"/>.</summary>
    /// <value>The default is 90 days.</value>
    public TimeSpan StickyWithin { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Gets or sets a value indicating whether agents must have every skill the ticket requires.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool MatchSkills { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether agents who speak the customer's language are preferred (others take the ticket only when none does).</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool MatchLanguage { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether agents only get tickets of the channels they work.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool MatchChannel { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether an agent's tickets go back to the queue (and on to others) when the agent goes offline.</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool ReassignWhenOffline { get; set; }

    /// <summary>Gets the ticket states that count toward an agent's capacity.</summary>
    /// <value>The default is New and Open.</value>
    public ISet<TicketState> LoadStates { get; } = new HashSet<TicketState> { TicketState.New, TicketState.Open };

    /// <summary>Gets skills a ticket requires when its first message contains one of the words: skill → words (case-insensitive, whole words).</summary>
    public IDictionary<string, IList<string>> SkillKeywords { get; } = new Dictionary<string, IList<string>>(StringComparer.OrdinalIgnoreCase);
}
