using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>Who changes a ticket: the customer, an agent, a bot, or SocialCare itself.</summary>
/// <param name="Kind">The kind of actor.</param>
/// <param name="Agent">The agent, when <paramref name="Kind"/> is <see cref="AuthorKind.Agent"/>.</param>
public readonly record struct TicketActor(AuthorKind Kind, AgentId? Agent = null)
{
    /// <summary>Gets SocialCare itself (timers, rules).</summary>
    public static TicketActor System => new(AuthorKind.System);

    /// <summary>Gets the customer.</summary>
    public static TicketActor Customer => new(AuthorKind.Customer);

    /// <summary>Creates an actor for an agent.</summary>
    /// <param name="agent">The agent.</param>
    /// <returns>The actor.</returns>
    public static TicketActor ForAgent(AgentId agent) => new(AuthorKind.Agent, agent);
}

/// <summary>A request to move a ticket to another state.</summary>
/// <param name="To">The state to move to.</param>
/// <param name="Actor">Who asks.</param>
/// <param name="Reason">Why, for the history (for example <c>customer replied</c>).</param>
public sealed record TicketCommand(TicketState To, TicketActor Actor, string Reason)
{
    /// <summary>Gets the ticket to merge into, for a move to <see cref="TicketState.Merged"/> (only merges may do that).</summary>
    public TicketId? MergeInto { get; init; }
}

/// <summary>Why a transition was refused.</summary>
public enum TransitionRejection
{
    /// <summary>The ticket is already in that state.</summary>
    SameState = 0,

    /// <summary>The transition table has no such move.</summary>
    NotAllowed = 1,

    /// <summary>The ticket is Closed or Merged: nothing moves it any more.</summary>
    Terminal = 2,

    /// <summary>Resolving needs an assignee (see <see cref="TicketLifecycleOptions.RequireAssigneeToResolve"/>).</summary>
    AssigneeRequired = 3,

    /// <summary>Only a merge moves a ticket to Merged, with a target other than itself.</summary>
    MergeTargetRequired = 4,
}

/// <summary>What <see cref="TicketTransitions.TryApply"/> gave: the changed ticket and its history entry, or why not.</summary>
public sealed record TransitionResult
{
    private TransitionResult()
    {
    }

    /// <summary>Gets a value indicating whether the transition was applied.</summary>
    public bool Succeeded => Rejection is null;

    /// <summary>Gets the ticket after the transition (its version unchanged: the engine sets it when saving), when it succeeded.</summary>
    public Ticket? Ticket { get; private init; }

    /// <summary>Gets the history entry that records the transition, when it succeeded.</summary>
    public TicketHistoryEntry? History { get; private init; }

    /// <summary>Gets why the transition was refused, when it was.</summary>
    public TransitionRejection? Rejection { get; private init; }

    /// <summary>Gets a message for people that says why, when the transition was refused.</summary>
    public string? Message { get; private init; }

    internal static TransitionResult Applied(Ticket ticket, TicketHistoryEntry history) => new() { Ticket = ticket, History = history };

    internal static TransitionResult Rejected(TransitionRejection rejection, string message) => new() { Rejection = rejection, Message = message };
}

/// <summary>The ticket state machine: which moves are allowed, with their guards, as a pure function.</summary>
/// <remarks>
/// <para>The table (any state may also move to <see cref="TicketState.Merged"/> through a merge, except the terminal ones):</para>
/// <list type="table">
/// <listheader><term>From</term><description>To</description></listheader>
/// <item><term>New</term><description>Open, Pending, OnHold, Resolved</description></item>
/// <item><term>Open</term><description>Pending, OnHold, Resolved</description></item>
/// <item><term>Pending</term><description>Open, OnHold, Resolved</description></item>
/// <item><term>OnHold</term><description>Open, Pending, Resolved</description></item>
/// <item><term>Resolved</term><description>Open (reopen), Closed</description></item>
/// <item><term>Closed, Merged</term><description>nothing (terminal)</description></item>
/// </list>
/// <para>A ticket never goes back to New. Thread-safe: no state.</para>
/// </remarks>
public static class TicketTransitions
{
    private static readonly TicketState[][] Table =
    [
        /* New */ [TicketState.Open, TicketState.Pending, TicketState.OnHold, TicketState.Resolved, TicketState.Merged],
        /* Open */ [TicketState.Pending, TicketState.OnHold, TicketState.Resolved, TicketState.Merged],
        /* Pending */ [TicketState.Open, TicketState.OnHold, TicketState.Resolved, TicketState.Merged],
        /* OnHold */ [TicketState.Open, TicketState.Pending, TicketState.Resolved, TicketState.Merged],
        /* Resolved */ [TicketState.Open, TicketState.Closed, TicketState.Merged],
        /* Closed */ [],
        /* Merged */ [],
    ];

    /// <summary>Lists the states a ticket may move to from a state.</summary>
    /// <param name="from">The current state.</param>
    /// <returns>The allowed targets; empty for terminal states.</returns>
    public static IReadOnlyList<TicketState> AllowedFrom(TicketState from)
        => (int)from is >= 0 and < 7 ? Table[(int)from] : [];

    /// <summary>Tells whether the table has a move.</summary>
    /// <param name="from">The current state.</param>
    /// <param name="to">The target state.</param>
    /// <returns><see langword="true"/> when the move is in the table.</returns>
    public static bool IsAllowed(TicketState from, TicketState to) => AllowedFrom(from).Contains(to);

    /// <summary>Applies a transition, when the table and the guards allow it.</summary>
    /// <param name="ticket">The ticket.</param>
    /// <param name="command">The move.</param>
    /// <param name="now">The current time.</param>
    /// <param name="requireAssigneeToResolve">Whether resolving needs an assignee.</param>
    /// <returns>The changed ticket and its history entry, or a rejection that says why.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ticket"/> or <paramref name="command"/> is <see langword="null"/>.</exception>
    public static TransitionResult TryApply(Ticket ticket, TicketCommand command, DateTimeOffset now, bool requireAssigneeToResolve = false)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(command);
        var from = ticket.State;
        var to = command.To;
        if (!ticket.IsActive)
        {
            return TransitionResult.Rejected(TransitionRejection.Terminal, $"Ticket {ticket.Id} is {from} and cannot change state any more.");
        }

        if (from == to)
        {
            return TransitionResult.Rejected(TransitionRejection.SameState, $"Ticket {ticket.Id} is already {from}.");
        }

        if (!IsAllowed(from, to))
        {
            return TransitionResult.Rejected(TransitionRejection.NotAllowed, $"A ticket cannot move from {from} to {to}.");
        }

        if (to == TicketState.Merged && (command.MergeInto is not { } target || target == ticket.Id))
        {
            return TransitionResult.Rejected(TransitionRejection.MergeTargetRequired, "Only a merge into another ticket moves a ticket to Merged.");
        }

        if (to == TicketState.Resolved && requireAssigneeToResolve && ticket.Assignee is null)
        {
            return TransitionResult.Rejected(TransitionRejection.AssigneeRequired, $"Ticket {ticket.Id} needs an assignee before it can be resolved.");
        }

        var changed = ticket with
        {
            State = to,
            StateChangedAt = now,
            UpdatedAt = now,
            ResolvedAt = to == TicketState.Resolved ? now : ticket.ResolvedAt,
            ReopenCount = from == TicketState.Resolved && to == TicketState.Open ? ticket.ReopenCount + 1 : ticket.ReopenCount,
            MergedInto = to == TicketState.Merged ? command.MergeInto : ticket.MergedInto,
        };
        var history = new TicketHistoryEntry(ticket.Id, now, from, to, command.Reason)
        {
            Actor = command.Actor.Kind,
            Agent = command.Actor.Agent,
        };
        return TransitionResult.Applied(changed, history);
    }
}
