using System.Text.Json;
using System.Text.Json.Serialization;
using SocialCare.Abstractions;
using SocialCare.Core;

namespace SocialCare.Samples.Inbox.Api;

/// <summary>A customer as the inbox shows them.</summary>
/// <param name="Id">SocialCare's customer id.</param>
/// <param name="Name">The name the network shows, when known.</param>
/// <param name="Handle">The handle (an X @screen name) or phone number, when known.</param>
public sealed record CustomerView(string Id, string? Name, string? Handle);

/// <summary>A ticket in the inbox's list (<c>GET /api/tickets</c>).</summary>
/// <param name="Id">The ticket id.</param>
/// <param name="State">Where the ticket is in its life.</param>
/// <param name="Priority">How urgent it is.</param>
/// <param name="Channel">The channel: <c>facebook</c>, <c>whatsapp</c> or <c>x</c>.</param>
/// <param name="Customer">The customer.</param>
/// <param name="Assignee">The id of the agent working on it, or <see langword="null"/> while it is queued.</param>
/// <param name="Subject">The subject: the first text the customer wrote.</param>
/// <param name="Created">When it was opened.</param>
/// <param name="Updated">When it last changed.</param>
/// <param name="MessageCount">How many messages its timeline holds (notes included).</param>
/// <param name="Visibility">Whether the conversation is a public thread or a private chat.</param>
public sealed record TicketSummaryView(
    string Id,
    TicketState State,
    TicketPriority Priority,
    string Channel,
    CustomerView Customer,
    string? Assignee,
    string Subject,
    DateTimeOffset Created,
    DateTimeOffset Updated,
    int MessageCount,
    ConversationVisibility Visibility);

/// <summary>A message on a ticket's timeline.</summary>
/// <param name="Id">SocialCare's message id.</param>
/// <param name="Direction">Inbound (from the customer) or outbound (from the brand, notes included).</param>
/// <param name="AuthorKind">Who wrote it: customer, agent, bot or system.</param>
/// <param name="Visibility">Public (posted in a public thread), private (a chat or a private reply) or internal (a note).</param>
/// <param name="Text">The message as plain text (media and other parts described in a few words).</param>
/// <param name="Parts">The message's content, part by part, in the SocialCare model's JSON (<c>SocialCareJson</c>).</param>
/// <param name="NetworkId">The network's id of the message, once the network has one.</param>
/// <param name="DeliveryStatus">How far an outbound message has travelled (<c>None</c> for inbound messages and notes).</param>
/// <param name="SentAt">When it was written.</param>
/// <param name="Author">The author's name: the customer's, or the agent's.</param>
/// <param name="AgentId">The agent who wrote it, for replies and notes.</param>
/// <param name="Failure">Why the network could not deliver it, when it failed.</param>
/// <param name="Automation">What automation wrote a bot's message for (an answer, an out-of-hours notice, a survey), or <see langword="null"/>.</param>
public sealed record MessageView(
    string Id,
    MessageDirection Direction,
    AuthorKind AuthorKind,
    ConversationVisibility Visibility,
    string Text,
    JsonElement Parts,
    string? NetworkId,
    DeliveryStatus DeliveryStatus,
    DateTimeOffset SentAt,
    string? Author,
    string? AgentId,
    DeliveryFailure? Failure,
    AutomaticMessageKind? Automation = null);

/// <summary>One change in a ticket's history.</summary>
/// <param name="At">When.</param>
/// <param name="From">The state before.</param>
/// <param name="To">The state after.</param>
/// <param name="Reason">Why, in a few words.</param>
/// <param name="Actor">Who: customer, agent, bot or system.</param>
/// <param name="Agent">The agent, when a person made the change.</param>
public sealed record HistoryView(DateTimeOffset At, TicketState From, TicketState To, string Reason, AuthorKind Actor, string? Agent);

/// <summary>What may be sent on a ticket right now (<see cref="ITicketEngine.GetReplyOptionsAsync"/>).</summary>
/// <param name="Mode">Free text, a tag needed, a template needed, public only, or nothing.</param>
/// <param name="Reason">Why, for the agent.</param>
/// <param name="Until">Until when <paramref name="Mode"/> holds, when it expires.</param>
/// <param name="Tag">The tag sent with the reply, when one is needed.</param>
/// <param name="CanReplyPublicly">Whether a public reply may be posted.</param>
/// <param name="CanReplyPrivately">Whether a public comment's author may be answered privately now.</param>
/// <param name="PrivateReplyUntil">Until when a private reply to the comment may be sent, when limited.</param>
/// <param name="MaxTextLength">The longest text allowed, when limited.</param>
/// <param name="Templates">The templates that may be sent (<c>name/language</c>).</param>
public sealed record ReplyOptionsView(
    ReplyMode Mode,
    string Reason,
    DateTimeOffset? Until,
    string? Tag,
    bool CanReplyPublicly,
    bool CanReplyPrivately,
    DateTimeOffset? PrivateReplyUntil,
    int? MaxTextLength,
    IReadOnlyList<string> Templates);

/// <summary>A ticket with its timeline and history (<c>GET /api/tickets/{id}</c>).</summary>
/// <param name="Id">The ticket id.</param>
/// <param name="State">Where the ticket is in its life.</param>
/// <param name="Priority">How urgent it is.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Customer">The customer.</param>
/// <param name="Assignee">The id of the agent working on it, or <see langword="null"/>.</param>
/// <param name="Subject">The first text the customer wrote.</param>
/// <param name="Created">When it was opened.</param>
/// <param name="Updated">When it last changed.</param>
/// <param name="MessageCount">How many messages its timeline holds.</param>
/// <param name="Visibility">Whether the conversation is a public thread or a private chat.</param>
/// <param name="Messages">The timeline, oldest first.</param>
/// <param name="History">The state changes, oldest first.</param>
/// <param name="ReplyOptions">What may be sent now, or <see langword="null"/> when the channel is not served by this app.</param>
/// <param name="AllowedStates">The states the ticket may move to now.</param>
public sealed record TicketDetailView(
    string Id,
    TicketState State,
    TicketPriority Priority,
    string Channel,
    CustomerView Customer,
    string? Assignee,
    string Subject,
    DateTimeOffset Created,
    DateTimeOffset Updated,
    int MessageCount,
    ConversationVisibility Visibility,
    IReadOnlyList<MessageView> Messages,
    IReadOnlyList<HistoryView> History,
    ReplyOptionsView? ReplyOptions,
    IReadOnlyList<TicketState> AllowedStates)
{
    /// <summary>Gets the satisfaction survey of the ticket, once asked: the question's time, and the rating when given.</summary>
    public SatisfactionView? Satisfaction { get; init; }

    /// <summary>Gets how many answers the bot sent on the ticket (FAQ, out-of-hours notices).</summary>
    public int AutomaticReplies { get; init; }

    /// <summary>Gets a value indicating whether the customer asked for a person (a handover keyword, or a second question).</summary>
    public bool HumanRequested { get; init; }
}

/// <summary>What the page needs to know about the app (<c>GET /api/info</c>).</summary>
/// <param name="Demo">Whether the app runs in demo mode, on emulated networks.</param>
/// <param name="Channels">The channels whose webhooks the app serves.</param>
/// <param name="Accounts">The business accounts per channel: Facebook Page ids, WhatsApp phone number ids, X user ids.</param>
public sealed record InboxInfo(bool Demo, IReadOnlyList<string> Channels, IReadOnlyDictionary<string, IReadOnlyList<string>> Accounts);

/// <summary>An agent who can be given tickets (<c>GET /api/agents</c>).</summary>
/// <param name="Id">The agent id.</param>
/// <param name="Name">The name shown.</param>
/// <param name="Presence">Whether the agent is available.</param>
/// <param name="Languages">The languages the agent answers in.</param>
public sealed record AgentView(string Id, string Name, AgentPresence Presence, IReadOnlyList<string> Languages);

/// <summary>The body of <c>POST /api/tickets/{id}/replies</c>.</summary>
/// <param name="Text">The reply.</param>
/// <param name="Visibility"><c>public</c> or <c>private</c>; by default the conversation's own (public on a public thread).</param>
/// <param name="AgentId">The agent who writes it; by default the ticket's assignee, or the first agent.</param>
public sealed record ReplyBody(string? Text, string? Visibility, string? AgentId);

/// <summary>The body of <c>POST /api/tickets/{id}/notes</c>.</summary>
/// <param name="Text">The note.</param>
/// <param name="AgentId">The agent who writes it; by default the ticket's assignee, or the first agent.</param>
public sealed record NoteBody(string? Text, string? AgentId);

/// <summary>The body of <c>POST /api/tickets/{id}/state</c>.</summary>
/// <param name="State">The state to move to, for example <c>Resolved</c>.</param>
/// <param name="Reason">Why, for the history; optional.</param>
/// <param name="AgentId">The agent who asks; by default the ticket's assignee, or the first agent.</param>
public sealed record StateBody(string? State, string? Reason, string? AgentId);

/// <summary>The body of <c>POST /api/tickets/{id}/priority</c>.</summary>
/// <param name="Priority">The priority: <c>Low</c>, <c>Normal</c>, <c>High</c> or <c>Urgent</c>.</param>
/// <param name="AgentId">The agent who asks; by default the ticket's assignee, or the first agent.</param>
public sealed record PriorityBody(string? Priority, string? AgentId);

/// <summary>The body of <c>POST /api/tickets/{id}/assignee</c>.</summary>
/// <param name="AgentId">The agent to give the ticket to, or <see langword="null"/> to put it back in the queue.</param>
public sealed record AssigneeBody(string? AgentId);

/// <summary>The answer to an accepted reply or note: 202 for a reply (sent in the background), 201 for a note.</summary>
/// <param name="MessageId">The stored message's id, to follow on the timeline.</param>
public sealed record MessageAccepted(string MessageId);

/// <summary>An error answer: what went wrong, for people, and a code for programs.</summary>
/// <param name="Error">What went wrong.</param>
/// <param name="Code">A stable code: the engine's refusal (for example <c>TemplateRequired</c>) or <c>BadRequest</c>, <c>NotFound</c>.</param>
/// <param name="ReplyOptions">What may be sent now, when a reply was refused.</param>
public sealed record ApiError(string Error, string Code, ReplyOptionsView? ReplyOptions = null);

/// <summary>One request an emulated network received (<c>GET /emulator/requests</c>, demo mode only).</summary>
/// <param name="Network">The network: <c>graph</c> (Facebook and WhatsApp) or <c>x</c>.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path.</param>
/// <param name="Query">The query string.</param>
/// <param name="Body">The request body.</param>
/// <param name="StatusCode">The status the emulator answered with.</param>
/// <param name="ReceivedAt">When it arrived.</param>
public sealed record EmulatorRequestView(string Network, string Method, string Path, string Query, string Body, int StatusCode, DateTimeOffset ReceivedAt);

/// <summary>A live update pushed to the page over Server-Sent Events (<c>GET /api/events</c>).</summary>
/// <param name="Type">The ticket event's type, for example <c>ticket.created</c> or <c>message.updated</c>.</param>
/// <param name="TicketId">The ticket.</param>
/// <param name="At">When it happened.</param>
/// <param name="MessageId">The message concerned, for message events.</param>
/// <param name="DeliveryStatus">The message's delivery status, for message events.</param>
public sealed record LiveEvent(string Type, string TicketId, DateTimeOffset At, string? MessageId, DeliveryStatus? DeliveryStatus);

/// <summary>The engine's report over a period (<c>GET /api/metrics</c>): <see cref="TicketReports.GetReportAsync"/>, keyed by channel and agent id.</summary>
/// <param name="From">The start of the period (tickets created from then).</param>
/// <param name="To">The end of the period (exclusive).</param>
/// <param name="Calendar">The business calendar of the business-time figures.</param>
/// <param name="Overall">All tickets of the period.</param>
/// <param name="ByChannel">Per channel.</param>
/// <param name="ByAgent">Per agent who answered.</param>
public sealed record MetricsView(
    DateTimeOffset From,
    DateTimeOffset To,
    string Calendar,
    TicketMetricsSummary Overall,
    IReadOnlyDictionary<string, TicketMetricsSummary> ByChannel,
    IReadOnlyDictionary<string, TicketMetricsSummary> ByAgent)
{
    /// <summary>Converts the engine's report.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The view.</returns>
    public static MetricsView Of(TicketMetricsReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new MetricsView(
            report.From,
            report.To,
            report.Calendar,
            report.Overall,
            report.ByChannel.ToDictionary(p => p.Key.Value, p => p.Value, StringComparer.Ordinal),
            report.ByAgent.ToDictionary(p => p.Key.Value, p => p.Value, StringComparer.Ordinal));
    }
}

/// <summary>The source-generated JSON metadata of the inbox's HTTP API: camelCase names, enums as strings.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, WriteIndented = false)]
[JsonSerializable(typeof(TicketSummaryView))]
[JsonSerializable(typeof(IReadOnlyList<TicketSummaryView>))]
[JsonSerializable(typeof(TicketDetailView))]
[JsonSerializable(typeof(IReadOnlyList<AgentView>))]
[JsonSerializable(typeof(InboxInfo))]
[JsonSerializable(typeof(ReplyBody))]
[JsonSerializable(typeof(NoteBody))]
[JsonSerializable(typeof(StateBody))]
[JsonSerializable(typeof(PriorityBody))]
[JsonSerializable(typeof(AssigneeBody))]
[JsonSerializable(typeof(MessageAccepted))]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(IReadOnlyList<EmulatorRequestView>))]
[JsonSerializable(typeof(LiveEvent))]
[JsonSerializable(typeof(MetricsView))]
[JsonSerializable(typeof(IReadOnlyList<AnswerView>))]
[JsonSerializable(typeof(IReadOnlyList<SuggestionView>))]
[JsonSerializable(typeof(AnswerBody))]
[JsonSerializable(typeof(RenderedAnswerView))]
[JsonSerializable(typeof(IReadOnlyList<RecordedPostView>))]
[JsonSerializable(typeof(IReadOnlyList<DeadLetterView>))]
[JsonSerializable(typeof(ReplayedView))]
[JsonSerializable(typeof(EngageBody))]
[JsonSerializable(typeof(EngagedView))]
[JsonSerializable(typeof(CustomerDetailView))]
[JsonSerializable(typeof(IdentityBody))]
[JsonSerializable(typeof(MergeBody))]
[JsonSerializable(typeof(ReasonBody))]
[JsonSerializable(typeof(ErasedView))]
public sealed partial class InboxJsonContext : JsonSerializerContext;
