using SocialCare.Abstractions;
using SocialCare.Core;

namespace SocialCare.Samples.Inbox;

/// <summary>
/// Puts the inbox's agents on duty when the app starts: three agents in the in-memory agent directory, available, so that
/// the engine assigns incoming tickets to them. A real host would read its own user accounts (its own <see cref="IAgentDirectory"/>).
/// </summary>
public sealed class InboxAgents : IHostedService
{
    /// <summary>The agents on duty: Marco (Italian and English), Sara (Italian) and Emma (English).</summary>
    public static readonly IReadOnlyList<Agent> OnDuty =
    [
        new(new AgentId("marco"), "Marco Bianchi") { Presence = AgentPresence.Available, Languages = ["it", "en"] },
        new(new AgentId("sara"), "Sara Conti") { Presence = AgentPresence.Available, Languages = ["it"] },
        new(new AgentId("emma"), "Emma Walsh") { Presence = AgentPresence.Available, Languages = ["en"] },
    ];

    private readonly IAgentDirectory _directory;
    private readonly ITicketEngine _engine;

    /// <summary>Initializes a new instance of the <see cref="InboxAgents"/> class.</summary>
    /// <param name="directory">The agent directory; agents are added when it is the in-memory one.</param>
    /// <param name="engine">The ticket engine, told that the agents are available.</param>
    public InboxAgents(IAgentDirectory directory, ITicketEngine engine)
    {
        _directory = directory;
        _engine = engine;
    }

    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_directory is not InMemoryAgentDirectory directory)
        {
            return; // the host brought its own directory, and its own agents
        }

        foreach (var agent in OnDuty)
        {
            directory.Upsert(agent);
            await _engine.AgentChangedAsync(agent.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
