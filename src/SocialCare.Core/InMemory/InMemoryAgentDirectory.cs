using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>A <see cref="IAgentDirectory"/> in process memory, filled by the application.</summary>
/// <remarks>Thread-safe. For tests, samples and small set-ups; hosts connect their own user directory.</remarks>
public sealed class InMemoryAgentDirectory : IAgentDirectory
{
    private readonly Lock _gate = new();
    private readonly Dictionary<AgentId, Agent> _agents = [];

    /// <summary>Adds an agent, or replaces the one with the same id.</summary>
    /// <param name="agent">The agent.</param>
    /// <exception cref="ArgumentNullException"><paramref name="agent"/> is <see langword="null"/>.</exception>
    public void Upsert(Agent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        lock (_gate)
        {
            _agents[agent.Id] = agent;
        }
    }

    /// <summary>Changes an agent's presence.</summary>
    /// <param name="id">The agent.</param>
    /// <param name="presence">The new presence.</param>
    /// <exception cref="KeyNotFoundException">There is no agent with that id.</exception>
    public void SetPresence(AgentId id, AgentPresence presence)
    {
        lock (_gate)
        {
            var agent = _agents.TryGetValue(id, out var found) ? found : throw new KeyNotFoundException($"No agent {id}.");
            _agents[id] = agent with { Presence = presence };
        }
    }

    /// <summary>Removes an agent.</summary>
    /// <param name="id">The agent.</param>
    /// <returns><see langword="true"/> when the agent was there.</returns>
    public bool Remove(AgentId id)
    {
        lock (_gate)
        {
            return _agents.Remove(id);
        }
    }

    /// <inheritdoc/>
    public ValueTask<Agent?> GetAsync(AgentId id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_agents.GetValueOrDefault(id));
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<Agent>> GetAgentsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<Agent> agents = [.. _agents.Values];
            return ValueTask.FromResult(agents);
        }
    }
}
