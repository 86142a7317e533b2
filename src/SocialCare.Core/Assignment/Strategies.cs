using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>Gives tickets to eligible agents in turn, so that over many tickets each gets the same number (±1).</summary>
/// <remarks>Thread-safe. The turn follows agent ids, so agents joining or leaving do not reset it.</remarks>
public sealed class RoundRobinAssignment : IAssignmentStrategy
{
    private readonly Lock _gate = new();

    // The id (AgentId.Value) of the agent chosen last; null before the first choice.
    private string? _last;

    /// <inheritdoc/>
    public AgentId? Choose(AssignmentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        lock (_gate)
        {
            // The next turn is the candidate with the smallest id greater than the last one chosen; past the end of
            // the ids it wraps around to the smallest. One pass, no sorting: the candidates need not be ordered.
            AssignmentCandidate? next = null;
            AssignmentCandidate? first = null;
            foreach (var candidate in context.Candidates)
            {
                if (candidate is null || !candidate.HasCapacity)
                {
                    continue;
                }

                var id = candidate.Agent.Id.Value;
                if (first is null || string.CompareOrdinal(id, first.Agent.Id.Value) < 0)
                {
                    first = candidate;
                }

                if (_last is not null
                    && string.CompareOrdinal(id, _last) > 0
                    && (next is null || string.CompareOrdinal(id, next.Agent.Id.Value) < 0))
                {
                    next = candidate;
                }
            }

            var chosen = next ?? first;
            if (chosen is null)
            {
                return null;
            }

            _last = chosen.Agent.Id.Value;
            return chosen.Agent.Id;
        }
    }
}

/// <summary>Gives a ticket to the eligible agent with the lowest load relative to capacity (ties: fewest tickets, then id).</summary>
public sealed class LeastLoadedAssignment : IAssignmentStrategy
{
    /// <inheritdoc/>
    public AgentId? Choose(AssignmentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        AssignmentCandidate? best = null;
        foreach (var candidate in context.Candidates)
        {
            // Capacity > 0 keeps the cross-multiplication below sound even for a negative load.
            if (candidate is null || !candidate.HasCapacity || candidate.Agent.Capacity <= 0)
            {
                continue;
            }

            if (best is null || IsBetter(candidate, best))
            {
                best = candidate;
            }
        }

        return best?.Agent.Id;
    }

    private static bool IsBetter(AssignmentCandidate a, AssignmentCandidate b)
    {
        // a.Load / a.Capacity vs b.Load / b.Capacity, both capacities positive: compare a.Load * b.Capacity with
        // b.Load * a.Capacity, in 64 bits so that no product overflows.
        var ratio = ((long)a.Load * b.Agent.Capacity).CompareTo((long)b.Load * a.Agent.Capacity);
        if (ratio != 0)
        {
            return ratio < 0;
        }

        if (a.Load != b.Load)
        {
            return a.Load < b.Load;
        }

        return string.CompareOrdinal(a.Agent.Id.Value, b.Agent.Id.Value) < 0;
    }
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
    /// <exception cref="ArgumentNullException"><paramref name="ticket"/>, <paramref name="candidates"/> or <paramref name="options"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<AssignmentCandidate> Eligible(
        Ticket ticket,
        string? language,
        IEnumerable<AssignmentCandidate> candidates,
        AssignmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(options);

        var channel = ticket.Conversation.Channel;
        var eligible = new List<AssignmentCandidate>();
        foreach (var candidate in candidates)
        {
            if (candidate.Agent.Presence == AgentPresence.Available
                && candidate.HasCapacity
                && (!options.MatchChannel || WorksChannel(candidate.Agent, channel))
                && (!options.MatchSkills || HasSkills(candidate.Agent, ticket.RequiredSkills)))
            {
                eligible.Add(candidate);
            }
        }

        if (options.MatchLanguage && PrimarySubtag(language) is { Length: > 0 } wanted)
        {
            var speakers = eligible.FindAll(c => Speaks(c.Agent, wanted));
            if (speakers.Count > 0)
            {
                eligible = speakers;
            }
        }

        // List.Sort is not stable; the id is the whole key, so only candidates for the same agent could swap.
        eligible.Sort(static (a, b) => string.CompareOrdinal(a.Agent.Id.Value, b.Agent.Id.Value));
        return eligible;
    }

    private static bool WorksChannel(Agent agent, ChannelId channel)
    {
        if (agent.Channels.Count == 0)
        {
            return true;
        }

        foreach (var worked in agent.Channels)
        {
            if (worked == channel)
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasSkills(Agent agent, IReadOnlyList<string> required)
    {
        foreach (var skill in required)
        {
            var found = false;
            foreach (var own in agent.Skills)
            {
                if (string.Equals(own, skill, StringComparison.OrdinalIgnoreCase))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    private static bool Speaks(Agent agent, string primary)
    {
        foreach (var tag in agent.Languages)
        {
            if (string.Equals(PrimarySubtag(tag), primary, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    // The part of an IETF tag before the first '-': "it" for "it-IT"; empty for a null or blank tag.
    private static string PrimarySubtag(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return string.Empty;
        }

        var dash = tag.IndexOf('-', StringComparison.Ordinal);
        return (dash < 0 ? tag : tag[..dash]).Trim();
    }
}
