using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>
/// The simplest ticket engine: one active ticket per customer and conversation, every event appended to its timeline
/// or applied to the message it names. Ticket states are left to the lifecycle engine that replaces this handler.
/// </summary>
internal sealed class ConversationAppendHandler : IInboundEventHandler
{
    private readonly ITicketStore _store;
    private readonly ITicketEventSink[] _sinks;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _maxAttempts;

    public ConversationAppendHandler(
        ITicketStore store,
        IEnumerable<ITicketEventSink> sinks,
        TimeProvider time,
        IOptions<SocialCareOptions> options,
        ILoggerFactory? loggerFactory = null)
    {
        _store = store;
        _sinks = [.. sinks];
        _time = time;
        _maxAttempts = options.Value.MaxConcurrencyAttempts;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<ConversationAppendHandler>();
    }

    public async Task<InboundOutcome> HandleAsync(InboundContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var plan = await PlanAsync(context, cancellationToken).ConfigureAwait(false);
                var committed = await _store.CommitAsync(plan.Changes, cancellationToken).ConfigureAwait(false);
                if (committed == CommitOutcome.Duplicate)
                {
                    return InboundOutcome.Duplicate;
                }

                await PublishAsync(plan.Events, cancellationToken).ConfigureAwait(false);
                return plan.Events.Count == 0 ? InboundOutcome.Ignored : InboundOutcome.Applied;
            }
            catch (TicketConcurrencyException) when (attempt < _maxAttempts)
            {
                // Another writer saved the ticket since we read it: read again and redo the change.
                _logger.ConcurrencyRetry(context.Event.GetType().Name, attempt);
            }
        }
    }

    private Task<Plan> PlanAsync(InboundContext context, CancellationToken cancellationToken) => context.Event switch
    {
        MessageReceived received => PlanReceivedAsync(context, received, cancellationToken),
        MessageEdited edited => PlanEditedAsync(context, edited, cancellationToken),
        MessageDeleted deleted => PlanDeletedAsync(deleted, cancellationToken),
        DeliveryStatusChanged status => PlanStatusAsync(context, status, cancellationToken),
        ReactionChanged reaction => PlanAppendAsync(context, new Draft(MessageDirection.Inbound, AuthorKind.Customer, [reaction.Reaction]), cancellationToken),
        ReferralReceived referral => PlanAppendAsync(context, new Draft(MessageDirection.Inbound, AuthorKind.System, []) { Referral = referral.Referral }, cancellationToken),
        UnsupportedEvent unsupported => PlanAppendAsync(
            context,
            new Draft(MessageDirection.Inbound, AuthorKind.Customer, [new UnsupportedPart(unsupported.RawType) { Description = unsupported.Description }]),
            cancellationToken),
        _ => PlanAppendAsync(
            context,
            new Draft(MessageDirection.Inbound, AuthorKind.Customer, [new UnsupportedPart(context.Event.GetType().Name)]),
            cancellationToken),
    };

    private async Task<Plan> PlanReceivedAsync(InboundContext context, MessageReceived received, CancellationToken cancellationToken)
    {
        var key = received.Key;
        var existing = await _store.FindMessageAsync(key.Channel, key.Account, received.MessageId, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            // The same message under another event id: an echo of a message we sent ourselves, or a redelivery.
            if (existing.Direction == MessageDirection.Outbound && existing.Status is DeliveryStatus.Pending)
            {
                return Plan.Updates(key, [existing with { Status = DeliveryStatus.Sent }], Now);
            }

            return Plan.Nothing(key);
        }

        var draft = new Draft(received.Direction, received.Author, received.Parts)
        {
            NetworkId = received.MessageId,
            ReplyToNetworkId = received.ReplyTo,
            Referral = received.Referral,
            IsCustomerMessage = received.Direction == MessageDirection.Inbound && received.Author == AuthorKind.Customer,
        };
        return await PlanAppendAsync(context, draft, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Plan> PlanEditedAsync(InboundContext context, MessageEdited edited, CancellationToken cancellationToken)
    {
        var key = edited.Key;
        var existing = await _store.FindMessageAsync(key.Channel, key.Account, edited.MessageId, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            // The original arrived before we were listening: keep the edited content rather than lose it.
            var draft = new Draft(MessageDirection.Inbound, AuthorKind.Customer, edited.Parts) { NetworkId = edited.MessageId, EditedAt = edited.OccurredAt, IsCustomerMessage = true };
            return await PlanAppendAsync(context, draft, cancellationToken).ConfigureAwait(false);
        }

        return Plan.Updates(key, [existing with { Parts = edited.Parts, EditedAt = edited.OccurredAt }], Now);
    }

    private async Task<Plan> PlanDeletedAsync(MessageDeleted deleted, CancellationToken cancellationToken)
    {
        var key = deleted.Key;
        var existing = await _store.FindMessageAsync(key.Channel, key.Account, deleted.MessageId, cancellationToken).ConfigureAwait(false);
        if (existing is null || existing.DeletedAt is not null)
        {
            _logger.TargetMessageNotFound(nameof(MessageDeleted));
            return Plan.Nothing(key);
        }

        return Plan.Updates(key, [existing with { DeletedAt = deleted.OccurredAt }], Now);
    }

    private async Task<Plan> PlanStatusAsync(InboundContext context, DeliveryStatusChanged status, CancellationToken cancellationToken)
    {
        var key = status.Key;
        List<Message> candidates = [];
        if (status.MessageId is { } networkId)
        {
            var message = await _store.FindMessageAsync(key.Channel, key.Account, networkId, cancellationToken).ConfigureAwait(false);
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
            if (message.Direction == MessageDirection.Outbound && DeliveryStatuses.CanAdvance(message.Status, status.Status))
            {
                updated.Add(message with { Status = status.Status, Failure = status.Status == DeliveryStatus.Failed ? status.Failure : null });
            }
        }

        if (updated.Count == 0)
        {
            _logger.TargetMessageNotFound(nameof(DeliveryStatusChanged));
            return Plan.Nothing(key);
        }

        return Plan.Updates(key, updated, Now);
    }

    private async Task<Plan> PlanAppendAsync(InboundContext context, Draft draft, CancellationToken cancellationToken)
    {
        var inbound = context.Event;
        var now = Now;
        var ticket = await _store.FindActiveAsync(inbound.Conversation, context.Customer.Id, cancellationToken).ConfigureAwait(false);
        List<TicketEvent> events = [];
        List<TicketHistoryEntry> history = [];
        if (ticket is null)
        {
            var previous = await _store.FindLatestAsync(inbound.Conversation, context.Customer.Id, cancellationToken).ConfigureAwait(false);
            ticket = new Ticket(TicketId.New(now), inbound.Conversation, context.Customer.Id, TicketState.New, now, Version: 0)
            {
                PreviousTicket = previous?.Id,
            };
            history.Add(new TicketHistoryEntry(ticket.Id, now, TicketState.New, TicketState.New, "created"));
        }

        var replyTo = draft.ReplyToNetworkId is { } replyToNetworkId
            ? await _store.FindMessageAsync(inbound.Key.Channel, inbound.Key.Account, replyToNetworkId, cancellationToken).ConfigureAwait(false)
            : null;

        var message = new Message(MessageId.New(now), ticket.Id, inbound.Conversation, draft.Direction, draft.Author, inbound.OccurredAt, draft.Parts)
        {
            Sender = draft.Direction == MessageDirection.Inbound ? inbound.Customer : null,
            NetworkId = draft.NetworkId,
            ReplyTo = replyTo?.Id,
            ReplyToNetworkId = draft.ReplyToNetworkId,
            ReceivedAt = now,
            EditedAt = draft.EditedAt,
            Status = draft.Direction == MessageDirection.Outbound ? DeliveryStatus.Sent : DeliveryStatus.None,
            Referral = draft.Referral,
        };

        var saved = ticket with
        {
            Version = ticket.Version + 1,
            UpdatedAt = now,
            LastCustomerMessageAt = draft.IsCustomerMessage ? inbound.OccurredAt : ticket.LastCustomerMessageAt,
            LastAgentMessageAt = draft.Direction == MessageDirection.Outbound ? inbound.OccurredAt : ticket.LastAgentMessageAt,
        };
        var write = new TicketWrite(saved, ticket.Version);
        if (ticket.Version == 0)
        {
            events.Add(new TicketCreated(saved.Id, now, saved));
        }

        events.Add(new MessageAppended(saved.Id, now, message));
        var changes = new TicketChangeSet { Event = inbound.Key, Tickets = [write], AddedMessages = [message], History = history };
        return new Plan(changes, events);
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

    private DateTimeOffset Now => _time.GetUtcNow();

    private sealed record Draft(MessageDirection Direction, AuthorKind Author, IReadOnlyList<MessagePart> Parts)
    {
        public NetworkMessageId? NetworkId { get; init; }

        public NetworkMessageId? ReplyToNetworkId { get; init; }

        public DateTimeOffset? EditedAt { get; init; }

        public Referral? Referral { get; init; }

        /// <summary>Gets a value indicating whether the customer wrote this (it moves reply windows); reactions, referrals and unknown events do not.</summary>
        public bool IsCustomerMessage { get; init; }
    }

    private sealed record Plan(TicketChangeSet Changes, IReadOnlyList<TicketEvent> Events)
    {
        public static Plan Nothing(IdempotencyKey key) => new(new TicketChangeSet { Event = key }, []);

        /// <summary>Replaces stored messages with new versions of them, and tells the sinks about each.</summary>
        public static Plan Updates(IdempotencyKey key, IReadOnlyList<Message> messages, DateTimeOffset now)
            => new(new TicketChangeSet { Event = key, UpdatedMessages = messages }, [.. messages.Select(m => new MessageUpdated(m.TicketId, now, m))]);
    }
}
