using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>Gives tickets to eligible agents in turn, so that over many tickets each gets the same number (±1).</summary>
/// <remarks>Thread-safe. The turn follows agent ids, so agents joining or leaving do not reset it.</remarks>
public sealed class RoundRobinAssignment : IAssignmentStrategy
{
    /// <inheritdoc/>
    public AgentId? Choose(AssignmentContext context) => throw new NotImplementedException();
}

/// <summary>Gives a ticket to the eligible agent with the lowest load relative to capacity (ties: fewest tickets, then id).</summary>
public sealed class LeastLoadedAssignment : IAssignmentStrategy
{
    /// <inheritdoc/>
    public AgentId? Choose(AssignmentContext context) => throw new NotImplementedException();
}

/// <summary>Which agents may take a ticket: the filters applied before stickiness and the strategy.</summary>
public static class AssignmentFilters
{
    /// <summary>Selects the agents who may take a ticket.</summary>
    /// <param name="ticket">The ticket.</param>
    /// <param name="language">The customer's language (IETF tag), when known.</param>
    /// <param name="candidates">Every agent with their load.</param>
    /// <param name="options">Which filters apply.</param>
    /// <returns>
    /// The candidates that are <see cref="AgentPresence.Available"/>, have free capacity, work the ticket's channel (an
    /// agent with no channels works all), have every skill in <see cref="Ticket.RequiredSkills"/> (case-insensitive) and,
    /// when <paramref name="language"/> is known and at least one such agent speaks it, speak it (primary subtag match,
    /// case-insensitive: <c>it-IT</c> matches <c>it</c>); ordered by agent id.
    /// </returns>
    public static IReadOnlyList<AssignmentCandidate> Eligible(
        Ticket ticket,
        string? language,
        IEnumerable<AssignmentCandidate> candidates,
        AssignmentOptions options) => throw new NotImplementedException();
}
