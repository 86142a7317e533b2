using System.Globalization;
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

    /// <summary>
    /// Gets the templates that may be sent on the ticket, from the channel's template catalogue (<see cref="ITemplateCatalog"/>):
    /// those of the ticket's channel account, the ones in the customer's language first. Empty when the channel has no
    /// templates or the host configured none.
    /// </summary>
    public IReadOnlyList<TemplateDefinition> Templates { get; init; } = [];
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

    /// <summary>The agent is not in the agent directory.</summary>
    UnknownAgent = 12,

    /// <summary>The template is not in the channel's template catalogue for the ticket's account (by name and language).</summary>
    TemplateNotFound = 13,

    /// <summary>The template's parameters do not fit its definition in the catalogue (a missing or extra parameter).</summary>
    TemplateInvalid = 14,
}

/// <summary>What an agent wants to send, as checked by <see cref="ReplyPolicy.Check"/>.</summary>
/// <param name="Parts">The content; may be empty when <paramref name="Template"/> is set.</param>
/// <param name="Template">A template to send instead of free content.</param>
/// <param name="Private">For a public thread: answer the comment's author privately.</param>
public sealed record ReplyDraft(IReadOnlyList<MessagePart> Parts, MessageTemplate? Template = null, bool Private = false);

/// <summary>The channel rules for replies: the windows, tags, templates, lengths and public or private answers.</summary>
/// <remarks>
/// <para>Pure functions of their inputs; the engine calls them with the ticket, the channel's capabilities and the time.</para>
/// <para>
/// <see cref="Evaluate"/> answers, in this order (a window's end instant itself counts as closed, so a window of 24 hours
/// from 09:00 allows sending until 08:59:59.999… the next day, not at 09:00):
/// </para>
/// <list type="bullet">
/// <item><description>A closed or merged ticket: <see cref="ReplyMode.Nothing"/> (<c>ticket is closed</c>, <c>ticket is merged</c>).</description></item>
/// <item><description>
/// A private conversation: with no <see cref="ChannelCapabilities.ReplyWindow"/> (X DMs), <see cref="ReplyMode.FreeText"/>
/// without end. When the customer never wrote, <see cref="ReplyMode.TemplateRequired"/> on channels with templates, else
/// <see cref="ReplyMode.Nothing"/>. Before <see cref="Ticket.LastCustomerMessageAt"/> plus the reply window,
/// <see cref="ReplyMode.FreeText"/> until then. After it, before the last message plus
/// <see cref="ChannelCapabilities.TaggedReplyWindow"/> on a channel with a <see cref="ChannelCapabilities.HumanAgentTag"/>,
/// <see cref="ReplyMode.TagRequired"/> with that tag until then (Messenger <c>HUMAN_AGENT</c>, 7 days; only for messages
/// people write, which are the only replies the engine checks). After that, <see cref="ReplyMode.TemplateRequired"/> (no
/// end) on channels with templates (WhatsApp), else <see cref="ReplyMode.Nothing"/>. <see cref="ReplyOptions.CanReplyPrivately"/>
/// is <see langword="true"/> whenever something may be sent; <see cref="ReplyOptions.CanReplyPublicly"/> is
/// <see langword="false"/>.
/// </description></item>
/// <item><description>
/// A public thread (comments under a post, replies on X): <see cref="ReplyOptions.CanReplyPublicly"/> when the channel has
/// <see cref="ChannelFeatures.PublicReplies"/>; <see cref="ReplyOptions.CanReplyPrivately"/> when it has
/// <see cref="ChannelFeatures.PrivateRepliesToPublic"/>, the customer wrote, and the last customer message plus
/// <see cref="ChannelCapabilities.PrivateReplyWindow"/> (Facebook: 7 days, when set) has not passed, with
/// <see cref="ReplyOptions.PrivateReplyUntil"/> set to that instant while a limited private reply is possible. The mode is
/// <see cref="ReplyMode.FreeText"/> (no end) when a private reply is possible, else <see cref="ReplyMode.PublicOnly"/> when a
/// public one is, else <see cref="ReplyMode.Nothing"/>. The customer's last comment stands for the comment answered. When
/// the network refused a public reply on the thread (<see cref="Ticket.PublicReplyRefused"/>: X's self-serve rule), no
/// public reply is offered, and a public draft is refused with a message that says to answer privately.
/// </description></item>
/// <item><description>An internal conversation: <see cref="ReplyMode.Nothing"/> (it takes notes, not replies).</description></item>
/// </list>
/// <para>
/// <see cref="ReplyOptions.TemplatesAllowed"/> and <see cref="ReplyOptions.MaxTextLength"/> always mirror the channel's
/// capabilities.
/// </para>
/// <para>
/// <see cref="Check"/> takes the time and route facts (mode, public or private) from the options and the channel facts
/// (templates, content kinds, text length) from the capabilities, and refuses, first match wins:
/// </para>
/// <list type="number">
/// <item><description>
/// <see cref="ReplyMode.Nothing"/>: <see cref="ReplyRejection.TicketInactive"/> for a closed or merged ticket; on a public
/// thread or an internal conversation, <see cref="ReplyRejection.PrivateReplyUnavailable"/> for a private draft and
/// <see cref="ReplyRejection.PublicReplyUnavailable"/> otherwise; else <see cref="ReplyRejection.WindowClosed"/>.
/// </description></item>
/// <item><description>No template and no content (no parts, or only blank text): <see cref="ReplyRejection.Empty"/>.</description></item>
/// <item><description>
/// A template on a channel without templates: <see cref="ReplyRejection.TemplatesNotSupported"/>. A template is a private
/// message: on a public thread it must be a private reply, else <see cref="ReplyRejection.PublicReplyUnavailable"/>. Otherwise
/// a template needs no window.
/// </description></item>
/// <item><description>
/// On a public thread, a private draft when the author cannot be answered privately:
/// <see cref="ReplyRejection.PrivateReplyUnavailable"/>; a public draft when there are no public replies:
/// <see cref="ReplyRejection.PublicReplyUnavailable"/>. On a private conversation <see cref="ReplyDraft.Private"/> changes nothing.
/// </description></item>
/// <item><description><see cref="ReplyMode.TemplateRequired"/> and no template: <see cref="ReplyRejection.TemplateRequired"/>.</description></item>
/// <item><description>A part the channel cannot send: <see cref="ReplyRejection.UnsupportedContent"/>, naming the part's kind.</description></item>
/// <item><description>A text part longer than <see cref="ChannelCapabilities.MaxTextLength"/> UTF-16 code units: <see cref="ReplyRejection.TextTooLong"/>.</description></item>
/// </list>
/// <para>
/// <see cref="ReplyMode.TagRequired"/> drafts pass: the engine sends them with <see cref="ReplyOptions.Tag"/>. The parts of a
/// template draft are checked for kind and length like any others. Messages are short sentences for agents and never
/// quote the draft. <see cref="ReplyRejection.TicketNotFound"/> and <see cref="ReplyRejection.UnknownChannel"/> are the
/// engine's to give; <see cref="Check"/> never returns them. <see cref="Check"/> recognizes closed, merged, public and
/// internal conversations by the <see cref="ReplyOptions.Reason"/> texts that <see cref="Evaluate"/> writes; options built
/// elsewhere count as a private conversation unless <see cref="ReplyOptions.CanReplyPublicly"/> is set or the mode is
/// <see cref="ReplyMode.PublicOnly"/>.
/// </para>
/// </remarks>
public static class ReplyPolicy
{
    private const string ClosedReason = "ticket is closed";
    private const string MergedReason = "ticket is merged";
    private const string InternalReason = "internal conversation: notes only";
    private const string NoWindowReason = "no reply window on this channel";
    private const string NeverWroteTemplateReason = "the customer has not written yet: a template can start the conversation";
    private const string NeverWroteReason = "the customer has not written yet";
    private const string WindowClosedTemplateReason = "reply window closed: templates only";
    private const string WindowClosedReason = "reply window closed";
    private const string PublicPrivateReason = "public thread: the author can still be answered privately";
    private const string PublicOnlyReason = "public thread: public reply only";
    private const string PublicTooLateReason = "public thread: too late to answer privately, public reply only";
    private const string PublicNothingReason = "public thread: no public or private reply on this channel";
    private const string PublicRefusedReason = "public thread: the network refused a public reply here, answer privately";
    private const string PublicRefusedNothingReason = "public thread: the network refused a public reply here, and the author cannot be answered privately";
    private const string PublicRefusedMessage = "The network refused a public reply in this thread (X lets applications answer publicly only posts that mention or quote the account); send a private reply (a DM) instead.";

    /// <summary>Tells what may be sent on a ticket now.</summary>
    /// <param name="ticket">The ticket (its state, conversation and <see cref="Ticket.LastCustomerMessageAt"/>).</param>
    /// <param name="capabilities">The capabilities of the ticket's channel.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The options.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="ticket"/> or <paramref name="capabilities"/> is <see langword="null"/>.</exception>
    public static ReplyOptions Evaluate(Ticket ticket, ChannelCapabilities capabilities, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(capabilities);

        var options = !ticket.IsActive
            ? new ReplyOptions(ReplyMode.Nothing, ticket.State == TicketState.Merged ? MergedReason : ClosedReason)
            : ticket.Conversation.Visibility switch
            {
                ConversationVisibility.Private => EvaluatePrivate(ticket.LastCustomerMessageAt, capabilities, now),
                ConversationVisibility.Public => EvaluatePublic(ticket.LastCustomerMessageAt, capabilities, now, ticket.PublicReplyRefused),
                _ => new ReplyOptions(ReplyMode.Nothing, InternalReason),
            };

        return options with
        {
            TemplatesAllowed = capabilities.Supports(ChannelFeatures.Templates),
            MaxTextLength = TextLimit(capabilities, publicText: ticket.Conversation.Visibility == ConversationVisibility.Public),
        };
    }

    /// <summary>Checks a draft against the options, measuring text as the channel counts it when it has its own measure.</summary>
    /// <param name="options">What may be sent now (from <see cref="Evaluate"/>).</param>
    /// <param name="capabilities">The capabilities of the ticket's channel.</param>
    /// <param name="draft">The draft.</param>
    /// <param name="measure">The channel's own text measure (X's weighted count), or <see langword="null"/> to count UTF-16 code units.</param>
    /// <returns><see langword="null"/> when the draft may be sent; otherwise why not, with a message for people.</returns>
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="measure"/>, or a part of the draft, is <see langword="null"/>.</exception>
    public static (ReplyRejection Rejection, string Message)? Check(ReplyOptions options, ChannelCapabilities capabilities, ReplyDraft draft, ITextMeasure? measure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(capabilities);
        ArgumentNullException.ThrowIfNull(draft);

        var isPublicThread = IsPublicThread(options);

        if (options.Mode == ReplyMode.Nothing)
        {
            return options.Reason switch
            {
                ClosedReason => (ReplyRejection.TicketInactive, "The ticket is closed; replies are no longer possible."),
                MergedReason => (ReplyRejection.TicketInactive, "The ticket was merged into another ticket; reply there."),
                InternalReason => draft.Private
                    ? (ReplyRejection.PrivateReplyUnavailable, "This is an internal conversation: add a note instead of a reply.")
                    : (ReplyRejection.PublicReplyUnavailable, "This is an internal conversation: add a note instead of a reply."),
                _ when isPublicThread => draft.Private
                    ? PrivateUnavailable(capabilities)
                    : (ReplyRejection.PublicReplyUnavailable, options.Reason == PublicRefusedNothingReason ? PublicRefusedMessage : "This channel has no public replies."),
                _ => (ReplyRejection.WindowClosed, "The reply window has closed and this channel has no tag or template to send with; wait for the customer to write again."),
            };
        }

        if (draft.Template is null && !draft.Parts.Any(HasContent))
        {
            return (ReplyRejection.Empty, "The reply has no content.");
        }

        if (draft.Template is not null)
        {
            if (!capabilities.Supports(ChannelFeatures.Templates))
            {
                return (ReplyRejection.TemplatesNotSupported, "This channel does not support templates.");
            }

            if (isPublicThread && !draft.Private)
            {
                return (ReplyRejection.PublicReplyUnavailable, "A template cannot be posted in a public thread; send it as a private reply.");
            }
        }

        if (isPublicThread)
        {
            if (draft.Private && !options.CanReplyPrivately)
            {
                return PrivateUnavailable(capabilities);
            }

            if (!draft.Private && !options.CanReplyPublicly)
            {
                return (ReplyRejection.PublicReplyUnavailable, options.Reason == PublicRefusedReason
                    ? PublicRefusedMessage
                    : "This channel has no public replies; answer the author privately.");
            }
        }

        if (options.Mode == ReplyMode.TemplateRequired && draft.Template is null)
        {
            return (ReplyRejection.TemplateRequired, "Only a pre-approved template can be sent now.");
        }

        foreach (var part in draft.Parts)
        {
            if (!capabilities.CanSend(part))
            {
                return (ReplyRejection.UnsupportedContent, $"This channel cannot send {KindName(part)} content.");
            }
        }

        // Length in UTF-16 code units, unless the channel measures its own way (X counts weighted characters: CJK and
        // emoji count 2, every link 23, after NFC).
        var publicText = isPublicThread && !draft.Private;
        if (TextLimit(capabilities, publicText) is { } limit)
        {
            foreach (var part in draft.Parts)
            {
                if (part is TextPart text && (measure?.Measure(text.Text, publicText) ?? text.Text.Length) is var length && length > limit)
                {
                    return (ReplyRejection.TextTooLong, string.Create(
                        CultureInfo.InvariantCulture,
                        $"The text is {length} characters long as this channel counts them; it allows at most {limit}."));
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Orders a catalogue's templates for a customer: those whose language is the customer's (<c>it</c> matches
    /// <c>it</c> and <c>it_IT</c>) first, then the rest, each group in the catalogue's order.
    /// </summary>
    /// <param name="templates">The catalogue's templates for the account.</param>
    /// <param name="customerLanguage">The customer's language as an IETF tag, when known.</param>
    /// <returns>The templates, reordered.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="templates"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<TemplateDefinition> OrderTemplates(IReadOnlyList<TemplateDefinition> templates, string? customerLanguage)
    {
        ArgumentNullException.ThrowIfNull(templates);
        if (string.IsNullOrWhiteSpace(customerLanguage))
        {
            return templates;
        }

        var primary = customerLanguage.Split('-', '_')[0];
        bool Fits(TemplateDefinition t) => string.Equals(t.Language.Split('-', '_')[0], primary, StringComparison.OrdinalIgnoreCase);
        return [.. templates.Where(Fits), .. templates.Where(t => !Fits(t))];
    }

    /// <summary>
    /// Checks a template against a channel's catalogue: it must be there (name and language) and its parameters must fit
    /// the definition. An empty catalogue checks nothing (the host configured none; the network decides).
    /// </summary>
    /// <param name="catalogue">The catalogue's templates for the ticket's account.</param>
    /// <param name="template">The template to send.</param>
    /// <returns><see langword="null"/> when it may be sent; otherwise why not, with a message for people.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static (ReplyRejection Rejection, string Message)? CheckTemplate(IReadOnlyList<TemplateDefinition> catalogue, MessageTemplate template)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(template);
        if (catalogue.Count == 0)
        {
            return null;
        }

        var definition = catalogue.FirstOrDefault(t => t.Matches(template));
        if (definition is null)
        {
            return (ReplyRejection.TemplateNotFound, string.Create(
                CultureInfo.InvariantCulture,
                $"There is no template '{template.Name}' in language '{template.Language}' for this account."));
        }

        return definition.Check(template) is { } problem ? (ReplyRejection.TemplateInvalid, problem) : null;
    }

    /// <summary>The longest text allowed: the public limit for text posted in a public thread, when the channel has one.</summary>
    private static int? TextLimit(ChannelCapabilities capabilities, bool publicText)
        => publicText ? capabilities.MaxPublicTextLength ?? capabilities.MaxTextLength : capabilities.MaxTextLength;

    private static ReplyOptions EvaluatePrivate(DateTimeOffset? lastCustomerMessageAt, ChannelCapabilities capabilities, DateTimeOffset now)
    {
        var templates = capabilities.Supports(ChannelFeatures.Templates);

        if (capabilities.ReplyWindow is not { } window)
        {
            return Private(ReplyMode.FreeText, NoWindowReason);
        }

        if (lastCustomerMessageAt is not { } last)
        {
            return templates
                ? Private(ReplyMode.TemplateRequired, NeverWroteTemplateReason)
                : new ReplyOptions(ReplyMode.Nothing, NeverWroteReason);
        }

        var until = End(last, window);
        if (now < until)
        {
            return Private(ReplyMode.FreeText, $"inside the {Describe(window)} window") with { Until = until };
        }

        if (capabilities.TaggedReplyWindow is { } taggedWindow && !string.IsNullOrWhiteSpace(capabilities.HumanAgentTag))
        {
            var taggedUntil = End(last, taggedWindow);
            if (now < taggedUntil)
            {
                return Private(ReplyMode.TagRequired, $"inside the {Describe(taggedWindow)} window for messages written by a person")
                    with { Until = taggedUntil, Tag = capabilities.HumanAgentTag };
            }
        }

        return templates
            ? Private(ReplyMode.TemplateRequired, WindowClosedTemplateReason)
            : new ReplyOptions(ReplyMode.Nothing, WindowClosedReason);
    }

    private static ReplyOptions EvaluatePublic(DateTimeOffset? lastCustomerMessageAt, ChannelCapabilities capabilities, DateTimeOffset now, bool publicReplyRefused)
    {
        var canReplyPublicly = capabilities.Supports(ChannelFeatures.PublicReplies) && !publicReplyRefused;
        var privateRepliesSupported = capabilities.Supports(ChannelFeatures.PrivateRepliesToPublic);
        var canReplyPrivately = false;
        DateTimeOffset? privateReplyUntil = null;

        if (privateRepliesSupported && lastCustomerMessageAt is { } last)
        {
            if (capabilities.PrivateReplyWindow is { } window)
            {
                var until = End(last, window);
                canReplyPrivately = now < until;
                privateReplyUntil = canReplyPrivately ? until : null;
            }
            else
            {
                canReplyPrivately = true;
            }
        }

        var (mode, reason) = (canReplyPrivately, canReplyPublicly) switch
        {
            (true, _) => (ReplyMode.FreeText, publicReplyRefused ? PublicRefusedReason : PublicPrivateReason),
            (false, true) => (ReplyMode.PublicOnly, privateRepliesSupported ? PublicTooLateReason : PublicOnlyReason),
            (false, false) => (ReplyMode.Nothing, publicReplyRefused ? PublicRefusedNothingReason : PublicNothingReason),
        };

        return new ReplyOptions(mode, reason)
        {
            CanReplyPublicly = canReplyPublicly,
            CanReplyPrivately = canReplyPrivately,
            PrivateReplyUntil = privateReplyUntil,
        };
    }

    private static ReplyOptions Private(ReplyMode mode, string reason) => new(mode, reason) { CanReplyPrivately = true };

    private static bool IsPublicThread(ReplyOptions options)
        => options.CanReplyPublicly
            || options.Mode == ReplyMode.PublicOnly
            || options.Reason is PublicPrivateReason or PublicOnlyReason or PublicTooLateReason or PublicNothingReason or PublicRefusedReason or PublicRefusedNothingReason;

    private static (ReplyRejection Rejection, string Message) PrivateUnavailable(ChannelCapabilities capabilities)
        => capabilities.Supports(ChannelFeatures.PrivateRepliesToPublic)
            ? (ReplyRejection.PrivateReplyUnavailable, "The comment's author can no longer be answered privately.")
            : (ReplyRejection.PrivateReplyUnavailable, "This channel cannot answer public comments privately.");

    private static bool HasContent(MessagePart part) => part is not TextPart text || !string.IsNullOrWhiteSpace(text.Text);

    private static string KindName(MessagePart part)
        => ChannelCapabilities.KindOf(part) switch
        {
            MessagePartKinds.None => "unrecognized",
            var kind => kind.ToString().ToLowerInvariant(),
        };

    // The end of a window, saturating instead of overflowing for very long windows.
    private static DateTimeOffset End(DateTimeOffset start, TimeSpan window)
        => window >= DateTimeOffset.MaxValue - start ? DateTimeOffset.MaxValue : start + window;

    // "24-hour", "7-day", "90-minute" (whole seconds at worst): for reasons, which people read.
    private static string Describe(TimeSpan window)
    {
        if (window.Ticks % TimeSpan.TicksPerDay == 0 && window.Days > 1)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{window.Days}-day");
        }

        if (window.Ticks % TimeSpan.TicksPerHour == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(long)window.TotalHours}-hour");
        }

        return window.Ticks % TimeSpan.TicksPerMinute == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{(long)window.TotalMinutes}-minute")
            : string.Create(CultureInfo.InvariantCulture, $"{(long)window.TotalSeconds}-second");
    }
}
