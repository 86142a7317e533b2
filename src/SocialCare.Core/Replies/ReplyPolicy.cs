using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>What an agent may send on a ticket right now.</summary>
public enum ReplyMode
{
    /// <summary>Free content (text, media…) may be sent, until <see cref="ReplyOptions.Until"/> when that is set.</summary>
    FreeText = 0,

    /// <summary>The standard window closed; a message written by a person may still be sent with the channel's tag (<see cref="ReplyOptions.Tag"/>) until <see cref="ReplyOptions.Until"/>.</summary>
    TagRequired = 1,

    /// <summary>Only a pre-approved template may be sent (WhatsApp outside the 24-hour window).</summary>
    TemplateRequired = 2,

    /// <summary>A public thread whose author can no longer (or never could) be answered privately: only a public reply.</summary>
    PublicOnly = 3,

    /// <summary>Nothing can be sent (the ticket is closed or merged, or the window closed on a channel without tags or templates).</summary>
    Nothing = 4,
}

/// <summary>The answer to "what may I send on this ticket right now, and until when?".</summary>
/// <param name="Mode">What may be sent.</param>
/// <param name="Reason">Why, in a few words for people (for example <c>inside the 24-hour window</c>).</param>
public sealed record ReplyOptions(ReplyMode Mode, string Reason)
{
    /// <summary>Gets until when <see cref="Mode"/> holds; <see langword="null"/> when it does not expire.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Gets the tag to send with, for <see cref="ReplyMode.TagRequired"/>.</summary>
    public string? Tag { get; init; }

    /// <summary>Gets a value indicating whether a public reply may be posted (public threads on channels with public replies).</summary>
    public bool CanReplyPublicly { get; init; }

    /// <summary>Gets a value indicating whether the public comment's author may be answered privately now.</summary>
    public bool CanReplyPrivately { get; init; }

    /// <summary>Gets until when a private reply to the public comment may be sent, when that is limited.</summary>
    public DateTimeOffset? PrivateReplyUntil { get; init; }

    /// <summary>Gets a value indicating whether the channel accepts templates (always allowed when it does).</summary>
    public bool TemplatesAllowed { get; init; }

    /// <summary>Gets the longest text allowed in one text part, when limited.</summary>
    public int? MaxTextLength { get; init; }
}

/// <summary>Why a reply was refused before it reached the outbox.</summary>
public enum ReplyRejection
{
    /// <summary>The ticket does not exist.</summary>
    TicketNotFound = 0,

    /// <summary>The ticket is closed or merged.</summary>
    TicketInactive = 1,

    /// <summary>The reply window closed and the channel offers no tag or template to send with.</summary>
    WindowClosed = 2,

    /// <summary>Only a template may be sent now.</summary>
    TemplateRequired = 3,

    /// <summary>A template was given, but the channel does not support templates.</summary>
    TemplatesNotSupported = 4,

    /// <summary>A text part is longer than the channel allows.</summary>
    TextTooLong = 5,

    /// <summary>A part is of a kind the channel cannot send.</summary>
    UnsupportedContent = 6,

    /// <summary>A private reply to a public comment was asked for but is not possible (not supported, or too late).</summary>
    PrivateReplyUnavailable = 7,

    /// <summary>A public reply was asked for on a channel or conversation that has none.</summary>
    PublicReplyUnavailable = 8,

    /// <summary>The reply has neither content nor a template.</summary>
    Empty = 9,

    /// <summary>The channel of the ticket has no registered adapter.</summary>
    UnknownChannel = 10,

    /// <summary>The state change asked for with the reply (<see cref="ReplyRequest.ThenState"/>) is not allowed.</summary>
    StateChangeRejected = 11,
}

/// <summary>What an agent wants to send, as checked by <see cref="ReplyPolicy.Check"/>.</summary>
/// <param name="Parts">The content; may be empty when <paramref name="Template"/> is set.</param>
/// <param name="Template">A template to send instead of free content.</param>
/// <param name="Private">For a public thread: answer the comment's author privately.</param>
public sealed record ReplyDraft(IReadOnlyList<MessagePart> Parts, MessageTemplate? Template = null, bool Private = false);

/// <summary>The channel rules for replies: the windows, tags, templates, lengths and public or private answers.</summary>
/// <remarks>Pure functions of their inputs; the engine calls them with the ticket, the channel's capabilities and the time.</remarks>
public static class ReplyPolicy
{
    /// <summary>Tells what may be sent on a ticket now.</summary>
    /// <param name="ticket">The ticket (its state, conversation and <see cref="Ticket.LastCustomerMessageAt"/>).</param>
    /// <param name="capabilities">The capabilities of the ticket's channel.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The options.</returns>
    public static ReplyOptions Evaluate(Ticket ticket, ChannelCapabilities capabilities, DateTimeOffset now) => throw new NotImplementedException();

    /// <summary>Checks a draft against the options.</summary>
    /// <param name="options">What may be sent now (from <see cref="Evaluate"/>).</param>
    /// <param name="capabilities">The capabilities of the ticket's channel.</param>
    /// <param name="draft">The draft.</param>
    /// <returns><see langword="null"/> when the draft may be sent; otherwise why not, with a message for people.</returns>
    public static (ReplyRejection Rejection, string Message)? Check(ReplyOptions options, ChannelCapabilities capabilities, ReplyDraft draft)
        => throw new NotImplementedException();
}
