namespace SocialCare.Abstractions;

/// <summary>
/// What a store writes when it erases a customer or applies a retention policy, so that every store (memory, SQLite,
/// PostgreSQL, a host's own) keeps the same anonymised records; see <see cref="ITicketStore.EraseCustomerAsync"/> and
/// <see cref="ITicketStore.RedactMessagesBeforeAsync"/>.
/// </summary>
public static class StoreRedaction
{
    /// <summary>The <see cref="DeliveryFailure.Code"/> of a queued reply that was never sent because its customer was erased.</summary>
    public const string ErasedCode = "erased";

    /// <summary>The conversation an erased ticket keeps: its channel, account and visibility, and a thread named after the ticket.</summary>
    /// <param name="ticket">The ticket.</param>
    /// <returns>The anonymised conversation.</returns>
    public static ConversationRef ErasedConversation(Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return ticket.Conversation with { Thread = new ThreadId("erased-" + ticket.Id.Value) };
    }

    /// <summary>An erased ticket: the same but for its conversation and <see cref="Ticket.ErasedAt"/> (kept when already set). The version is the store's to set.</summary>
    /// <param name="ticket">The ticket.</param>
    /// <param name="at">When it is erased.</param>
    /// <returns>The anonymised ticket.</returns>
    public static Ticket EraseTicket(Ticket ticket, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return ticket with { Conversation = ErasedConversation(ticket), ErasedAt = ticket.ErasedAt ?? at };
    }

    /// <summary>An erased message: no content, sender or referral, the failure's code only, the erased ticket's conversation.</summary>
    /// <param name="message">The message.</param>
    /// <param name="conversation">The erased ticket's conversation (<see cref="ErasedConversation"/>).</param>
    /// <param name="at">When it is erased; kept when the message was already redacted.</param>
    /// <returns>The anonymised message.</returns>
    public static Message EraseMessage(Message message, ConversationRef conversation, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message with
        {
            Conversation = conversation,
            Parts = [],
            Sender = null,
            Referral = null,
            Failure = message.Failure is { } failure ? failure with { Reason = string.Empty } : null,
            RedactedAt = message.RedactedAt ?? at,
        };
    }

    /// <summary>An erased outbox entry: no content or recipient; a queued one fails with <see cref="ErasedCode"/>, so that it is never sent.</summary>
    /// <param name="entry">The entry.</param>
    /// <param name="conversation">The erased ticket's conversation.</param>
    /// <returns>The anonymised entry.</returns>
    public static OutboxEntry EraseOutboxEntry(OutboxEntry entry, ConversationRef conversation)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var erased = entry with { Message = new OutboundMessage(entry.MessageId, conversation, []) { Agent = entry.Message.Agent } };
        return erased.State is OutboxState.Queued or OutboxState.Sending
            ? erased with { State = OutboxState.Failed, ClaimedUntil = null, LastError = new DeliveryFailure(ErasedCode, "The customer's data was erased before the reply was sent.") }
            : erased with { LastError = entry.LastError is { } error ? error with { Reason = string.Empty } : null };
    }

    /// <summary>A message whose content the retention policy removed: no parts or referral, <see cref="Message.RedactedAt"/> set.</summary>
    /// <param name="message">The message.</param>
    /// <param name="at">When it is redacted.</param>
    /// <returns>The redacted message.</returns>
    public static Message RedactContent(Message message, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message with { Parts = [], Referral = null, RedactedAt = message.RedactedAt ?? at };
    }

    /// <summary>
    /// The message a store writes for an update of a message it holds redacted: the update's other facts (a delivery
    /// status, a network id) without what erasure or retention removed. An update read before the redaction must not
    /// bring the content back.
    /// </summary>
    /// <param name="update">The message as the change set writes it.</param>
    /// <param name="stored">The message as the store holds it.</param>
    /// <returns><paramref name="update"/> when <paramref name="stored"/> is not redacted or the update is itself redacted;
    /// else the update erased (when the stored message was erased: its conversation or sender is gone) or redacted, with
    /// the stored <see cref="Message.RedactedAt"/>.</returns>
    public static Message KeepRedacted(Message update, Message stored)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.RedactedAt is not { } at || update.RedactedAt is not null)
        {
            return update;
        }

        var erased = stored.Conversation != update.Conversation || (stored.Sender is null && update.Sender is not null);
        return erased ? EraseMessage(update, stored.Conversation, at) : RedactContent(update, at);
    }

    /// <summary>An outbox entry of a redacted message, once it is no longer queued: its content goes, its recipient stays.</summary>
    /// <param name="entry">The entry.</param>
    /// <returns>The entry without content.</returns>
    public static OutboxEntry RedactOutboxEntry(OutboxEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry with { Message = entry.Message with { Parts = [], Template = null } };
    }
}
