using SocialCare.Abstractions;

namespace SocialCare.Core;

internal sealed partial class TicketEngine
{
    private static readonly TicketState[] QueueStates = [TicketState.New, TicketState.Open];
    private int _drainPending;
    private long _drainsStarted;
    private int _drainsRunning;

    /// <summary>Marks a moment for <see cref="DrainMayHaveRunSince"/>: the number of drains started, and whether one runs.</summary>
    private long DrainMark => (Volatile.Read(ref _drainsStarted) << 1) | (Volatile.Read(ref _drainsRunning) > 0 ? 1L : 0L);

    /// <summary>Gets whether a drain may have read the queue since <paramref name="mark"/>: one was running then, or one started since.</summary>
    private bool DrainMayHaveRunSince(long mark) => (mark & 1) == 1 || Volatile.Read(ref _drainsStarted) != mark >> 1;

    private bool NeedsAssignment(Ticket ticket)
        => _options.Assignment.Enabled && ticket.Assignee is null && ticket.State is TicketState.New or TicketState.Open;

    /// <summary>
    /// Commits a plan; when it needs an agent, chooses one under the assignment lock and, when one is chosen, commits before
    /// releasing it, so that the next choice sees this ticket in the agent's load and capacity is never exceeded within a
    /// process. A ticket nobody can take is committed outside the lock, so that queued tickets commit side by side (and a
    /// store can group their commits); a drain that looked at the queue meanwhile may have missed it, so the queue is then
    /// drained again.
    /// </summary>
    private async Task<bool> CommitWithAssignmentAsync(TicketPlan plan, Customer? customer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        bool committed;
        if (plan.NeedsAssignment is { } work)
        {
            customer ??= await _customers.GetAsync(work.Ticket.Customer, cancellationToken).ConfigureAwait(false);
            bool queued;
            long mark;
            await _assignmentLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                mark = DrainMark;
                var choice = await ChooseAgentAsync(work.Ticket, customer, exclude: null, cancellationToken).ConfigureAwait(false);
                queued = choice is null;
                if (choice is { } chosen)
                {
                    SetAssignee(plan, work, chosen.Agent, chosen.Reason, TicketActor.System, now);
                    committed = await SaveAsync(plan, now, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    committed = false;
                }
            }
            finally
            {
                _assignmentLock.Release();
            }

            if (queued)
            {
                committed = await SaveAsync(plan, now, cancellationToken).ConfigureAwait(false);
                if (committed && DrainMayHaveRunSince(mark))
                {
                    Volatile.Write(ref _drainPending, 1);
                }
            }

            // Published outside the assignment lock, so that a slow sink does not hold up assignment of other tickets;
            // still under this ticket's lock, so that its events keep their order.
            if (committed)
            {
                await PublishAsync(plan.Events, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            committed = await CommitAsync(plan, now, cancellationToken).ConfigureAwait(false);
        }

        if (committed && plan.FreesCapacity && _options.Assignment.Enabled)
        {
            // Drained by the public operation once it has released its locks.
            Volatile.Write(ref _drainPending, 1);
        }

        return committed;
    }

    /// <summary>Drains the queue when an earlier commit freed an agent's capacity; called with no locks held.</summary>
    private async Task DrainIfFreedAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _drainPending, 0) == 1)
        {
            await DrainQueueAsync(cancellationToken).ConfigureAwait(false);
        }

        if (!_surveys.IsEmpty)
        {
            await SendQueuedSurveysAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Picks an agent: the eligible ones, then the one the customer knows, then the strategy.</summary>
    private async Task<(AgentId Agent, string Reason)?> ChooseAgentAsync(Ticket ticket, Customer? customer, AgentId? exclude, CancellationToken cancellationToken)
    {
        var agents = await _agents.GetAgentsAsync(cancellationToken).ConfigureAwait(false);
        if (agents.Count == 0)
        {
            return null;
        }

        var loads = await _store.CountByAssigneeAsync([.. _options.Assignment.LoadStates], cancellationToken).ConfigureAwait(false);
        var candidates = agents
            .Where(a => a.Id != exclude)
            .Select(a => new AssignmentCandidate(a, loads.GetValueOrDefault(a.Id)));
        var eligible = AssignmentFilters.Eligible(ticket, customer?.Language, candidates, _options.Assignment);
        if (eligible.Count == 0)
        {
            return null;
        }

        if (ticket.Automation?.RequestedAgent is { } requested && eligible.Any(c => c.Agent.Id == requested))
        {
            return (requested, "the customer asked for this agent by name");
        }

        if (_options.Assignment.Sticky)
        {
            var known = await LastAgentOfAsync(ticket, cancellationToken).ConfigureAwait(false);
            if (known is { } agent && eligible.Any(c => c.Agent.Id == agent))
            {
                return (agent, "sticky: the agent who last helped this customer");
            }
        }

        var chosen = _strategy.Choose(new AssignmentContext(ticket, eligible));
        if (chosen is not { } id || !eligible.Any(c => c.Agent.Id == id))
        {
            return null;
        }

        var reason = _strategy switch
        {
            RoundRobinAssignment => "round robin",
            LeastLoadedAssignment => "least loaded",
            _ => _strategy.GetType().Name,
        };
        return (id, reason);
    }

    /// <summary>The agent of the customer's most recent earlier ticket that had one, within the sticky period.</summary>
    private async Task<AgentId?> LastAgentOfAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var since = Now - _options.Assignment.StickyWithin;
        var recent = await _store.QueryTicketsAsync(new TicketQuery { Customer = ticket.Customer, NewestFirst = true, Limit = 20 }, cancellationToken).ConfigureAwait(false);
        foreach (var earlier in recent)
        {
            if (earlier.Id != ticket.Id && earlier.Assignee is { } agent && earlier.UpdatedAt >= since)
            {
                return agent;
            }
        }

        return null;
    }

    public async Task<int> DrainQueueAsync(CancellationToken cancellationToken = default)
    {
        if (!_options.Assignment.Enabled)
        {
            return 0;
        }

        Interlocked.Increment(ref _drainsStarted);
        Interlocked.Increment(ref _drainsRunning);
        try
        {
            return await DrainQueueCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _drainsRunning);
        }
    }

    private async Task<int> DrainQueueCoreAsync(CancellationToken cancellationToken)
    {
        if (!await AnyCapacityAsync(cancellationToken).ConfigureAwait(false))
        {
            // Nobody can take a ticket: no need to read the queue.
            return 0;
        }

        List<Ticket> queued = [];
        TicketId? after = null;
        while (true)
        {
            var page = await _store.QueryTicketsAsync(new TicketQuery { UnassignedOnly = true, States = QueueStates, After = after, Limit = 500 }, cancellationToken).ConfigureAwait(false);
            queued.AddRange(page);
            if (page.Count < 500)
            {
                break;
            }

            after = page[^1].Id;
        }

        var assigned = 0;
        foreach (var candidate in queued.OrderByDescending(t => t.Priority).ThenBy(t => t.CreatedAt))
        {
            var result = await AssignFromQueueAsync(candidate.Id, exclude: null, cancellationToken).ConfigureAwait(false);
            if (result is null)
            {
                // Nobody can take even this one; the others wait for the next change.
                if (!await AnyCapacityAsync(cancellationToken).ConfigureAwait(false))
                {
                    break;
                }

                continue;
            }

            if (result.Value)
            {
                assigned++;
            }
        }

        return assigned;
    }

    private async Task<bool> AnyCapacityAsync(CancellationToken cancellationToken)
    {
        var agents = await _agents.GetAgentsAsync(cancellationToken).ConfigureAwait(false);
        var loads = await _store.CountByAssigneeAsync([.. _options.Assignment.LoadStates], cancellationToken).ConfigureAwait(false);
        return agents.Any(a => a.Presence == AgentPresence.Available && loads.GetValueOrDefault(a.Id) < a.Capacity);
    }

    /// <summary>Assigns one queued ticket; <see langword="true"/> when assigned, <see langword="false"/> when it no longer waits, <see langword="null"/> when nobody can take it.</summary>
    private Task<bool?> AssignFromQueueAsync(TicketId id, AgentId? exclude, CancellationToken cancellationToken)
        => RetryAsync("queue assignment", () => AssignFromQueueOnceAsync(id, exclude, cancellationToken));

    private async Task<bool?> AssignFromQueueOnceAsync(TicketId id, AgentId? exclude, CancellationToken cancellationToken)
    {
        using var locks = await LockTicketsAsync([id], cancellationToken).ConfigureAwait(false);
        TicketPlan plan;
        await _assignmentLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var ticket = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (ticket is null || !NeedsAssignment(ticket))
            {
                return false;
            }

            var customer = await _customers.GetAsync(ticket.Customer, cancellationToken).ConfigureAwait(false);
            var choice = await ChooseAgentAsync(ticket, customer, exclude, cancellationToken).ConfigureAwait(false);
            if (choice is not { } chosen)
            {
                return null;
            }

            var now = Now;
            plan = new TicketPlan();
            var work = plan.Add(ticket, ticket.Version);
            ApplyDue(plan, work, now);
            SetAssignee(plan, work, chosen.Agent, chosen.Reason, TicketActor.System, now);
            await SaveAsync(plan, now, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _assignmentLock.Release();
        }

        await PublishAsync(plan.Events, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<int> AgentChangedAsync(AgentId agent, CancellationToken cancellationToken = default)
    {
        var changed = 0;
        var known = await _agents.GetAsync(agent, cancellationToken).ConfigureAwait(false);
        if (_options.Assignment.ReassignWhenOffline && (known is null || known.Presence == AgentPresence.Offline))
        {
            var held = await _store.QueryTicketsAsync(
                new TicketQuery { Assignee = agent, States = [TicketState.New, TicketState.Open, TicketState.Pending, TicketState.OnHold], Limit = 10_000 },
                cancellationToken).ConfigureAwait(false);
            foreach (var ticket in held)
            {
                var result = await ExecuteAsync(
                    ticket.Id,
                    (plan, work, now) =>
                    {
                        if (work.Ticket.Assignee != agent)
                        {
                            return null;
                        }

                        SetAssignee(plan, work, null, "assignee went offline", TicketActor.System, now);
                        return null;
                    },
                    cancellationToken,
                    assign: false).ConfigureAwait(false);
                if (!result.Succeeded)
                {
                    continue;
                }

                // Freeing the agent's capacity may already have drained the queue; otherwise assign it now.
                await AssignFromQueueAsync(ticket.Id, agent, cancellationToken).ConfigureAwait(false);
                if (await _store.GetAsync(ticket.Id, cancellationToken).ConfigureAwait(false) is { Assignee: { } now } && now != agent)
                {
                    changed++;
                }
            }
        }

        return changed + await DrainQueueAsync(cancellationToken).ConfigureAwait(false);
    }
}
