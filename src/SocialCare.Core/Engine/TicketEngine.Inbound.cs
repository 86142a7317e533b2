using SocialCare.Abstractions;

namespace SocialCare.Core;

internal sealed partial class TicketEngine
{
    /// <summary>How an inbound item joins tickets.</summary>
    private enum Joining
    {
        /// <summary>A customer's message: reopens, or opens a new or follow-up ticket.</summary>
        Customer,

        /// <summary>A reaction, referral or event we do not know (typing, say): joins the active ticket, else the latest, without changing its state.</summary>
        Attach,

        /// <summary>A message the brand sent from the network's own app: joins the active ticket, without reopening.</summary>
        Echo,
    }

    public async Task<InboundOutcome> HandleAsync(InboundContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var outcome = await HandleSerializedAsync(context, cancellationToken).ConfigureAwait(false);
        await DrainIfFreedAsync(cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    private async Task<InboundOutcome> HandleSerializedAsync(InboundContext context, CancellationToken cancellationToken)
    {
        var inbound = context.Event;

        // One item at a time per customer and conversation, even when the caller does not sequence them.
        using var thread = await _threadLocks.AcquireAsync((inbound.Conversation, context.Customer.Id), cancellationToken).ConfigureAwait(false);
        var followUp = inbound is MessageReceived { Direction: MessageDirection.Inbound } ? new CareFollowUp() : null;
        var outcome = await RetryAsync(inbound.GetType().Name, () => HandleOnceAsync(context, followUp, cancellationToken)).ConfigureAwait(false);
        if (followUp?.Ticket is not null)
        {
            // Still under the conversation's lock, so that the customer's next message sees what automation did.
            await FollowUpAsync(followUp, cancellationToken).ConfigureAwait(false);
        }

        return outcome;
    }

    private Task<InboundOutcome> HandleOnceAsync(InboundContext context, CareFollowUp? followUp, CancellationToken cancellationToken) => context.Event switch
    {
        MessageReceived received => ReceiveAsync(context, received, followUp, cancellationToken),
        MessageEdited edited => EditAsync(context, edited, cancellationToken),
        MessageDeleted deleted => DeleteAsync(deleted, cancellationToken),
        DeliveryStatusChanged status => StatusAsync(context, status, cancellationToken),
        ReactionChanged reaction => AppendAsync(context, new Draft(MessageDirection.Inbound, AuthorKind.Customer, [reaction.Reaction]), Joining.Attach, null, cancellationToken),
        ReferralReceived referral => AppendAsync(context, new Draft(MessageDirection.Inbound, AuthorKind.System, []) { Referral = referral.Referral }, Joining.Attach, null, cancellationToken),
        ConversationControlChanged control => AppendAsync(
            context,
            new Draft(MessageDirection.Inbound, AuthorKind.System, [new TextPart(DescribeControl(control))]) { Control = control.Control },
            Joining.Attach,
            null,
            cancellationToken),
        IdentityChanged changed => ChangeIdentityAsync(context, changed, cancellationToken),
        ActivityObserved activity => ObserveAsync(context, activity, cancellationToken),
        UnsupportedEvent unsupported => AppendAsync(
            context,
            new Draft(MessageDirection.Inbound, AuthorKind.Customer, [new UnsupportedPart(unsupported.RawType) { Description = unsupported.Description }]),
            Joining.Attach,
            null,
            cancellationToken),
        _ => AppendAsync(context, new Draft(MessageDirection.Inbound, AuthorKind.Customer, [new UnsupportedPart(context.Event.GetType().Name)]), Joining.Attach, null, cancellationToken),
    };

    private async Task<InboundOutcome> ReceiveAsync(InboundContext context, MessageReceived received, CareFollowUp? followUp, CancellationToken cancellationToken)
    {
        var key = received.Key;

        // The message a public reply answers, looked up once: it names the thread, and the ticket an echo belongs to.
        var answeredMessage = received.Conversation.Visibility == ConversationVisibility.Public && received.ReplyTo is { } answered
            ? await _store.FindMessageAsync(key.Channel, key.Account, answered, cancellationToken).ConfigureAwait(false)
            : null;
        if (answeredMessage is { Conversation.Visibility: ConversationVisibility.Public } && answeredMessage.Conversation != received.Conversation)
        {
            // A reply to a message we hold belongs to that message's thread, whatever thread the adapter could name (an X
            // reply names only the post it answers; the thread's root is known from the message it replies to).
            received = received with { Conversation = answeredMessage.Conversation };
            context = context with { Envelope = context.Envelope with { Event = received } };
        }

        if (received.Direction == MessageDirection.Outbound)
        {
            // The network's echo of a message we sent ourselves: record its network id on that message, never a copy.
            if (received.LocalId is { } localId && await MatchOwnSendAsync(key, localId, received.MessageId, cancellationToken).ConfigureAwait(false) is { } matched)
            {
                return matched;
            }

            if (received.Conversation.Visibility == ConversationVisibility.Public)
            {
                // The account's own comment in a public thread: it belongs to the ticket of the comment it answers (the
                // account is not a customer), and on its own it opens nothing.
                var answeredTicket = answeredMessage is null ? null : await _store.GetAsync(answeredMessage.TicketId, cancellationToken).ConfigureAwait(false);
                var owner = answeredTicket is null ? null : await _customers.GetAsync(answeredTicket.Customer, cancellationToken).ConfigureAwait(false);
                if (owner is null)
                {
                    return await NothingAsync(key, cancellationToken).ConfigureAwait(false);
                }

                // Comments carry no metadata: the echo of a public reply we are still sending is recognised by its target and text.
                if (await MatchPendingPublicReplyAsync(key, answeredTicket!.Id, received, cancellationToken).ConfigureAwait(false) is { } pending)
                {
                    return pending;
                }

                context = context with { Customer = owner };
            }
        }

        var existing = await _store.FindMessageAsync(key.Channel, key.Account, received.MessageId, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            // The same message under another event id: the echo of a reply we sent, or a redelivery.
            if (existing.Direction == MessageDirection.Outbound && existing.Status is DeliveryStatus.Pending)
            {
                return await UpdateMessagesAsync(key, [existing with { Status = DeliveryStatus.Sent }], cancellationToken).ConfigureAwait(false);
            }

            return await NothingAsync(key, cancellationToken).ConfigureAwait(false);
        }

        var customerWrote = received.Direction == MessageDirection.Inbound && received.Author == AuthorKind.Customer;
        if (customerWrote
            && (received.Origin == MessageOrigin.Listening
                || (_options.Listening.TriagePublicComments && received.Conversation.Visibility == ConversationVisibility.Public))
            && await _store.FindActiveAsync(received.Conversation, context.Customer.Id, cancellationToken).ConfigureAwait(false) is null
            && !await _listeningTriage.ShouldOpenTicketAsync(received, context.Customer, cancellationToken).ConfigureAwait(false))
        {
            // A post found by listening that does not address the account opens a ticket only when the host's rule says so;
            // otherwise it is recorded as handled and told to the activity sinks.
            _logger.ListeningDeclined(key.Channel);
            return await NoticeAsync(new ActivityNotice(received, context.Customer), cancellationToken).ConfigureAwait(false);
        }

        var draft = new Draft(received.Direction, received.Author, received.Parts)
        {
            NetworkId = received.MessageId,
            ReplyToNetworkId = received.ReplyTo,
            Referral = received.Referral,

            // Standby: another application owns the conversation (Messenger's standby channel), so record and hold back
            // automation. Otherwise networks with a handover protocol deliver the customer's messages only to the owner.
            Control = received.Standby ? ConversationControl.Elsewhere : customerWrote ? ConversationControl.Ours : null,
        };
        var joining = received.Direction == MessageDirection.Outbound ? Joining.Echo : customerWrote ? Joining.Customer : Joining.Attach;

        return await AppendAsync(context, draft, joining, joining == Joining.Customer ? followUp : null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Matches an echo to the message we sent (found through its outbox entry); <see langword="null"/> when it is not ours.</summary>
    private async Task<InboundOutcome?> MatchOwnSendAsync(IdempotencyKey key, MessageId localId, NetworkMessageId networkId, CancellationToken cancellationToken)
    {
        var entry = await _store.GetOutboxEntryAsync(localId, cancellationToken).ConfigureAwait(false);
        var sent = entry is null ? null : await FindOutboxMessageAsync(entry, cancellationToken).ConfigureAwait(false);
        if (sent is null)
        {
            return null;
        }

        using var locks = await LockTicketsAsync([sent.TicketId], cancellationToken).ConfigureAwait(false);
        sent = await FindOutboxMessageAsync(entry!, cancellationToken).ConfigureAwait(false);
        if (sent is null || sent.NetworkId is not null)
        {
            // Already recorded: the send's answer came first, or this echoes another part of the same reply.
            return await NothingAsync(key, cancellationToken).ConfigureAwait(false);
        }

        return await CommitMessageUpdatesAsync(key, [MarkSent(sent, networkId)], cancellationToken).ConfigureAwait(false);
    }

    private async Task<InboundOutcome?> MatchPendingPublicReplyAsync(IdempotencyKey key, TicketId ticketId, MessageReceived echo, CancellationToken cancellationToken)
    {
        using var locks = await LockTicketsAsync([ticketId], cancellationToken).ConfigureAwait(false);
        var messages = await _store.GetMessagesAsync(ticketId, cancellationToken).ConfigureAwait(false);
        var pending = messages.FirstOrDefault(m => m is { Direction: MessageDirection.Outbound, NetworkId: null, PrivateReply: false, Status: DeliveryStatus.Pending }
            && m.ReplyToNetworkId == echo.ReplyTo
            && SameText(m.Parts, echo.Parts));
        if (pending is null)
        {
            return null;
        }

        return await CommitMessageUpdatesAsync(key, [MarkSent(pending, echo.MessageId)], cancellationToken).ConfigureAwait(false);
    }

    private static bool SameText(IReadOnlyList<MessagePart> sent, IReadOnlyList<MessagePart> echoed)
    {
        var a = string.Join('\n', sent.OfType<TextPart>().Select(t => t.Text.Trim()));
        var b = string.Join('\n', echoed.OfType<TextPart>().Select(t => t.Text.Trim()));
        return a.Length > 0 && string.Equals(a, b, StringComparison.Ordinal);
    }

    private static string DescribeControl(ConversationControlChanged control)
    {
        var who = control.OwnerAppId is { } app ? $"app {app}" : "another app";
        var text = control.Control switch
        {
            ConversationControl.Ours => "This application now controls the conversation.",
            ConversationControl.Requested => $"The conversation's control was requested by {who}.",
            _ => $"The conversation is now controlled by {who}; automatic answers are held back.",
        };
        return control.Metadata is { Length: > 0 } metadata ? $"{text} ({metadata})" : text;
    }

    /// <summary>
    /// Links the customer's new identity and notes the change on the conversation's ticket; the new identity's messages
    /// then join the same customer's tickets, and replies go to it.
    /// </summary>
    private async Task<InboundOutcome> ChangeIdentityAsync(InboundContext context, IdentityChanged changed, CancellationToken cancellationToken)
    {
        if (changed.NewIdentity.Channel != changed.Key.Channel || changed.NewIdentity.Account != changed.Key.Account)
        {
            _logger.TargetMessageNotFound(nameof(IdentityChanged));
            return await NothingAsync(changed.Key, cancellationToken).ConfigureAwait(false);
        }

        var customer = await _customers.LinkAsync(context.Customer.Id, changed.NewIdentity, cancellationToken).ConfigureAwait(false);
        if (await _store.FindLatestAsync(changed.Conversation, customer.Id, cancellationToken).ConfigureAwait(false) is null)
        {
            // Nothing to note it on: the directory holds the change.
            return await NothingAsync(changed.Key, cancellationToken).ConfigureAwait(false);
        }

        var text = string.IsNullOrWhiteSpace(changed.Description) ? "The customer's identity on this channel changed." : changed.Description;
        var draft = new Draft(MessageDirection.Inbound, AuthorKind.System, [new TextPart(text)]) { Sender = changed.NewIdentity };
        return await AppendAsync(context with { Customer = customer }, draft, Joining.Attach, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<InboundOutcome> EditAsync(InboundContext context, MessageEdited edited, CancellationToken cancellationToken)
    {
        var key = edited.Key;
        var existing = await _store.FindMessageAsync(key.Channel, key.Account, edited.MessageId, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            // The original arrived before we were listening: keep the edited content rather than lose it.
            var draft = new Draft(MessageDirection.Inbound, AuthorKind.Customer, edited.Parts) { NetworkId = edited.MessageId, EditedAt = edited.OccurredAt };
            return await AppendAsync(context, draft, Joining.Customer, null, cancellationToken).ConfigureAwait(false);
        }

        return await UpdateMessagesAsync(key, [existing with { Parts = edited.Parts, EditedAt = edited.OccurredAt }], cancellationToken).ConfigureAwait(false);
    }

    private async Task<InboundOutcome> DeleteAsync(MessageDeleted deleted, CancellationToken cancellationToken)
    {
        var key = deleted.Key;
        var existing = await _store.FindMessageAsync(key.Channel, key.Account, deleted.MessageId, cancellationToken).ConfigureAwait(false);
        if (existing is null || existing.DeletedAt is not null)
        {
            _logger.TargetMessageNotFound(nameof(MessageDeleted));
            return await NothingAsync(key, cancellationToken).ConfigureAwait(false);
        }

        return await UpdateMessagesAsync(key, [existing with { DeletedAt = deleted.OccurredAt }], cancellationToken).ConfigureAwait(false);
    }

    private async Task<InboundOutcome> StatusAsync(InboundContext context, DeliveryStatusChanged status, CancellationToken cancellationToken)
    {
        var key = status.Key;
        List<Message> candidates = [];
        Message? identified = null;
        if (status.MessageId is { } networkId)
        {
            var message = await _store.FindMessageAsync(key.Channel, key.Account, networkId, cancellationToken).ConfigureAwait(false);
            if (message is null && status.LocalId is { } localId && await _store.GetOutboxEntryAsync(localId, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                // The status overtook the send's answer: the correlation data names our message; record its network id too.
                message = await FindOutboxMessageAsync(entry, cancellationToken).ConfigureAwait(false);
                if (message is { NetworkId: null })
                {
                    message = MarkSent(message, networkId);
                    identified = message;
                }
            }

            if (message is not null)
            {
                candidates.Add(message);
            }
        }
        else if (status.Watermark is { } watermark)
        {
            var ticket = await _store.FindActiveAsync(status.Conversation, context.Customer.Id, cancellationToken).ConfigureAwait(false);
            if (ticket is not null)
            {
                var messages = await _store.GetMessagesAsync(ticket.Id, cancellationToken).ConfigureAwait(false);
                candidates.AddRange(messages.Where(m => m.SentAt <= watermark));
            }
        }

        List<Message> updated = [];
        foreach (var message in candidates)
        {
            if (message.Direction == MessageDirection.Outbound
                && message.Conversation.Visibility != ConversationVisibility.Internal
                && DeliveryStatuses.CanAdvance(message.Status, status.Status))
            {
                updated.Add(message with { Status = status.Status, Failure = status.Status == DeliveryStatus.Failed ? status.Failure : null });
            }
            else if (ReferenceEquals(message, identified))
            {
                updated.Add(message);
            }
        }

        if (updated.Count == 0)
        {
            _logger.TargetMessageNotFound(nameof(DeliveryStatusChanged));
            return await NothingAsync(key, cancellationToken).ConfigureAwait(false);
        }

        return await UpdateMessagesAsync(key, updated, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A like, a follow, a block, a revocation, a typing signal: recorded as handled, told to the activity sinks, never a ticket.</summary>
    private async Task<InboundOutcome> ObserveAsync(InboundContext context, ActivityObserved activity, CancellationToken cancellationToken)
    {
        var active = await _store.FindActiveAsync(activity.Conversation, context.Customer.Id, cancellationToken).ConfigureAwait(false);
        return await NoticeAsync(new ActivityNotice(activity, context.Customer) { Ticket = active?.Id }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records an event as handled, then tells the activity sinks (once: a duplicate delivery tells nobody).</summary>
    private async Task<InboundOutcome> NoticeAsync(ActivityNotice notice, CancellationToken cancellationToken)
    {
        if (!await CommitAsync(new TicketPlan { Event = notice.Event.Key }, Now, cancellationToken).ConfigureAwait(false))
        {
            return InboundOutcome.Duplicate;
        }

        await NotifyActivityAsync(notice, cancellationToken).ConfigureAwait(false);
        return InboundOutcome.Applied;
    }

    private async Task<InboundOutcome> NothingAsync(IdempotencyKey key, CancellationToken cancellationToken)
    {
        var committed = await CommitAsync(new TicketPlan { Event = key }, Now, cancellationToken).ConfigureAwait(false);
        return committed ? InboundOutcome.Ignored : InboundOutcome.Duplicate;
    }

    /// <summary>Replaces stored messages with new versions; a failed reply also tells the sinks that the reply failed.</summary>
    private async Task<InboundOutcome> UpdateMessagesAsync(IdempotencyKey key, List<Message> messages, CancellationToken cancellationToken)
    {
        using var locks = await LockTicketsAsync([.. messages.Select(m => m.TicketId)], cancellationToken).ConfigureAwait(false);
        return await CommitMessageUpdatesAsync(key, messages, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Commits new versions of messages whose tickets the caller has locked.</summary>
    private async Task<InboundOutcome> CommitMessageUpdatesAsync(IdempotencyKey key, List<Message> messages, CancellationToken cancellationToken)
    {
        var now = Now;
        var plan = new TicketPlan { Event = key };
        foreach (var message in messages)
        {
            UpdateMessage(plan, message, now);
        }

        var committed = await CommitAsync(plan, now, cancellationToken).ConfigureAwait(false);
        return committed ? InboundOutcome.Applied : InboundOutcome.Duplicate;
    }

    /// <summary>Finds the ticket an item joins (opening one when needed), appends it, and applies the lifecycle rules.</summary>
    private async Task<InboundOutcome> AppendAsync(InboundContext context, Draft draft, Joining joining, CareFollowUp? followUp, CancellationToken cancellationToken)
    {
        var inbound = context.Event;
        var customer = context.Customer;
        var (route, newId, locks) = await RouteAndLockAsync(inbound.Conversation, customer.Id, joining, cancellationToken).ConfigureAwait(false);
        using var held = locks;
        var now = Now;
        var plan = new TicketPlan { Event = inbound.Key };
        TicketWork? work = null;
        int? rating = null;
        if (route.Target is { } target)
        {
            work = plan.Add(target, target.Version);
            ApplyDue(plan, work, now);
            if (joining == Joining.Customer && SurveyAnswer(work.Ticket, draft.Parts, now) is { } answer)
            {
                // The answer to the ticket's satisfaction survey: recorded on it, which stays resolved (or closed).
                rating = answer;
            }
            else if (!work.Ticket.IsActive)
            {
                // The timers closed it just now: the item opens a follow-up instead (or attaches to the closed one).
                if (joining == Joining.Customer)
                {
                    work = null;
                }
            }
            else if (joining == Joining.Customer && work.Ticket.State == TicketState.Resolved)
            {
                var within = _options.LifecycleFor(work.Ticket.Conversation.Channel).ReopenResolvedWithin;
                if (work.Ticket.ResolvedAt is not { } resolvedAt || now - resolvedAt > within)
                {
                    Transition(plan, work, new TicketCommand(TicketState.Closed, TicketActor.System, "customer wrote after the reopen window; follow-up opened"), now);
                    work = null;
                }
            }
        }

        else if (joining == Joining.Customer && route.Previous is { } rated && route.Read.Exists(t => t.Id == rated.Id)
            && SurveyAnswer(rated, draft.Parts, now) is { } lateAnswer)
        {
            // The survey of a ticket closed since it was asked: the answer still belongs to it, and opens nothing.
            work = plan.Add(rated, rated.Version);
            rating = lateAnswer;
        }

        Ticket? previous = route.Previous;
        if (work is null)
        {
            if (newId is not { } openedId)
            {
                // A timer fell due between routing and locking: route again, this time with an id for the new ticket.
                throw new TicketConcurrencyException("A timer closed the routed ticket while the message was being routed.");
            }

            previous = plan.Works.Count > 0 ? plan.Works[^1].Ticket : previous;
            var opened = new Ticket(openedId, inbound.Conversation, customer.Id, TicketState.New, now, Version: 0)
            {
                PreviousTicket = previous?.Id,
                StateChangedAt = now,
                UpdatedAt = now,
            };
            work = plan.Add(opened, 0);
            plan.History.Add(new TicketHistoryEntry(openedId, now, TicketState.New, TicketState.New, draft.OpenReason ?? (previous is null ? "created" : $"follow-up of {previous.Id}")));
        }

        var replyTo = draft.ReplyToNetworkId is { } replyToNetworkId
            ? await _store.FindMessageAsync(inbound.Key.Channel, inbound.Key.Account, replyToNetworkId, cancellationToken).ConfigureAwait(false)
            : null;
        var message = new Message(MessageId.New(now), work.Ticket.Id, inbound.Conversation, draft.Direction, draft.Author, inbound.OccurredAt, draft.Parts)
        {
            Sender = draft.Sender ?? (draft.Direction == MessageDirection.Inbound ? inbound.Customer : null),
            NetworkId = draft.NetworkId,
            ReplyTo = replyTo?.Id,
            ReplyToNetworkId = draft.ReplyToNetworkId,
            ReceivedAt = now,
            EditedAt = draft.EditedAt,
            Status = draft.Direction == MessageDirection.Outbound ? DeliveryStatus.Sent : DeliveryStatus.None,
            Referral = draft.Referral,
        };

        if (work.IsNew)
        {
            if (SkillsFor(message) is { Count: > 0 } skills)
            {
                work.Ticket = work.Ticket with { RequiredSkills = skills };
            }

            plan.Events.Add(new TicketCreated(work.Ticket.Id, now, work.Ticket));
        }

        var ticket = work.Ticket;
        if (rating is { } value)
        {
            work.Ticket = ticket with { LastCustomerMessageAt = Later(ticket.LastCustomerMessageAt, inbound.OccurredAt) };
            Rate(plan, work, value, now);
        }
        else if (joining == Joining.Customer)
        {
            // A new post may summon the account (a mention), so a public reply is worth trying again.
            work.Ticket = ticket with { LastCustomerMessageAt = Later(ticket.LastCustomerMessageAt, inbound.OccurredAt), PublicReplyRefused = false };
            if (work.Ticket.State is TicketState.Pending or TicketState.OnHold or TicketState.Resolved)
            {
                var reason = work.Ticket.State == TicketState.Resolved ? "customer wrote again; reopened" : "customer replied";
                Transition(plan, work, new TicketCommand(TicketState.Open, TicketActor.Customer, reason), now);
            }

            ApplyPriorityRules(plan, work, message, customer, now);
            await ApplyCustomerWishesAsync(plan, work, message, now, cancellationToken).ConfigureAwait(false);
        }
        else if (joining == Joining.Echo)
        {
            work.Ticket = ticket with
            {
                LastAgentMessageAt = Later(ticket.LastAgentMessageAt, inbound.OccurredAt),
                FirstResponseAt = draft.Author == AuthorKind.Agent ? ticket.FirstResponseAt ?? inbound.OccurredAt : ticket.FirstResponseAt,
            };
            if (draft.Author == AuthorKind.Agent && work.Ticket.State == TicketState.New)
            {
                // A person answered from the network's own app: the same as a reply through the engine.
                Transition(plan, work, new TicketCommand(TicketState.Open, new TicketActor(AuthorKind.Agent), "agent replied from the network's app"), now);
            }
        }

        if (draft.Control is { } control and not ConversationControl.Requested && work.Ticket.ControlledElsewhere != (control == ConversationControl.Elsewhere))
        {
            var elsewhere = control == ConversationControl.Elsewhere;
            work.Ticket = work.Ticket with { ControlledElsewhere = elsewhere };
            Note(plan, work, now, elsewhere ? "another application controls the conversation" : "this application controls the conversation again", TicketActor.System);
        }

        plan.Added.Add(message);
        plan.Events.Add(new MessageAppended(work.Ticket.Id, now, message));

        if (NeedsAssignment(work.Ticket))
        {
            plan.NeedsAssignment = work;
        }
        else if (joining == Joining.Customer && rating is null && work.Ticket.Assignee is { } assignee && _options.Assignment.ReassignWhenOffline)
        {
            var agent = await _agents.GetAsync(assignee, cancellationToken).ConfigureAwait(false);
            if (agent is null || agent.Presence == AgentPresence.Offline)
            {
                SetAssignee(plan, work, null, "assignee offline", TicketActor.System, now);
                plan.NeedsAssignment = work;
            }
        }

        var committed = await CommitWithAssignmentAsync(plan, customer, now, cancellationToken).ConfigureAwait(false);
        if (committed && followUp is not null)
        {
            followUp.Ticket = work.Ticket;
            followUp.Message = message;
            followUp.Customer = customer;
            followUp.Rated = rating is not null;
        }

        return committed ? InboundOutcome.Applied : InboundOutcome.Duplicate;
    }

    /// <summary>
    /// Routes an item and locks the tickets the route names (and a new ticket's id when one may open). Routing reads
    /// without locks; when another operation changed a routed ticket before the locks were taken, the item is routed
    /// again under them, so that busy tickets do not make it fail.
    /// </summary>
    private async Task<(Route Route, TicketId? NewId, Locks Locks)> RouteAndLockAsync(
        ConversationRef conversation, CustomerId customer, Joining joining, CancellationToken cancellationToken)
    {
        var route = await RouteAsync(conversation, customer, joining, cancellationToken).ConfigureAwait(false);
        var reserveNew = false;
        for (var pass = 0; ; pass++)
        {
            // An id for a new ticket only when one may open: most messages join an active ticket.
            var routedAt = Now;
            TicketId? newId = reserveNew || MayOpen(route, joining, routedAt) ? TicketId.New(routedAt) : null;
            List<TicketId> ids = [.. route.Touched];
            if (newId is { } reserved)
            {
                ids.Add(reserved);
            }

            var locks = await LockTicketsAsync(ids, cancellationToken).ConfigureAwait(false);
            var unchanged = true;
            foreach (var touched in route.Read)
            {
                var current = await _store.GetAsync(touched.Id, cancellationToken).ConfigureAwait(false);
                unchanged &= current?.Version == touched.Version;
            }

            if (unchanged && (newId is not null || !MayOpen(route, joining, Now)))
            {
                return (route, newId, locks);
            }

            // Route again while holding the locks: the tickets they cover cannot change in this process meanwhile.
            var again = await RouteAsync(conversation, customer, joining, cancellationToken).ConfigureAwait(false);
            if (again.Read.TrueForAll(t => ids.Contains(t.Id)) && (newId is not null || !MayOpen(again, joining, Now)))
            {
                return (again, newId, locks);
            }

            locks.Dispose();
            if (pass == 8)
            {
                throw new TicketConcurrencyException("The tickets of this conversation kept changing while a message was being routed.");
            }

            route = again;
            reserveNew = true;
        }
    }

    private bool MayOpen(Route route, Joining joining, DateTimeOffset now)
        => route.Target is not { } target
            || (joining == Joining.Customer && (target.State == TicketState.Resolved || LifecycleDue(target) is { } due && due <= now));

    /// <summary>The ticket a customer's next message on a conversation would join, without changing anything (the routing step alone, for benchmarks and diagnostics).</summary>
    internal async ValueTask<Ticket?> RouteCustomerMessageAsync(ConversationRef conversation, CustomerId customer, CancellationToken cancellationToken)
        => (await RouteAsync(conversation, customer, Joining.Customer, cancellationToken).ConfigureAwait(false)).Target;

    private static DateTimeOffset Later(DateTimeOffset? current, DateTimeOffset candidate)
        => current is { } value && value > candidate ? value : candidate;

    /// <summary>Which tickets an inbound item concerns: the one it joins (when any), and the one a new ticket follows up.</summary>
    private async ValueTask<Route> RouteAsync(ConversationRef conversation, CustomerId customer, Joining joining, CancellationToken cancellationToken)
    {
        var active = await _store.FindActiveAsync(conversation, customer, cancellationToken).ConfigureAwait(false);
        if (active is not null)
        {
            return new Route(active, null, [active]);
        }

        var latest = await _store.FindLatestAsync(conversation, customer, cancellationToken).ConfigureAwait(false);
        List<Ticket> read = latest is null ? [] : [latest];

        // Messages to a merged ticket go to its target (following chains of merges).
        var followed = latest;
        for (var hop = 0; hop < 16 && followed is { State: TicketState.Merged, MergedInto: { } into }; hop++)
        {
            followed = await _store.GetAsync(into, cancellationToken).ConfigureAwait(false);
            if (followed is not null)
            {
                read.Add(followed);
            }
        }

        if (followed is { IsActive: true })
        {
            return new Route(followed, latest, read);
        }

        if (conversation.Visibility == ConversationVisibility.Private)
        {
            // A private conversation is the customer's one thread with the account: when the customer reaches us under
            // another identity of theirs (a WhatsApp number change, a phone-keyed customer now also known by id), the
            // conversation carries on in their active ticket there.
            var mine = await _store.QueryTicketsAsync(
                new TicketQuery { Customer = customer, Channel = conversation.Channel, States = ActiveStates, NewestFirst = true, Limit = 20 },
                cancellationToken).ConfigureAwait(false);
            var same = mine.FirstOrDefault(t => t.Conversation.Account == conversation.Account && t.Conversation.Visibility == ConversationVisibility.Private);
            if (same is not null)
            {
                read.Add(same);
                return new Route(same, null, read);
            }
        }

        if (_options.JoinAcrossChannels && joining != Joining.Echo)
        {
            var others = await _store.QueryTicketsAsync(
                new TicketQuery { Customer = customer, States = ActiveStates, NewestFirst = true, Limit = 1 },
                cancellationToken).ConfigureAwait(false);
            if (others.Count > 0)
            {
                read.Add(others[0]);
                return new Route(others[0], followed ?? latest, read);
            }
        }

        if (joining == Joining.Attach && followed is not null)
        {
            // A reaction to a closed conversation is kept on its last ticket; it opens nothing.
            return new Route(followed, null, read);
        }

        return new Route(null, followed ?? latest, read);
    }

    private static readonly TicketState[] ActiveStates = [TicketState.New, TicketState.Open, TicketState.Pending, TicketState.OnHold, TicketState.Resolved];

    private sealed record Route(Ticket? Target, Ticket? Previous, List<Ticket> Read)
    {
        public IEnumerable<TicketId> Touched => Read.Select(t => t.Id);
    }

    private sealed record Draft(MessageDirection Direction, AuthorKind Author, IReadOnlyList<MessagePart> Parts)
    {
        public NetworkMessageId? NetworkId { get; init; }

        public NetworkMessageId? ReplyToNetworkId { get; init; }

        public DateTimeOffset? EditedAt { get; init; }

        public Referral? Referral { get; init; }

        public ConversationControl? Control { get; init; }

        /// <summary>The sender to record instead of the event's customer (the new identity of an identity change).</summary>
        public Participant? Sender { get; init; }

        /// <summary>Gets the history's reason for a ticket this item opens, instead of <c>created</c>.</summary>
        public string? OpenReason { get; init; }
    }
}
