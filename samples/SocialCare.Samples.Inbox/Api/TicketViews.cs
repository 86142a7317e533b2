using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SocialCare.Abstractions;
using SocialCare.Core;

namespace SocialCare.Samples.Inbox.Api;

/// <summary>Builds the API's views of tickets from the store, the customer directory and the agent directory.</summary>
/// <remarks>Registered as a singleton; thread-safe (it holds no state of its own).</remarks>
public sealed class TicketViews
{
    private static readonly JsonTypeInfo<IReadOnlyList<MessagePart>> PartsJson = SocialCareJson.GetTypeInfo<IReadOnlyList<MessagePart>>();
    private readonly ITicketStore _store;
    private readonly ICustomerDirectory _customers;
    private readonly IAgentDirectory _agents;
    private readonly ITicketEngine _engine;

    /// <summary>Initializes a new instance of the <see cref="TicketViews"/> class.</summary>
    /// <param name="store">The ticket store.</param>
    /// <param name="customers">The customer directory.</param>
    /// <param name="agents">The agent directory.</param>
    /// <param name="engine">The ticket engine, asked what may be sent.</param>
    public TicketViews(ITicketStore store, ICustomerDirectory customers, IAgentDirectory agents, ITicketEngine engine)
    {
        _store = store;
        _customers = customers;
        _agents = agents;
        _engine = engine;
    }

    /// <summary>Lists tickets, most recently updated first.</summary>
    /// <param name="states">The states to include, or <see langword="null"/> for all.</param>
    /// <param name="channel">The channel to include, or <see langword="null"/> for all.</param>
    /// <param name="priorities">The priorities to include, or <see langword="null"/> for all.</param>
    /// <param name="limit">The most tickets to return.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The tickets.</returns>
    public async Task<IReadOnlyList<TicketSummaryView>> ListAsync(
        IReadOnlyCollection<TicketState>? states,
        ChannelId? channel,
        IReadOnlyCollection<TicketPriority>? priorities,
        int limit,
        CancellationToken cancellationToken)
    {
        var matches = await FindAsync(states, channel, priorities, after: null, limit, cancellationToken).ConfigureAwait(false);
        var views = await SummarizeAsync(matches, cancellationToken).ConfigureAwait(false);
        return [.. views.OrderByDescending(v => v.Updated).ThenByDescending(v => v.Created)];
    }

    /// <summary>
    /// Lists one page of tickets in id order, newest first (ids grow with creation time), for a client that reads them all:
    /// the last ticket's id is the <paramref name="after"/> of the next page, and a page shorter than
    /// <paramref name="limit"/> is the last.
    /// </summary>
    /// <param name="states">The states to include, or <see langword="null"/> for all.</param>
    /// <param name="channel">The channel to include, or <see langword="null"/> for all.</param>
    /// <param name="priorities">The priorities to include, or <see langword="null"/> for all.</param>
    /// <param name="after">The last ticket of the previous page, or <see langword="null"/> for the first page.</param>
    /// <param name="limit">The most tickets to return.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The tickets.</returns>
    public async Task<IReadOnlyList<TicketSummaryView>> ListPageAsync(
        IReadOnlyCollection<TicketState>? states,
        ChannelId? channel,
        IReadOnlyCollection<TicketPriority>? priorities,
        TicketId? after,
        int limit,
        CancellationToken cancellationToken)
    {
        var matches = await FindAsync(states, channel, priorities, after, limit, cancellationToken).ConfigureAwait(false);
        return await SummarizeAsync(matches, cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<Ticket>> FindAsync(
        IReadOnlyCollection<TicketState>? states,
        ChannelId? channel,
        IReadOnlyCollection<TicketPriority>? priorities,
        TicketId? after,
        int limit,
        CancellationToken cancellationToken)
    {
        // The store filters by state and channel; priority is filtered here, page by page, newest tickets first.
        var matches = new List<Ticket>();
        var batch = Math.Max(limit, 200);
        while (matches.Count < limit)
        {
            var page = await _store.QueryTicketsAsync(
                new TicketQuery { States = states, Channel = channel, NewestFirst = true, After = after, Limit = batch },
                cancellationToken).ConfigureAwait(false);
            foreach (var ticket in page)
            {
                if (matches.Count == limit)
                {
                    break;
                }

                if (priorities is null || priorities.Contains(ticket.Priority))
                {
                    matches.Add(ticket);
                }
            }

            if (page.Count < batch)
            {
                break;
            }

            after = page[^1].Id;
        }

        return matches;
    }

    private async Task<List<TicketSummaryView>> SummarizeAsync(List<Ticket> tickets, CancellationToken cancellationToken)
    {
        var views = new List<TicketSummaryView>(tickets.Count);
        foreach (var ticket in tickets)
        {
            var messages = await _store.GetMessagesAsync(ticket.Id, cancellationToken).ConfigureAwait(false);
            views.Add(await SummarizeAsync(ticket, messages, cancellationToken).ConfigureAwait(false));
        }

        return views;
    }

    /// <summary>Reads one ticket with its timeline, history and reply options.</summary>
    /// <param name="id">The ticket.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The ticket, or <see langword="null"/> when there is none with that id.</returns>
    public async Task<TicketDetailView?> GetAsync(TicketId id, CancellationToken cancellationToken)
    {
        var ticket = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            return null;
        }

        var messages = await _store.GetMessagesAsync(id, cancellationToken).ConfigureAwait(false);
        var history = await _store.GetHistoryAsync(id, cancellationToken).ConfigureAwait(false);
        var options = await _engine.GetReplyOptionsAsync(id, cancellationToken).ConfigureAwait(false);
        var summary = await SummarizeAsync(ticket, messages, cancellationToken).ConfigureAwait(false);
        var agents = (await _agents.GetAgentsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(a => a.Id);
        var timeline = messages.Select(m => View(m, summary.Customer, agents)).ToList();
        return new TicketDetailView(
            summary.Id,
            summary.State,
            summary.Priority,
            summary.Channel,
            summary.Customer,
            summary.Assignee,
            summary.Subject,
            summary.Created,
            summary.Updated,
            summary.MessageCount,
            summary.Visibility,
            timeline,
            [.. history.Select(h => new HistoryView(h.At, h.From, h.To, h.Reason, h.Actor, h.Agent?.Value))],
            options is null ? null : View(options),
            TicketTransitions.AllowedFrom(ticket.State).Where(s => s != TicketState.Merged).ToList())
        {
            Satisfaction = ticket.Satisfaction is { } survey ? new SatisfactionView(survey.RequestedAt, survey.Rating, survey.RatedAt, survey.Agent?.Value) : null,
            AutomaticReplies = ticket.Automation?.AutomaticReplies ?? 0,
            HumanRequested = ticket.Automation?.HumanRequestedAt is not null,
        };
    }

    /// <summary>Converts the engine's reply options to the API's view.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The view.</returns>
    public static ReplyOptionsView View(ReplyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ReplyOptionsView(
            options.Mode,
            options.Reason,
            options.Until,
            options.Tag,
            options.CanReplyPublicly,
            options.CanReplyPrivately,
            options.PrivateReplyUntil,
            options.MaxTextLength,
            [.. options.Templates.Select(t => $"{t.Name}/{t.Language}")]);
    }

    /// <summary>Describes a message's content as one line of plain text.</summary>
    /// <param name="parts">The message's parts.</param>
    /// <returns>The text: text parts as they are, other parts in a few words in brackets.</returns>
    public static string Describe(IReadOnlyList<MessagePart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(part switch
            {
                TextPart p => p.Text,
                MediaPart p => p.Caption is { Length: > 0 } caption ? $"[{Lower(p.MediaKind)}] {caption}" : $"[{Lower(p.MediaKind)}]",
                LocationPart p => p.Name ?? string.Create(CultureInfo.InvariantCulture, $"[location {p.Latitude:0.#####}, {p.Longitude:0.#####}]"),
                ContactPart p => $"[contact] {p.FormattedName}",
                ChoicePart p => p.Title,
                ReactionPart p => p.Removed ? "[reaction removed]" : $"[reaction] {p.Emoji}",
                UnsupportedPart p => $"[{p.RawType}]",
                _ => "[?]",
            });
        }

        return text.ToString();
    }

    private async Task<TicketSummaryView> SummarizeAsync(Ticket ticket, IReadOnlyList<Message> messages, CancellationToken cancellationToken)
    {
        var customer = await _customers.GetAsync(ticket.Customer, cancellationToken).ConfigureAwait(false);
        var identity = customer?.Identities.FirstOrDefault(i => i.Channel == ticket.Conversation.Channel) ?? customer?.Identities.FirstOrDefault();
        var first = messages.FirstOrDefault(m => m.Direction == MessageDirection.Inbound && m.Parts.Count > 0);
        var updated = ticket.UpdatedAt == default ? ticket.CreatedAt : ticket.UpdatedAt;
        if (messages.Count > 0 && messages.Max(m => m.ReceivedAt ?? m.SentAt) is var latest && latest > updated)
        {
            updated = latest;
        }

        return new TicketSummaryView(
            ticket.Id.Value,
            ticket.State,
            ticket.Priority,
            ticket.Conversation.Channel.Value,
            new CustomerView(
                ticket.Customer.Value,
                customer?.DisplayName ?? identity?.DisplayName,
                identity?.Handle is { } handle ? $"@{handle}" : identity?.Phone is { } phone ? $"+{phone}" : null),
            ticket.Assignee?.Value,
            first is null ? "(no message yet)" : Describe(first.Parts),
            ticket.CreatedAt,
            updated,
            messages.Count,
            ticket.Conversation.Visibility);
    }

    private static MessageView View(Message message, CustomerView customer, Dictionary<AgentId, Agent> agents)
    {
        var visibility = message.Conversation.Visibility == ConversationVisibility.Internal
            ? ConversationVisibility.Internal
            : message.PrivateReply ? ConversationVisibility.Private : message.Conversation.Visibility;
        var author = message.Author switch
        {
            AuthorKind.Customer => message.Sender?.DisplayName ?? customer.Name,
            AuthorKind.Agent when message.Agent is { } agent => agents.TryGetValue(agent, out var known) ? known.DisplayName : agent.Value,
            AuthorKind.Agent => "Agent",
            AuthorKind.Bot => "Bot",
            _ => "System",
        };
        return new MessageView(
            message.Id.Value,
            message.Direction,
            message.Author,
            visibility,
            Describe(message.Parts),
            JsonSerializer.SerializeToElement(message.Parts, PartsJson),
            message.NetworkId?.Value,
            message.Status,
            message.SentAt,
            author,
            message.Agent?.Value,
            message.Failure,
            message.Automation);
    }

    private static string Lower<T>(T value)
        where T : struct, Enum
        => value.ToString().ToLowerInvariant();
}
