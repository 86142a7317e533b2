using SocialCare.Abstractions;

namespace SocialCare.Core;

internal sealed partial class TicketEngine
{
    /// <summary>
    /// Runs a change on one ticket: lock, read, catch up on what fell due, apply, commit (retrying on concurrent
    /// writers). <paramref name="apply"/> returns a failure to refuse (the catch-up is still saved) or null to save.
    /// </summary>
    private async Task<TicketCommandResult> ExecuteAsync(
        TicketId id,
        Func<TicketPlan, TicketWork, DateTimeOffset, TicketCommandResult?> apply,
        CancellationToken cancellationToken,
        bool assign = true)
    {
        var result = await RetryAsync("ticket command", () => ExecuteOnceAsync(id, apply, assign, cancellationToken)).ConfigureAwait(false);
        await DrainIfFreedAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    private async Task<TicketCommandResult> ExecuteOnceAsync(
        TicketId id,
        Func<TicketPlan, TicketWork, DateTimeOffset, TicketCommandResult?> apply,
        bool assign,
        CancellationToken cancellationToken)
    {
        using var locks = await LockTicketsAsync([id], cancellationToken).ConfigureAwait(false);
        var ticket = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            return TicketCommandResult.Failure(TicketCommandError.NotFound, $"There is no ticket {id}.");
        }

        var now = Now;
        var plan = new TicketPlan();
        var work = plan.Add(ticket, ticket.Version);
        ApplyDue(plan, work, now);
        var failure = apply(plan, work, now);
        if (failure is not null)
        {
            if (!plan.IsEmpty)
            {
                await CommitAsync(plan, now, cancellationToken).ConfigureAwait(false);
            }

            return failure;
        }

        if (assign && NeedsAssignment(work.Ticket))
        {
            plan.NeedsAssignment = work;
        }

        await CommitWithAssignmentAsync(plan, null, now, cancellationToken).ConfigureAwait(false);
        return TicketCommandResult.Success(work.Ticket);
    }

    public Task<TicketCommandResult> ChangeStateAsync(TicketId ticketId, TicketState state, TicketActor actor, string? reason = null, CancellationToken cancellationToken = default)
    {
        if (state == TicketState.Merged)
        {
            return Task.FromResult(TicketCommandResult.Failure(
                TicketCommandError.TransitionRejected,
                "Only a merge moves a ticket to Merged; use MergeAsync.",
                TransitionRejection.MergeTargetRequired));
        }

        return ExecuteAsync(
            ticketId,
            (plan, work, now) =>
            {
                var result = Transition(plan, work, new TicketCommand(state, actor, reason ?? DefaultReason(state, actor)), now);
                return result.Succeeded
                    ? null
                    : TicketCommandResult.Failure(TicketCommandError.TransitionRejected, result.Message!, result.Rejection);
            },
            cancellationToken);
    }

    private static string DefaultReason(TicketState state, TicketActor actor) => (state, actor.Kind) switch
    {
        (TicketState.Open, AuthorKind.Agent) => "agent opened",
        (TicketState.Pending, _) => "waiting for the customer",
        (TicketState.OnHold, _) => "waiting for a third party",
        (TicketState.Resolved, _) => "resolved",
        (TicketState.Closed, _) => "closed",
        _ => state.ToString().ToLowerInvariant(),
    };

    public async Task<TicketCommandResult> AssignAsync(TicketId ticketId, AgentId? agent, TicketActor actor, CancellationToken cancellationToken = default)
    {
        if (agent is { } id && await _agents.GetAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return TicketCommandResult.Failure(TicketCommandError.UnknownAgent, $"There is no agent {id}.");
        }

        return await ExecuteAsync(
            ticketId,
            (plan, work, now) =>
            {
                if (!work.Ticket.IsActive)
                {
                    return TicketCommandResult.Failure(TicketCommandError.TicketInactive, $"Ticket {ticketId} is {work.Ticket.State}.");
                }

                SetAssignee(plan, work, agent, "manual", actor, now);
                return null;
            },
            cancellationToken,
            assign: false).ConfigureAwait(false);
    }

    public Task<TicketCommandResult> SetPriorityAsync(TicketId ticketId, TicketPriority priority, TicketActor actor, CancellationToken cancellationToken = default)
        => ExecuteAsync(
            ticketId,
            (plan, work, now) =>
            {
                if (!work.Ticket.IsActive)
                {
                    return TicketCommandResult.Failure(TicketCommandError.TicketInactive, $"Ticket {ticketId} is {work.Ticket.State}.");
                }

                SetPriority(plan, work, priority, "manual", actor, now);
                return null;
            },
            cancellationToken);

    public async Task<TicketCommandResult> MergeAsync(TicketId sourceId, TicketId targetId, TicketActor actor, CancellationToken cancellationToken = default)
    {
        if (sourceId == targetId)
        {
            return TicketCommandResult.Failure(TicketCommandError.SameTicket, "A ticket cannot be merged into itself.");
        }

        var result = await RetryAsync("merge", () => MergeOnceAsync(sourceId, targetId, actor, cancellationToken)).ConfigureAwait(false);
        await DrainIfFreedAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    private async Task<TicketCommandResult> MergeOnceAsync(TicketId sourceId, TicketId targetId, TicketActor actor, CancellationToken cancellationToken)
    {
        using var locks = await LockTicketsAsync([sourceId, targetId], cancellationToken).ConfigureAwait(false);
        var source = await _store.GetAsync(sourceId, cancellationToken).ConfigureAwait(false);
        var target = await _store.GetAsync(targetId, cancellationToken).ConfigureAwait(false);
        if (source is null || target is null)
        {
            return TicketCommandResult.Failure(TicketCommandError.NotFound, $"There is no ticket {(source is null ? sourceId : targetId)}.");
        }

        var now = Now;
        var plan = new TicketPlan();
        var from = plan.Add(source, source.Version);
        var into = plan.Add(target, target.Version);
        ApplyDue(plan, from, now);
        ApplyDue(plan, into, now);
        if (!into.Ticket.IsActive)
        {
            await CommitIfAnyAsync(plan, now, cancellationToken).ConfigureAwait(false);
            return TicketCommandResult.Failure(TicketCommandError.TicketInactive, $"Ticket {targetId} is {into.Ticket.State} and cannot take a merge.");
        }

        var moved = Transition(plan, from, new TicketCommand(TicketState.Merged, actor, $"merged into {targetId}") { MergeInto = targetId }, now);
        if (!moved.Succeeded)
        {
            await CommitIfAnyAsync(plan, now, cancellationToken).ConfigureAwait(false);
            return TicketCommandResult.Failure(TicketCommandError.TransitionRejected, moved.Message!, moved.Rejection);
        }

        var messages = await _store.GetMessagesAsync(sourceId, cancellationToken).ConfigureAwait(false);
        foreach (var message in messages)
        {
            plan.Updated.Add(message with { TicketId = targetId });
        }

        // The target takes on what the source knew: the latest activity, the earliest answer, the higher priority.
        var s = from.Ticket;
        var t = into.Ticket;
        into.Ticket = t with
        {
            LastCustomerMessageAt = Max(t.LastCustomerMessageAt, s.LastCustomerMessageAt),
            LastAgentMessageAt = Max(t.LastAgentMessageAt, s.LastAgentMessageAt),
            FirstResponseAt = Min(t.FirstResponseAt, s.FirstResponseAt),
            RequiredSkills = [.. t.RequiredSkills.Union(s.RequiredSkills, StringComparer.OrdinalIgnoreCase)],
        };
        if (s.Priority > t.Priority)
        {
            SetPriority(plan, into, s.Priority, $"merged from {sourceId}", actor, now);
        }

        Note(plan, into, now, $"merged {sourceId} into this ticket ({messages.Count} messages)", actor);
        plan.Events.Add(new TicketMerged(sourceId, now, targetId, messages.Count));
        if (s.Assignee is not null && _options.Assignment.LoadStates.Contains(source.State))
        {
            plan.FreesCapacity = true;
        }

        if (NeedsAssignment(into.Ticket))
        {
            plan.NeedsAssignment = into;
        }

        await CommitWithAssignmentAsync(plan, null, now, cancellationToken).ConfigureAwait(false);
        return TicketCommandResult.Success(into.Ticket);
    }

    private async Task CommitIfAnyAsync(TicketPlan plan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!plan.IsEmpty)
        {
            await CommitAsync(plan, now, cancellationToken).ConfigureAwait(false);
        }
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : (a > b ? a : b);

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => SlaClocks.Min(a, b);

    public async Task<ReplyOptions?> GetReplyOptionsAsync(TicketId ticketId, CancellationToken cancellationToken = default)
    {
        var ticket = await _store.GetAsync(ticketId, cancellationToken).ConfigureAwait(false);
        if (ticket is null || !_adapters.TryGetValue(ticket.Conversation.Channel, out var adapter))
        {
            return null;
        }

        var now = Now;
        if (LifecycleDue(ticket) is { } due && due <= now)
        {
            // A timer fell due that the scheduler has not run yet: answer for the ticket as it is by now.
            var plan = new TicketPlan();
            var work = plan.Add(ticket, ticket.Version);
            ApplyDue(plan, work, now);
            ticket = work.Ticket;
        }

        return await WithTemplatesAsync(ReplyPolicy.Evaluate(ticket, adapter.Capabilities, now), ticket, adapter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds the templates that fit the ticket (its account's, in the customer's language first) when the channel has a catalogue.</summary>
    private async Task<ReplyOptions> WithTemplatesAsync(ReplyOptions options, Ticket ticket, IChannelAdapter adapter, CancellationToken cancellationToken)
    {
        if (!options.TemplatesAllowed || options.Mode == ReplyMode.Nothing || adapter is not ITemplateCatalog catalog)
        {
            return options;
        }

        var templates = catalog.GetTemplates(ticket.Conversation.Account);
        if (templates.Count == 0)
        {
            return options;
        }

        var language = (await _customers.GetAsync(ticket.Customer, cancellationToken).ConfigureAwait(false))?.Language;
        return options with { Templates = ReplyPolicy.OrderTemplates(templates, language) };
    }

    public async Task<ReplyResult> ReplyAsync(ReplyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Parts);
        var result = await RetryAsync("reply", () => ReplyOnceAsync(request, cancellationToken)).ConfigureAwait(false);

        if (result.Succeeded)
        {
            _outboxSignal.Notify();
        }

        await DrainIfFreedAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// The identity the customer was last heard from (or, after a network-reported identity change, moved to): where a
    /// private reply goes.
    /// </summary>
    private static Participant? ReachableAt(IReadOnlyList<Message> messages)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i] is { Direction: MessageDirection.Inbound, Sender: { } sender, Author: AuthorKind.Customer or AuthorKind.System })
            {
                return sender;
            }
        }

        return null;
    }

    private async Task<ReplyResult> ReplyOnceAsync(ReplyRequest request, CancellationToken cancellationToken)
    {
        if (await _agents.GetAsync(request.Agent, cancellationToken).ConfigureAwait(false) is not { } author)
        {
            return ReplyResult.Refused(ReplyRejection.UnknownAgent, $"There is no agent {request.Agent}.");
        }

        using var locks = await LockTicketsAsync([request.TicketId], cancellationToken).ConfigureAwait(false);
        var ticket = await _store.GetAsync(request.TicketId, cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            return ReplyResult.Refused(ReplyRejection.TicketNotFound, $"There is no ticket {request.TicketId}.");
        }

        if (!_adapters.TryGetValue(ticket.Conversation.Channel, out var adapter))
        {
            return ReplyResult.Refused(ReplyRejection.UnknownChannel, $"No adapter is registered for channel '{ticket.Conversation.Channel}'.");
        }

        var now = Now;
        var plan = new TicketPlan();
        var work = plan.Add(ticket, ticket.Version);
        ApplyDue(plan, work, now);
        var capabilities = adapter.Capabilities;
        var options = ReplyPolicy.Evaluate(work.Ticket, capabilities, now);
        var parts = request.Template is null ? Signed(request.Parts, author, ticket.Conversation.Channel) : request.Parts;
        var refusal = ReplyPolicy.Check(options, capabilities, new ReplyDraft(parts, request.Template, request.Private), adapter as ITextMeasure);
        if (refusal is { } refused)
        {
            _logger.ReplyRejected(ticket.Id, refused.Rejection);
            await CommitIfAnyAsync(plan, now, cancellationToken).ConfigureAwait(false);
            return ReplyResult.Refused(refused.Rejection, refused.Message, options);
        }

        if (request.Template is { } template && adapter is ITemplateCatalog catalog
            && ReplyPolicy.CheckTemplate(catalog.GetTemplates(ticket.Conversation.Account), template) is { } badTemplate)
        {
            _logger.ReplyRejected(ticket.Id, badTemplate.Rejection);
            await CommitIfAnyAsync(plan, now, cancellationToken).ConfigureAwait(false);
            return ReplyResult.Refused(badTemplate.Rejection, badTemplate.Message, options);
        }

        var stateAfterReply = work.Ticket.State == TicketState.New ? TicketState.Open : work.Ticket.State;
        if (request.ThenState is { } then && then != stateAfterReply && (then == TicketState.Merged || !TicketTransitions.IsAllowed(stateAfterReply, then)))
        {
            await CommitIfAnyAsync(plan, now, cancellationToken).ConfigureAwait(false);
            return ReplyResult.Refused(ReplyRejection.StateChangeRejected, $"A ticket cannot move from {stateAfterReply} to {then} with a reply.", options);
        }

        var messages = await _store.GetMessagesAsync(ticket.Id, cancellationToken).ConfigureAwait(false);
        var lastCustomer = messages.LastOrDefault(m => m.Direction == MessageDirection.Inbound && m.Author == AuthorKind.Customer);
        Message? answered = null;
        if (request.ReplyTo is { } replyTo)
        {
            answered = messages.FirstOrDefault(m => m.Id == replyTo);
        }
        else if (ticket.Conversation.Visibility == ConversationVisibility.Public)
        {
            answered = lastCustomer;
        }

        if (request.Private && ticket.Conversation.Visibility == ConversationVisibility.Public
            && CheckPrivateReply(messages, answered, capabilities, now) is { } privateRefusal)
        {
            _logger.ReplyRejected(ticket.Id, ReplyRejection.PrivateReplyUnavailable);
            await CommitIfAnyAsync(plan, now, cancellationToken).ConfigureAwait(false);
            return ReplyResult.Refused(ReplyRejection.PrivateReplyUnavailable, privateRefusal, options);
        }

        var message = QueueOutbound(plan, work.Ticket, messages, answered, parts, request.Template, AuthorKind.Agent, request.Agent, request.Private, options, now);

        var firstResponse = work.Ticket.FirstResponseAt is null;
        work.Ticket = work.Ticket with { LastAgentMessageAt = now, FirstResponseAt = work.Ticket.FirstResponseAt ?? now };
        var agentActor = TicketActor.ForAgent(request.Agent);
        if (work.Ticket.State is TicketState.New)
        {
            Transition(plan, work, new TicketCommand(TicketState.Open, agentActor, "agent replied"), now);
        }

        if (request.ThenState is { } next && next != work.Ticket.State)
        {
            Transition(plan, work, new TicketCommand(next, agentActor, DefaultReason(next, agentActor)), now);
        }

        if (work.Ticket.Assignee is null && _options.Assignment.Enabled)
        {
            // The agent who answers an unassigned ticket takes it.
            SetAssignee(plan, work, request.Agent, "answered it", agentActor, now);
        }

        await CommitWithAssignmentAsync(plan, null, now, cancellationToken).ConfigureAwait(false);
        if (firstResponse)
        {
            _metrics.FirstResponse(ticket.Conversation.Channel, now - ticket.CreatedAt);
        }

        return ReplyResult.Success(message, options);
    }

    public async Task<ReplyResult> AddNoteAsync(TicketId ticketId, AgentId agent, string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (await _agents.GetAsync(agent, cancellationToken).ConfigureAwait(false) is null)
        {
            return ReplyResult.Refused(ReplyRejection.UnknownAgent, $"There is no agent {agent}.");
        }

        Message? note = null;
        var result = await ExecuteAsync(
            ticketId,
            (plan, work, now) =>
            {
                var conversation = work.Ticket.Conversation with { Visibility = ConversationVisibility.Internal };
                note = new Message(MessageId.New(now), ticketId, conversation, MessageDirection.Outbound, AuthorKind.Agent, now, [new TextPart(text)])
                {
                    Agent = agent,
                };
                plan.Added.Add(note);
                plan.Events.Add(new MessageAppended(ticketId, now, note));
                return null;
            },
            cancellationToken,
            assign: false).ConfigureAwait(false);
        return result.Error switch
        {
            null => ReplyResult.Success(note!),
            TicketCommandError.NotFound => ReplyResult.Refused(ReplyRejection.TicketNotFound, result.Message!),
            _ => ReplyResult.Refused(ReplyRejection.TicketInactive, result.Message!),
        };
    }

    /// <summary>A private answer to a public comment goes to one comment, once, within the channel's window.</summary>
    private static string? CheckPrivateReply(IReadOnlyList<Message> messages, Message? answered, ChannelCapabilities capabilities, DateTimeOffset now)
    {
        if (answered is null || answered.Direction != MessageDirection.Inbound || answered.NetworkId is null)
        {
            return "There is no customer comment to answer privately.";
        }

        if (capabilities.PrivateReplyWindow is { } window && now - answered.SentAt > window)
        {
            return "The comment is too old to be answered privately; answer it publicly.";
        }

        foreach (var message in messages)
        {
            if (message.PrivateReply && message.ReplyTo == answered.Id && message.Status != DeliveryStatus.Failed)
            {
                return "This comment was already answered privately; a comment gets one private reply.";
            }
        }

        return null;
    }
}
