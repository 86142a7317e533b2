using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>Chooses which agent gets a ticket among the eligible ones.</summary>
/// <remarks>
/// SocialCare ships <see cref="RoundRobinAssignment"/> and <see cref="LeastLoadedAssignment"/>; stickiness (the agent
/// the customer knows) is applied before the strategy. Replace with <c>builder.AddAssignmentStrategy&lt;T&gt;()</c>.
/// Called under the engine's assignment lock, one ticket at a time per process; must be thread-safe.
/// </remarks>
public interface IAssignmentStrategy
{
    /// <summary>Chooses an agent.</summary>
    /// <param name="context">The ticket and the eligible candidates (available, with free capacity, matching the ticket's needs).</param>
    /// <returns>The chosen agent (one of the candidates), or <see langword="null"/> to leave the ticket in the queue.</returns>
    AgentId? Choose(AssignmentContext context);
}

/// <summary>An agent who could take a ticket, with their current load.</summary>
/// <param name="Agent">The agent.</param>
/// <param name="Load">How many tickets that count toward capacity they hold now.</param>
public sealed record AssignmentCandidate(Agent Agent, int Load)
{
    /// <summary>Gets a value indicating whether the agent can take one more ticket.</summary>
    public bool HasCapacity => Load < Agent.Capacity;
}

/// <summary>What an assignment strategy chooses from.</summary>
/// <param name="Ticket">The ticket to assign.</param>
/// <param name="Candidates">The eligible agents, ordered by id.</param>
public sealed record AssignmentContext(Ticket Ticket, IReadOnlyList<AssignmentCandidate> Candidates);
