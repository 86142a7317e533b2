using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>
/// The care features' part of the engine: automatic answers (the host's <see cref="IAutoResponder"/>, out-of-hours
/// notices) with the way to a person, satisfaction surveys after resolution, routing to an agent asked for by name, and
/// tickets opened from recorded mentions.
/// </summary>
internal sealed partial class TicketEngine : ITicketOpener
{
    /// <summary>The payload prefix of the survey's options: <c>csat:4</c> is a rating of 4.</summary>
    internal const string SurveyPayloadPrefix = "csat:";

    private static readonly string[] RatingLabels = ["1 - Poor", "2 - Fair", "3 - Good", "4 - Very good", "5 - Excellent"];
    private static readonly string[] RatingLabelsItalian = ["1 - Male", "2 - Così così", "3 - Bene", "4 - Molto bene", "5 - Ottimo"];

    /// <summary>
    /// Phrases with which customers ask for someone ("can I speak to Giulia", "vorrei parlare con Marco"); the agent's name
    /// follows one of them.
    /// </summary>
    private static readonly string[] AskForPhrases =
    [
        "speak to", "speak with", "talk to", "talk with", "ask for", "asking for", "looking for", "put me through to", "connect me with", "connect me to",
        "parlare con", "parlare a", "chiedo di", "cerco", "passami", "mi passi", "mi passa", "vorrei", "voglio",
    ];

    private readonly ConcurrentQueue<TicketId> _surveys = new();
    private readonly IAutoResponder? _autoResponder;
    private readonly KeywordMatcher _handover;
    private readonly BusinessCalendar _openingHours;

    /// <summary>What a customer's message started that runs once its commit is done and the ticket's locks are released.</summary>
    private sealed class CareFollowUp
    {
        public Ticket? Ticket { get; set; }

        public Message? Message { get; set; }

        public Customer? Customer { get; set; }

        public bool Rated { get; set; }
    }

    /// <summary>The calendar that says when the business is open, for out-of-hours notices (see <see cref="AutoReplyOptions.Calendar"/>).</summary>
    internal static BusinessCalendar OpeningHours(SocialCareOptions options)
    {
        var calendars = options.Sla.Calendars;
        if (options.AutoReply.Calendar is { } name)
        {
            return calendars.TryGetValue(name, out var named) ? named : BusinessCalendar.AlwaysOpen;
        }

        return calendars.Count == 1 ? calendars.Values.First() : BusinessCalendar.AlwaysOpen;
    }

    // ---------------------------------------------------------------- tickets from recorded mentions

    public async Task<Ticket> OpenFromPostAsync(MessageReceived post, Customer customer, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(post);
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (post.Direction != MessageDirection.Inbound)
        {
            throw new ArgumentException("Only a customer's post can open a ticket.", nameof(post));
        }

        var key = post.Key;

        // The post's own event was recorded as handled when listening declined it: this is a second, distinct event.
        var engaged = post with { Key = key with { EventId = "engaged:" + key.EventId } };
        var context = new InboundContext(new InboundEnvelope(engaged), customer);
        using (await _threadLocks.AcquireAsync((post.Conversation, customer.Id), cancellationToken).ConfigureAwait(false))
        {
            var existing = await _store.FindMessageAsync(key.Channel, key.Account, post.MessageId, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                var draft = new Draft(MessageDirection.Inbound, post.Author, post.Parts)
                {
                    NetworkId = post.MessageId,
                    ReplyToNetworkId = post.ReplyTo,
                    Referral = post.Referral,
                    OpenReason = reason,
                };
                await RetryAsync("open from post", () => AppendAsync(context, draft, Joining.Customer, null, cancellationToken)).ConfigureAwait(false);
                existing = await _store.FindMessageAsync(key.Channel, key.Account, post.MessageId, cancellationToken).ConfigureAwait(false);
            }

            var ticket = existing is null ? null : await _store.GetAsync(existing.TicketId, cancellationToken).ConfigureAwait(false);
            await DrainIfFreedAsync(cancellationToken).ConfigureAwait(false);
            return ticket ?? throw new InvalidOperationException($"The post {post.MessageId} was not stored on a ticket.");
        }
    }

    // ---------------------------------------------------------------- inside a customer message's commit

    /// <summary>The rating a customer's message gives a ticket's open survey, when it is one.</summary>
    private int? SurveyAnswer(Ticket ticket, IReadOnlyList<MessagePart> parts, DateTimeOffset now)
    {
        if (ticket.Satisfaction is not { Rating: null } survey
            || ticket.State is not (TicketState.Resolved or TicketState.Closed)
            || now - survey.RequestedAt > _options.Satisfaction.AnswerWithin)
        {
            return null;
        }

        return ParseRating(parts);
    }

    /// <summary>Reads a rating from a survey answer: the option's payload, a digit 1–5 (alone, or as <c>4/5</c>), or 1–5 stars.</summary>
    internal static int? ParseRating(IReadOnlyList<MessagePart> parts)
    {
        if (parts.Count != 1)
        {
            return null;
        }

        switch (parts[0])
        {
            case ChoicePart { Payload: { } payload } when payload.StartsWith(SurveyPayloadPrefix, StringComparison.Ordinal):
                return int.TryParse(payload.AsSpan(SurveyPayloadPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var chosen) && chosen is >= 1 and <= 5 ? chosen : null;
            case ChoicePart choice:
                return RatingOf(choice.Title);
            case TextPart text:
                return RatingOf(text.Text);
            default:
                return null;
        }
    }

    private static int? RatingOf(string text)
    {
        var span = text.AsSpan().Trim();
        if (span.EndsWith("/5", StringComparison.Ordinal))
        {
            span = span[..^2].TrimEnd();
        }

        if (span.Length == 1 && span[0] is >= '1' and <= '5')
        {
            return span[0] - '0';
        }

        if (span.Length > 1 && span.Length < 16 && span[0] is >= '1' and <= '5' && !char.IsDigit(span[1]) && !char.IsLetter(span[1]))
        {
            // "4 - Very good", the title of an option typed back.
            return span[0] - '0';
        }

        var stars = 0;
        foreach (var rune in span.EnumerateRunes())
        {
            if (rune.Value is 0x2B50 or 0x2605 or 0x1F31F)
            {
                stars++;
            }
            else if (rune.Value != 0xFE0F && !Rune.IsWhiteSpace(rune))
            {
                return null;
            }
        }

        return stars is >= 1 and <= 5 ? stars : null;
    }

    /// <summary>Records a survey's answer on its ticket (no reopening: the rating is about the finished request).</summary>
    private static void Rate(TicketPlan plan, TicketWork work, int rating, DateTimeOffset now)
    {
        var survey = work.Ticket.Satisfaction!;
        work.Ticket = work.Ticket with { Satisfaction = survey with { Rating = rating, RatedAt = now } };
        Note(plan, work, now, Invariant($"customer rated the help {rating}/5"), TicketActor.Customer);
        plan.Events.Add(new SatisfactionRated(work.Ticket.Id, now, rating, survey.Agent));
    }

    /// <summary>
    /// Reads what a customer's message asks of the people behind the brand: a person (a handover keyword, or writing
    /// again after an automatic answer), or an agent by name; records it on the ticket and routes to that agent.
    /// </summary>
    private async Task ApplyCustomerWishesAsync(TicketPlan plan, TicketWork work, Message message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var automation = work.Ticket.Automation;
        if (automation?.HumanRequestedAt is null)
        {
            string? why = null;
            if (_handover.Matches(message))
            {
                why = "customer asked for a person";
            }
            else if (automation is { } done && done.AutomaticReplies >= _options.AutoReply.MaxAutomaticReplies && work.Ticket.FirstResponseAt is null)
            {
                why = "customer wrote again after an automatic answer";
            }

            if (why is not null)
            {
                work.Ticket = work.Ticket with { Automation = (automation ?? new TicketAutomation()) with { HumanRequestedAt = now } };
                Note(plan, work, now, why + "; a person takes over", TicketActor.Customer);
            }
        }

        if (!_options.AgentIdentity.RouteByName || !_options.Assignment.Enabled || AskedForSomeone(message) is not { } asked)
        {
            return;
        }

        var agents = await _agents.GetAgentsAsync(cancellationToken).ConfigureAwait(false);
        var named = FindAgentByName(agents, asked);
        if (named is null || named.Id == work.Ticket.Automation?.RequestedAgent)
        {
            return;
        }

        work.Ticket = work.Ticket with { Automation = (work.Ticket.Automation ?? new TicketAutomation()) with { RequestedAgent = named.Id, HumanRequestedAt = work.Ticket.Automation?.HumanRequestedAt ?? now } };
        Note(plan, work, now, $"customer asked for {named.Id} by name", TicketActor.Customer);
        if (work.Ticket.Assignee is { } current && current != named.Id && named.Presence == AgentPresence.Available
            && work.Ticket.State is TicketState.New or TicketState.Open)
        {
            // Handed back to the queue, where the requested agent comes first when they can take it (capacity, skills).
            SetAssignee(plan, work, null, $"customer asked for {named.Id}", TicketActor.Customer, now);
        }
    }

    /// <summary>The words after a phrase such as "speak to" in a message's text, when there is one.</summary>
    private static string? AskedForSomeone(Message message)
    {
        foreach (var part in message.Parts)
        {
            if (part is not TextPart { Text: var text } || text.Length > 500)
            {
                continue;
            }

            foreach (var phrase in AskForPhrases)
            {
                var at = text.IndexOf(phrase, StringComparison.OrdinalIgnoreCase);
                if (at >= 0 && (at == 0 || !char.IsLetter(text[at - 1])))
                {
                    var rest = text.AsSpan(at + phrase.Length);
                    if (rest.Length > 0 && char.IsWhiteSpace(rest[0]))
                    {
                        return rest.Trim().ToString();
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The agent whose display name (or its first word) starts the words a customer wrote after "speak to".</summary>
    private static Agent? FindAgentByName(IReadOnlyList<Agent> agents, string asked)
    {
        Agent? firstNameMatch = null;
        var firstNameMatches = 0;
        foreach (var agent in agents)
        {
            var name = agent.DisplayName.Trim();
            if (name.Length == 0)
            {
                continue;
            }

            if (StartsWithWord(asked, name))
            {
                return agent;
            }

            var space = name.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && StartsWithWord(asked, name[..space]))
            {
                firstNameMatch = agent;
                firstNameMatches++;
            }
        }

        // Two agents with the same first name: the customer must say which one.
        return firstNameMatches == 1 ? firstNameMatch : null;
    }

    private static bool StartsWithWord(string text, string word)
        => string.Compare(text, 0, word, 0, word.Length, CultureInfo.InvariantCulture, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace) == 0
            && (text.Length == word.Length || !char.IsLetterOrDigit(text[word.Length]));

    // ---------------------------------------------------------------- after a customer message's commit

    /// <summary>Runs what a customer's message started, once it is stored: a thanks for a rating, or an automatic answer.</summary>
    private async Task FollowUpAsync(CareFollowUp followUp, CancellationToken cancellationToken)
    {
        try
        {
            await AutomateAsync(followUp, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The customer's message is stored; a failing responder must not fail its delivery (a person answers instead).
            _logger.AutomationFailed(followUp.Ticket!.Id, ex);
        }
    }

    private async Task AutomateAsync(CareFollowUp followUp, CancellationToken cancellationToken)
    {
        var ticket = followUp.Ticket!;
        var channel = ticket.Conversation.Channel;
        if (followUp.Rated)
        {
            var spoken = await LanguageOfAsync(followUp.Customer, ticket.Id, latest: null, cancellationToken).ConfigureAwait(false);
            if (Localized(_options.Satisfaction.Thanks, spoken) is { } thanks)
            {
                await SendAutomaticAsync(ticket.Id, [new TextPart(thanks)], "thanks for the rating", AutomaticMessageKind.SatisfactionThanks, resolves: false, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (!ticket.IsActive || ticket.ControlledElsewhere || _options.AutoReply.DisabledChannels.Contains(channel))
        {
            // Another application owns the conversation, or the host keeps automation off this channel.
            return;
        }

        // Answers only before a person: not once one answered or was asked for, and only so many times.
        if (_options.AutoReply.Enabled && _autoResponder is not null && ticket.FirstResponseAt is null && ticket.Automation?.HumanRequestedAt is null
            && (ticket.Automation?.AutomaticReplies ?? 0) < _options.AutoReply.MaxAutomaticReplies)
        {
            var response = await _autoResponder.RespondAsync(new AutoResponderContext(ticket, followUp.Message!, followUp.Customer!), cancellationToken).ConfigureAwait(false);
            if (response is { Parts.Count: > 0 }
                && await SendAutomaticAsync(ticket.Id, response.Parts, response.Reason ?? "automatic answer", AutomaticMessageKind.Answer, response.Resolves, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        var now = Now;
        if (!_options.AutoReply.OutOfHours || ticket.Conversation.Visibility != ConversationVisibility.Private
            || _openingHours.IsOpen(now) || _options.AutoReply.OutOfHoursMessages.Count == 0
            || !await OutOfHoursNoticeDueAsync(ticket, now, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var language = await LanguageOfAsync(followUp.Customer, ticket.Id, followUp.Message, cancellationToken).ConfigureAwait(false);
        if (Localized(_options.AutoReply.OutOfHoursMessages, language) is { } notice)
        {
            var opens = TimeZoneInfo.ConvertTime(_openingHours.NextOpening(now), _openingHours.TimeZone);
            var text = notice.Replace("{opensAt}", opens.ToString("ddd d MMM HH:mm", CultureFor(language)), StringComparison.Ordinal);
            await SendAutomaticAsync(ticket.Id, [new TextPart(text)], "out of hours", AutomaticMessageKind.OutOfHours, resolves: false, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether the conversation had no out-of-hours notice in this closed period (on this ticket or the one it follows).</summary>
    private async Task<bool> OutOfHoursNoticeDueAsync(Ticket ticket, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var last = ticket.Automation?.OutOfHoursNoticeAt;
        if (last is null && ticket.PreviousTicket is { } previousId)
        {
            last = (await _store.GetAsync(previousId, cancellationToken).ConfigureAwait(false))?.Automation?.OutOfHoursNoticeAt;
        }

        // Due when the business has opened since the last notice: a new closed period began.
        return last is not { } at || _openingHours.NextOpening(at) <= now;
    }

    /// <summary>
    /// The language to write to a customer in: the customer's own when the directory knows it, else the one guessed from
    /// what they wrote (the latest message first, then the ticket's earlier ones, newest first); <see langword="null"/>
    /// when nothing tells.
    /// </summary>
    private async Task<string?> LanguageOfAsync(Customer? customer, TicketId ticketId, Message? latest, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(customer?.Language))
        {
            return customer.Language;
        }

        if (latest is not null && GuessLanguage(latest) is { } guessed)
        {
            return guessed;
        }

        var messages = await _store.GetMessagesAsync(ticketId, cancellationToken).ConfigureAwait(false);
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i] is { Direction: MessageDirection.Inbound, Author: AuthorKind.Customer } message && GuessLanguage(message) is { } language)
            {
                return language;
            }
        }

        return null;
    }

    private static string? GuessLanguage(Message message)
        => CannedAnswers.TextOf(message.Parts) is { Length: > 0 } text ? TextMatching.GuessLanguage(text) : null;

    private static CultureInfo CultureFor(string? language)
    {
        try
        {
            return string.IsNullOrEmpty(language) ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(language);
        }
        catch (CultureNotFoundException)
        {
            return CultureInfo.InvariantCulture;
        }
    }

    /// <summary>The text for a language: its own, its parent's (<c>it</c> for <c>it-CH</c>), or the fallback under <c>*</c>.</summary>
    private static string? Localized(IDictionary<string, string> texts, string? language)
    {
        if (texts.Count == 0)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(language))
        {
            if (texts.TryGetValue(language, out var exact) && !string.IsNullOrWhiteSpace(exact))
            {
                return exact;
            }

            var dash = language.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && texts.TryGetValue(language[..dash], out var parent) && !string.IsNullOrWhiteSpace(parent))
            {
                return parent;
            }
        }

        return texts.TryGetValue("*", out var fallback) && !string.IsNullOrWhiteSpace(fallback) ? fallback : null;
    }

    // ---------------------------------------------------------------- surveys

    /// <summary>Sends the surveys of tickets resolved by operations that have finished (called with no locks held).</summary>
    private async Task SendQueuedSurveysAsync(CancellationToken cancellationToken)
    {
        while (_surveys.TryDequeue(out var id))
        {
            try
            {
                await SendSurveyAsync(id, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _logger.AutomationFailed(id, ex);
            }
        }
    }

    private async Task SendSurveyAsync(TicketId id, CancellationToken cancellationToken)
    {
        var ticket = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (ticket is not { State: TicketState.Resolved, Satisfaction: null, ControlledElsewhere: false, ErasedAt: null }
            || ticket.Conversation.Visibility != ConversationVisibility.Private
            || _options.Satisfaction.DisabledChannels.Contains(ticket.Conversation.Channel)
            || !_adapters.TryGetValue(ticket.Conversation.Channel, out var adapter))
        {
            return;
        }

        var customer = await _customers.GetAsync(ticket.Customer, cancellationToken).ConfigureAwait(false);
        var language = await LanguageOfAsync(customer, id, latest: null, cancellationToken).ConfigureAwait(false);
        if (Localized(_options.Satisfaction.Questions, language) is not { } question)
        {
            return;
        }

        await SendAutomaticAsync(id, SurveyParts(question, ticket.Conversation.Channel, adapter.Capabilities, language), "satisfaction survey", AutomaticMessageKind.SatisfactionSurvey, resolves: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The survey as the channel shows it best: a WhatsApp list of five rows (reply buttons stop at three), Messenger
    /// quick replies, or the plain question where the channel offers no choices (X).
    /// </summary>
    internal static IReadOnlyList<MessagePart> SurveyParts(string question, ChannelId channel, ChannelCapabilities capabilities, string? language)
    {
        if ((capabilities.PartKinds & MessagePartKinds.Choice) == 0)
        {
            return [new TextPart(question)];
        }

        var kind = channel == ChannelId.WhatsApp ? ChoiceKind.ListItem : ChoiceKind.QuickReply;
        var labels = language is not null && language.StartsWith("it", StringComparison.OrdinalIgnoreCase) ? RatingLabelsItalian : RatingLabels;
        var parts = new MessagePart[6];
        parts[0] = new TextPart(question);
        for (var rating = 1; rating <= 5; rating++)
        {
            parts[rating] = new ChoicePart(kind, labels[rating - 1], SurveyPayloadPrefix + rating.ToString(CultureInfo.InvariantCulture));
        }

        return parts;
    }

    // ---------------------------------------------------------------- sending as the bot

    /// <summary>
    /// Sends a message written by automation (author <see cref="AuthorKind.Bot"/>): only as free content the channel
    /// allows now (never with a human-agent tag, never a template); it is not a person's response, so the first-response
    /// time and the SLA clocks do not move.
    /// </summary>
    /// <returns>Whether it was queued.</returns>
    private async Task<bool> SendAutomaticAsync(TicketId ticketId, IReadOnlyList<MessagePart> parts, string reason, AutomaticMessageKind kind, bool resolves, CancellationToken cancellationToken)
    {
        var queued = await RetryAsync("automatic reply", async () =>
        {
            using var locks = await LockTicketsAsync([ticketId], cancellationToken).ConfigureAwait(false);
            var ticket = await _store.GetAsync(ticketId, cancellationToken).ConfigureAwait(false);
            if (ticket is null || !_adapters.TryGetValue(ticket.Conversation.Channel, out var adapter))
            {
                return false;
            }

            var now = Now;
            var plan = new TicketPlan();
            var work = plan.Add(ticket, ticket.Version);
            ApplyDue(plan, work, now);
            var capabilities = adapter.Capabilities;
            var options = ReplyPolicy.Evaluate(work.Ticket, capabilities, now);
            var allowed = kind is AutomaticMessageKind.SatisfactionSurvey or AutomaticMessageKind.SatisfactionThanks
                ? options.Mode == ReplyMode.FreeText
                : options.Mode is ReplyMode.FreeText or ReplyMode.PublicOnly;
            if (!allowed || work.Ticket.ErasedAt is not null
                || (kind != AutomaticMessageKind.SatisfactionSurvey && kind != AutomaticMessageKind.SatisfactionThanks && !work.Ticket.IsActive)
                || ReplyPolicy.Check(options, capabilities, new ReplyDraft(parts, null, false), adapter as ITextMeasure) is not null)
            {
                _logger.AutomaticReplySkipped(ticket.Id, kind.ToString(), options.Mode);
                await CommitIfAnyAsync(plan, now, cancellationToken).ConfigureAwait(false);
                return false;
            }

            var messages = await _store.GetMessagesAsync(ticket.Id, cancellationToken).ConfigureAwait(false);
            var answered = ticket.Conversation.Visibility == ConversationVisibility.Public
                ? messages.LastOrDefault(m => m.Direction == MessageDirection.Inbound && m.Author == AuthorKind.Customer)
                : null;
            QueueOutbound(plan, work.Ticket, messages, answered, parts, null, AuthorKind.Bot, null, privately: false, options, now, kind);

            var automation = work.Ticket.Automation ?? new TicketAutomation();
            work.Ticket = kind switch
            {
                AutomaticMessageKind.Answer => work.Ticket with { Automation = automation with { AutomaticReplies = automation.AutomaticReplies + 1, LastAutomaticReplyAt = now } },
                AutomaticMessageKind.OutOfHours => work.Ticket with { Automation = automation with { OutOfHoursNoticeAt = now } },
                AutomaticMessageKind.SatisfactionSurvey => work.Ticket with { Satisfaction = new TicketSatisfaction(now) { Agent = work.Ticket.Assignee } },
                _ => work.Ticket,
            };
            var bot = new TicketActor(AuthorKind.Bot);
            Note(plan, work, now, $"automatic {Describe(kind)}: {reason}", bot);
            if (resolves && work.Ticket.State is TicketState.New or TicketState.Open)
            {
                // Refused when people must resolve (RequireAssigneeToResolve): then the answer stands and a person closes.
                Transition(plan, work, new TicketCommand(TicketState.Resolved, bot, "answered automatically"), now);
            }

            await CommitAsync(plan, now, cancellationToken).ConfigureAwait(false);
            _metrics.AutomaticReply(ticket.Conversation.Channel, Describe(kind));
            return true;
        }).ConfigureAwait(false);

        if (queued)
        {
            _outboxSignal.Notify();
        }

        return queued;
    }

    private static string Describe(AutomaticMessageKind kind) => kind switch
    {
        AutomaticMessageKind.Answer => "answer",
        AutomaticMessageKind.OutOfHours => "out-of-hours notice",
        AutomaticMessageKind.SatisfactionSurvey => "satisfaction survey",
        _ => "thanks",
    };

    /// <summary>Adds an outbound message and its outbox entry to a plan: to the customer's reachable identity, answering <paramref name="answered"/> on a public thread.</summary>
    private static Message QueueOutbound(
        TicketPlan plan,
        Ticket ticket,
        IReadOnlyList<Message> messages,
        Message? answered,
        IReadOnlyList<MessagePart> parts,
        MessageTemplate? template,
        AuthorKind author,
        AgentId? agent,
        bool privately,
        ReplyOptions options,
        DateTimeOffset now,
        AutomaticMessageKind? automation = null)
    {
        var lastCustomer = messages.LastOrDefault(m => m.Direction == MessageDirection.Inbound && m.Author == AuthorKind.Customer);
        var id = MessageId.New(now);
        var outbound = new OutboundMessage(id, ticket.Conversation, parts)
        {
            CustomerLastMessageAt = ticket.LastCustomerMessageAt,
            Recipient = ReachableAt(messages) ?? lastCustomer?.Sender,
            Agent = agent,
            ReplyTo = answered?.NetworkId,
            PrivateReply = privately,
            MessagingTag = options.Mode == ReplyMode.TagRequired ? options.Tag : null,
            Template = template,
        };
        var message = new Message(id, ticket.Id, ticket.Conversation, MessageDirection.Outbound, author, now, parts)
        {
            Agent = agent,
            ReplyTo = answered?.Id,
            ReplyToNetworkId = answered?.NetworkId,
            Status = DeliveryStatus.Pending,
            PrivateReply = privately,
            Automation = automation,
        };
        plan.Added.Add(message);
        plan.Outbox.Add(new OutboxEntry(id, ticket.Id, outbound, now) { NextAttemptAt = now });
        plan.Events.Add(new MessageAppended(ticket.Id, now, message));
        return message;
    }

    // ---------------------------------------------------------------- agent identity

    /// <summary>A reply's parts with the agent's name or signature added, as the channel's setting asks.</summary>
    private IReadOnlyList<MessagePart> Signed(IReadOnlyList<MessagePart> parts, Agent agent, ChannelId channel)
    {
        var mode = _options.AgentIdentity.ModeFor(channel);
        var signature = mode switch
        {
            AgentSignatureMode.Name => agent.DisplayName,
            AgentSignatureMode.Signature => string.IsNullOrWhiteSpace(agent.Signature) ? agent.DisplayName : agent.Signature,
            _ => null,
        };
        if (string.IsNullOrWhiteSpace(signature))
        {
            return parts;
        }

        // Signed once, on the last text; a reply without text (a picture alone) stays as it is.
        for (var i = parts.Count - 1; i >= 0; i--)
        {
            if (parts[i] is TextPart text)
            {
                var signed = parts.ToArray();
                signed[i] = text with { Text = text.Text.TrimEnd() + "\n— " + signature.Trim() };
                return signed;
            }
        }

        return parts;
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
