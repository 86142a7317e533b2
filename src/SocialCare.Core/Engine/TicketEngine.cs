using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>
/// SocialCare's ticket lifecycle engine: threads inbound messages into tickets, runs the state machine, priority rules,
/// assignment and SLA clocks, and takes agents' replies through the channel rules into the outbox.
/// </summary>
/// <remarks>
/// A singleton, thread-safe. Within one process, changes to one ticket are serialized (a per-ticket async lock), so
/// that sink events come out in commit order; across processes the store's optimistic concurrency keeps changes
/// whole and the engine retries. Works against <see cref="ITicketStore"/> only, so every store plugs in unchanged.
/// </remarks>
internal sealed partial class TicketEngine : ITicketEngine, IInboundEventHandler
{
    private readonly ITicketStore _store;
    private readonly ICustomerDirectory _customers;
    private readonly IAgentDirectory _agents;
    private readonly Dictionary<ChannelId, IChannelAdapter> _adapters;
    private readonly ITicketEventSink[] _sinks;
    private readonly IActivitySink[] _activitySinks;
    private readonly IListeningTriage _listeningTriage;
    private readonly IPriorityRule[] _rules;
    private readonly BuiltInPriorityRules _builtInRules;
    private readonly IAssignmentStrategy _strategy;
    private readonly TimeProvider _time;
    private readonly SocialCareOptions _options;
    private readonly SocialCareMetrics _metrics;
    private readonly SlaClocks _sla;
    private readonly ILogger _logger;
    private readonly KeyedLock<TicketId> _ticketLocks = new();
    private readonly KeyedLock<(ConversationRef, CustomerId)> _threadLocks = new();
    private readonly SemaphoreSlim _assignmentLock = new(1, 1);
    private readonly (string Skill, KeywordMatcher Matcher)[] _skillKeywords;
    private readonly OutboxSignal _outboxSignal;
    private readonly EventWebhookQueue? _eventWebhooks;

    public TicketEngine(
        ITicketStore store,
        ICustomerDirectory customers,
        IAgentDirectory agents,
        IEnumerable<IChannelAdapter> adapters,
        IEnumerable<ITicketEventSink> sinks,
        IEnumerable<IPriorityRule> rules,
        IAssignmentStrategy strategy,
        TimeProvider time,
        IOptions<SocialCareOptions> options,
        SocialCareMetrics metrics,
        OutboxSignal outboxSignal,
        IEnumerable<IActivitySink> activitySinks,
        IListeningTriage listeningTriage,
        ILoggerFactory? loggerFactory = null,
        IAutoResponder? autoResponder = null,
        EventWebhookQueue? eventWebhooks = null)
    {
        _eventWebhooks = eventWebhooks;
        _store = store;
        _customers = customers;
        _agents = agents;
        _adapters = [];
        foreach (var adapter in adapters)
        {
            _adapters.TryAdd(adapter.Channel, adapter);
        }

        _sinks = [.. sinks];
        _activitySinks = [.. activitySinks];
        _listeningTriage = listeningTriage;
        _rules = [.. rules];
        _strategy = strategy;
        _time = time;
        _options = options.Value;
        _metrics = metrics;
        _outboxSignal = outboxSignal;
        _builtInRules = new BuiltInPriorityRules(_options.Priority);
        _sla = new SlaClocks(_options.Sla);
        _skillKeywords = [.. _options.Assignment.SkillKeywords.Select(p => (p.Key, new KeywordMatcher(p.Value)))];
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<TicketEngine>();
        _autoResponder = autoResponder;
        _handover = new KeywordMatcher(_options.AutoReply.HandoverKeywords);
        _openingHours = OpeningHours(_options);
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    private int MaxAttempts => _options.MaxConcurrencyAttempts;

    // ---------------------------------------------------------------- commit and publish

    /// <summary>Saves a plan: finishes each ticket (SLA clocks, wake time, version), commits, then publishes its events in order.</summary>
    private async Task<bool> CommitAsync(TicketPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!await SaveAsync(plan, now, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await PublishAsync(plan.Events, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Commits a plan without publishing its events (the caller publishes them once it has released shared locks).</summary>
    private async Task<bool> SaveAsync(TicketPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        List<TicketWrite> writes = [];
        foreach (var work in plan.Works)
        {
            var ticket = _sla.Reconcile(work.Ticket, now);
            ticket = _sla.RaiseDue(ticket, now, plan.Events);
            if (!work.IsNew && ticket == work.Original && !plan.Touches(ticket.Id))
            {
                continue;
            }

            ticket = ticket with
            {
                Version = work.ExpectedVersion + 1,
                UpdatedAt = now,
                WakeAt = WakeAt(ticket),
            };
            work.Ticket = ticket;
            writes.Add(new TicketWrite(ticket, work.ExpectedVersion));
        }

        var changes = new TicketChangeSet
        {
            Event = plan.Event,
            Tickets = writes,
            AddedMessages = plan.Added,
            UpdatedMessages = plan.Updated,
            History = plan.History,
            Outbox = plan.Outbox,
            EventDeliveries = _eventWebhooks?.Plan(plan.Events, now) ?? [],
        };
        var outcome = await _store.CommitAsync(changes, cancellationToken).ConfigureAwait(false);
        if (outcome == CommitOutcome.Duplicate)
        {
            return false;
        }

        if (changes.EventDeliveries.Count > 0)
        {
            _eventWebhooks!.Signal.Notify();
        }

        Observe(plan);
        return true;
    }

    private DateTimeOffset? WakeAt(Ticket ticket) => SlaClocks.Min(SlaClocks.NextDue(ticket.Sla), LifecycleDue(ticket));

    private DateTimeOffset? LifecycleDue(Ticket ticket)
    {
        var lifecycle = _options.LifecycleFor(ticket.Conversation.Channel);
        return ticket.State switch
        {
            TicketState.Pending when lifecycle.ResolvePendingAfter is { } after => ticket.StateChangedAt + after,
            TicketState.Resolved when lifecycle.CloseResolvedAfter is { } after => ticket.StateChangedAt + after,
            _ => null,
        };
    }

    private void Observe(TicketPlan plan)
    {
        foreach (var ticketEvent in plan.Events)
        {
            var ticket = plan.WorkOn(ticketEvent.TicketId)?.Ticket;
            var channel = ticket?.Conversation.Channel ?? default;
            switch (ticketEvent)
            {
                case TicketCreated:
                    _metrics.TicketCreated(channel);
                    break;
                case TicketStateChanged changed:
                    _metrics.Transition(channel, changed.To);
                    _logger.TicketTransition(changed.TicketId, changed.From, changed.To, changed.Reason);
                    if (changed.From == TicketState.Resolved && changed.To == TicketState.Open)
                    {
                        _metrics.TicketReopened(channel);
                    }

                    if (changed.To == TicketState.Resolved && ticket is not null)
                    {
                        _metrics.Resolution(channel, changed.OccurredAt - ticket.CreatedAt);
                        if (_options.Satisfaction.Enabled && ticket.Satisfaction is null)
                        {
                            // Asked once the operation has released its locks (see SendQueuedSurveysAsync).
                            _surveys.Enqueue(ticket.Id);
                        }
                    }

                    break;
                case TicketAssigned assigned:
                    _logger.TicketAssigned(assigned.TicketId, assigned.Assignee, assigned.Reason);
                    break;
                case SlaWarning warning:
                    _metrics.Sla(channel, warning.Metric, breach: false);
                    break;
                case SatisfactionRated rated:
                    _metrics.SatisfactionRated(channel, rated.Rating);
                    break;
                case SlaBreached breached:
                    _metrics.Sla(channel, breached.Metric, breach: true);
                    _logger.SlaBreached(breached.TicketId, breached.Metric);
                    break;
            }
        }
    }

    private async Task PublishAsync(IReadOnlyList<TicketEvent> events, CancellationToken cancellationToken)
    {
        foreach (var ticketEvent in events)
        {
            foreach (var sink in _sinks)
            {
                try
                {
                    await sink.PublishAsync(ticketEvent, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // The change is committed; one failing sink must neither undo it nor starve the others.
                    _logger.SinkFailed(sink.GetType().Name, ticketEvent.GetType().Name, ticketEvent.TicketId, ex);
                }
            }
        }
    }

    /// <summary>Tells the activity sinks of an event that adds nothing to tickets; a failing sink is logged, never retried.</summary>
    private async Task NotifyActivityAsync(ActivityNotice notice, CancellationToken cancellationToken)
    {
        foreach (var sink in _activitySinks)
        {
            try
            {
                await sink.OnActivityAsync(notice, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _logger.ActivitySinkFailed(sink.GetType().Name, notice.Event is ActivityObserved a ? a.Activity.ToString() : "listening", ex);
            }
        }
    }

    /// <summary>Runs an operation again when another writer saved one of its tickets first, up to <see cref="SocialCareOptions.MaxConcurrencyAttempts"/> times.</summary>
    private async Task<T> RetryAsync<T>(string operation, Func<Task<T>> once)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await once().ConfigureAwait(false);
            }
            catch (TicketConcurrencyException) when (attempt < MaxAttempts)
            {
                // Read again and redo the change on the version now stored.
                _logger.ConcurrencyRetry(operation, attempt);
            }
        }
    }

    // ---------------------------------------------------------------- plan building blocks

    /// <summary>Moves a ticket in the plan, recording history and the event; returns the refusal when the table says no.</summary>
    private TransitionResult Transition(TicketPlan plan, TicketWork work, TicketCommand command, DateTimeOffset at)
    {
        var lifecycle = _options.LifecycleFor(work.Ticket.Conversation.Channel);
        var before = work.Ticket;
        var result = TicketTransitions.TryApply(before, command, at, lifecycle.RequireAssigneeToResolve);
        if (!result.Succeeded)
        {
            return result;
        }

        work.Ticket = _sla.Reconcile(result.Ticket!, at);
        plan.History.Add(result.History!);
        plan.Events.Add(new TicketStateChanged(before.Id, at, before.State, command.To, command.Reason));
        var loads = _options.Assignment.LoadStates;
        if (before.Assignee is not null && loads.Contains(before.State) && !loads.Contains(command.To))
        {
            plan.FreesCapacity = true;
        }

        return result;
    }

    /// <summary>Saves a new version of a message and tells the sinks; a reply that failed also raises <see cref="ReplyFailed"/>.</summary>
    private static void UpdateMessage(TicketPlan plan, Message message, DateTimeOffset at)
    {
        plan.Updated.Add(message);
        plan.Events.Add(new MessageUpdated(message.TicketId, at, message));
        if (message.Status == DeliveryStatus.Failed)
        {
            plan.Events.Add(new ReplyFailed(message.TicketId, at, message, message.Failure ?? new DeliveryFailure("unknown", "The network reported the message as failed.")));
        }
    }

    /// <summary>A sent message with its network id; a delivery or read report that came first is kept.</summary>
    private static Message MarkSent(Message message, NetworkMessageId networkId)
        => message with { NetworkId = networkId, Status = message.Status > DeliveryStatus.Sent ? message.Status : DeliveryStatus.Sent };

    private static void Note(TicketPlan plan, TicketWork work, DateTimeOffset at, string reason, TicketActor actor)
        => plan.History.Add(new TicketHistoryEntry(work.Ticket.Id, at, work.Ticket.State, work.Ticket.State, reason) { Actor = actor.Kind, Agent = actor.Agent });

    private static void SetPriority(TicketPlan plan, TicketWork work, TicketPriority priority, string reason, TicketActor actor, DateTimeOffset at)
    {
        var before = work.Ticket.Priority;
        if (before == priority)
        {
            return;
        }

        work.Ticket = work.Ticket with { Priority = priority };
        Note(plan, work, at, $"priority {before} → {priority} ({reason})", actor);
        plan.Events.Add(new TicketPriorityChanged(work.Ticket.Id, at, before, priority, reason));
    }

    private void SetAssignee(TicketPlan plan, TicketWork work, AgentId? agent, string reason, TicketActor actor, DateTimeOffset at)
    {
        var before = work.Ticket.Assignee;
        if (before == agent)
        {
            return;
        }

        work.Ticket = work.Ticket with { Assignee = agent };
        Note(plan, work, at, agent is { } id ? $"assigned to {id} ({reason})" : $"unassigned ({reason})", actor);
        plan.Events.Add(new TicketAssigned(work.Ticket.Id, at, before, agent, reason));
        if (before is not null && _options.Assignment.LoadStates.Contains(work.Ticket.State))
        {
            plan.FreesCapacity = true;
        }
    }

    /// <summary>Applies what fell due before <paramref name="now"/> (SLA warnings and breaches, automatic resolve and close), each at its own instant.</summary>
    private void ApplyDue(TicketPlan plan, TicketWork work, DateTimeOffset now)
    {
        for (var step = 0; step < 8; step++)
        {
            var due = LifecycleDue(work.Ticket);
            var upTo = due is { } d && d <= now ? d : now;
            work.Ticket = _sla.RaiseDue(work.Ticket, upTo, plan.Events);
            if (due is not { } at || at > now)
            {
                return;
            }

            var command = work.Ticket.State == TicketState.Pending
                ? new TicketCommand(TicketState.Resolved, TicketActor.System, "no reply from the customer")
                : new TicketCommand(TicketState.Closed, TicketActor.System, "closed automatically");
            if (!Transition(plan, work, command, at).Succeeded)
            {
                return;
            }
        }
    }

    /// <summary>Raises the ticket's priority when a rule asks for more than it has.</summary>
    private void ApplyPriorityRules(TicketPlan plan, TicketWork work, Message message, Customer customer, DateTimeOffset at)
    {
        var context = new PriorityContext(work.Ticket, message, customer);
        var best = _builtInRules.Evaluate(context, out var reason);
        foreach (var rule in _rules)
        {
            if (rule.Evaluate(context) is { } asked && (best is null || asked > best))
            {
                best = asked;
                reason = rule.Name;
            }
        }

        if (best is { } priority && priority > work.Ticket.Priority)
        {
            SetPriority(plan, work, priority, reason, TicketActor.System, at);
        }
    }

    private IReadOnlyList<string> SkillsFor(Message message)
    {
        if (_skillKeywords.Length == 0)
        {
            return [];
        }

        List<string> skills = [];
        foreach (var (skill, matcher) in _skillKeywords)
        {
            if (matcher.Matches(message))
            {
                skills.Add(skill);
            }
        }

        return skills;
    }

    /// <summary>Takes the locks of several tickets in a fixed order, so that two operations never wait on each other.</summary>
    private async ValueTask<Locks> LockTicketsAsync(IReadOnlyCollection<TicketId> ids, CancellationToken cancellationToken)
    {
        var ordered = new List<TicketId>(ids.Count);
        foreach (var id in ids)
        {
            if (!ordered.Contains(id))
            {
                ordered.Add(id);
            }
        }

        if (ordered.Count > 1)
        {
            ordered.Sort(static (a, b) => string.CompareOrdinal(a.Value, b.Value));
        }

        var held = new List<KeyedLock<TicketId>.Releaser>(ordered.Count);
        try
        {
            foreach (var id in ordered)
            {
                held.Add(await _ticketLocks.AcquireAsync(id, cancellationToken).ConfigureAwait(false));
            }
        }
        catch
        {
            new Locks(held).Dispose();
            throw;
        }

        return new Locks(held);
    }

    private readonly struct Locks(List<KeyedLock<TicketId>.Releaser> held) : IDisposable
    {
        public void Dispose()
        {
            for (var i = held.Count - 1; i >= 0; i--)
            {
                held[i].Dispose();
            }
        }
    }
}
