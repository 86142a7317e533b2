using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>
/// The ticket lifecycle engine as the host's agents use it: change states, assign, set priorities, merge, reply, write
/// notes, and ask what may be sent. Inbound messages reach it through the webhook pipeline.
/// </summary>
/// <remarks>
/// Registered by <c>AddSocialCare()</c> as a singleton; thread-safe. Every change is saved with optimistic concurrency
/// (retried when another writer got there first), appended to the ticket's history, and published to the
/// <see cref="ITicketEventSink"/>s after the save, in order per ticket. Expected refusals (an illegal transition, a
/// reply outside the window) come back as results, not exceptions.
/// </remarks>
public interface ITicketEngine
{
    /// <summary>Moves a ticket to another state.</summary>
    /// <param name="ticketId">The ticket.</param>
    /// <param name="state">The state to move to (not <see cref="TicketState.Merged"/>: use <see cref="MergeAsync"/>).</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="reason">Why, for the history; optional.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The saved ticket, or why the move was refused.</returns>
    Task<TicketCommandResult> ChangeStateAsync(TicketId ticketId, TicketState state, TicketActor actor, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>Gives a ticket to an agent, or back to the queue.</summary>
    /// <param name="ticketId">The ticket.</param>
    /// <param name="agent">The agent, or <see langword="null"/> to put the ticket back in the queue.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The saved ticket, or why not (an unknown agent, an inactive ticket).</returns>
    Task<TicketCommandResult> AssignAsync(TicketId ticketId, AgentId? agent, TicketActor actor, CancellationToken cancellationToken = default);

    /// <summary>Sets a ticket's priority (people may also lower it; rules only raise).</summary>
    /// <param name="ticketId">The ticket.</param>
    /// <param name="priority">The priority.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The saved ticket, or why not.</returns>
    Task<TicketCommandResult> SetPriorityAsync(TicketId ticketId, TicketPriority priority, TicketActor actor, CancellationToken cancellationToken = default);

    /// <summary>Merges one ticket into another: the source becomes Merged, its messages move to the target, and later messages on the source's conversation go to the target.</summary>
    /// <param name="sourceId">The ticket to merge away.</param>
    /// <param name="targetId">The ticket that remains.</param>
    /// <param name="actor">Who asks.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The saved target ticket, or why not (the same ticket, an inactive source or target).</returns>
    Task<TicketCommandResult> MergeAsync(TicketId sourceId, TicketId targetId, TicketActor actor, CancellationToken cancellationToken = default);

    /// <summary>Sends an agent's reply: checked against the ticket's state and the channel's rules, stored with an outbox entry, then sent by the dispatcher.</summary>
    /// <param name="request">The reply.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The stored message (status Pending until the dispatcher sends it), or why it was refused.</returns>
    Task<ReplyResult> ReplyAsync(ReplyRequest request, CancellationToken cancellationToken = default);

    /// <summary>Adds an internal note: visible to agents, never sent to the customer.</summary>
    /// <param name="ticketId">The ticket.</param>
    /// <param name="agent">The agent who writes it.</param>
    /// <param name="text">The note.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The stored note, or why not.</returns>
    Task<ReplyResult> AddNoteAsync(TicketId ticketId, AgentId agent, string text, CancellationToken cancellationToken = default);

    /// <summary>Tells what may be sent on a ticket right now and until when, so that an agent never writes a reply that would silently fail.</summary>
    /// <param name="ticketId">The ticket.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The options, or <see langword="null"/> when there is no such ticket or its channel has no adapter.</returns>
    Task<ReplyOptions?> GetReplyOptionsAsync(TicketId ticketId, CancellationToken cancellationToken = default);

    /// <summary>Tells the engine that an agent's presence or capacity changed: queued tickets go to agents who can take them, and an offline agent's tickets are reassigned when configured.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>How many tickets were assigned or reassigned.</returns>
    Task<int> AgentChangedAsync(AgentId agent, CancellationToken cancellationToken = default);

    /// <summary>Assigns queued (unassigned, active) tickets while eligible agents have capacity, highest priority and oldest first.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>How many tickets were assigned.</returns>
    Task<int> DrainQueueAsync(CancellationToken cancellationToken = default);
}

/// <summary>An agent's reply to send on a ticket.</summary>
/// <param name="TicketId">The ticket.</param>
/// <param name="Agent">The agent who wrote it.</param>
/// <param name="Parts">The content; may be empty when <see cref="Template"/> is set.</param>
public sealed record ReplyRequest(TicketId TicketId, AgentId Agent, IReadOnlyList<MessagePart> Parts)
{
    /// <summary>Gets a pre-approved template to send instead of free content.</summary>
    public MessageTemplate? Template { get; init; }

    /// <summary>Gets a value indicating whether to answer a public comment's author privately.</summary>
    public bool Private { get; init; }

    /// <summary>Gets the message answered; by default the customer's latest message on a public thread.</summary>
    public MessageId? ReplyTo { get; init; }

    /// <summary>Gets the state to move the ticket to with the reply (for example <see cref="TicketState.Pending"/> or <see cref="TicketState.Resolved"/>).</summary>
    public TicketState? ThenState { get; init; }
}

/// <summary>Why a ticket command failed.</summary>
public enum TicketCommandError
{
    /// <summary>No ticket has that id.</summary>
    NotFound = 0,

    /// <summary>The state machine refused the transition; see <see cref="TicketCommandResult.Transition"/>.</summary>
    TransitionRejected = 1,

    /// <summary>The agent is not in the agent directory.</summary>
    UnknownAgent = 2,

    /// <summary>The ticket is closed or merged.</summary>
    TicketInactive = 3,

    /// <summary>A ticket cannot be merged into itself.</summary>
    SameTicket = 4,
}

/// <summary>The outcome of a ticket command: the saved ticket, or why it was refused.</summary>
public sealed record TicketCommandResult
{
    private TicketCommandResult()
    {
    }

    /// <summary>Gets a value indicating whether the command was applied (or changed nothing because the ticket already was as asked).</summary>
    public bool Succeeded => Error is null;

    /// <summary>Gets the ticket as saved, on success.</summary>
    public Ticket? Ticket { get; private init; }

    /// <summary>Gets why the command failed, when it did.</summary>
    public TicketCommandError? Error { get; private init; }

    /// <summary>Gets the state machine's refusal, for <see cref="TicketCommandError.TransitionRejected"/>.</summary>
    public TransitionRejection? Transition { get; private init; }

    /// <summary>Gets a message for people that says why, when the command failed.</summary>
    public string? Message { get; private init; }

    /// <summary>Creates a successful result.</summary>
    /// <param name="ticket">The saved ticket.</param>
    /// <returns>The result.</returns>
    public static TicketCommandResult Success(Ticket ticket) => new() { Ticket = ticket };

    /// <summary>Creates a failed result.</summary>
    /// <param name="error">Why.</param>
    /// <param name="message">A message for people.</param>
    /// <param name="transition">The state machine's refusal, when that was the cause.</param>
    /// <returns>The result.</returns>
    public static TicketCommandResult Failure(TicketCommandError error, string message, TransitionRejection? transition = null)
        => new() { Error = error, Message = message, Transition = transition };
}

/// <summary>The outcome of a reply or note: the stored message, or why it was refused.</summary>
public sealed record ReplyResult
{
    private ReplyResult()
    {
    }

    /// <summary>Gets a value indicating whether the message was stored (and, for a reply, queued for sending).</summary>
    public bool Succeeded => Rejection is null;

    /// <summary>Gets the stored message, on success.</summary>
    public Message? Message { get; private init; }

    /// <summary>Gets why it was refused, when it was.</summary>
    public ReplyRejection? Rejection { get; private init; }

    /// <summary>Gets a message for people that says why, when it was refused.</summary>
    public string? Error { get; private init; }

    /// <summary>Gets what may be sent on the ticket now, when the channel rules were consulted.</summary>
    public ReplyOptions? Options { get; private init; }

    /// <summary>Creates a successful result.</summary>
    /// <param name="message">The stored message.</param>
    /// <param name="options">The reply options that applied.</param>
    /// <returns>The result.</returns>
    public static ReplyResult Success(Message message, ReplyOptions? options = null) => new() { Message = message, Options = options };

    /// <summary>Creates a refused result.</summary>
    /// <param name="rejection">Why.</param>
    /// <param name="error">A message for people.</param>
    /// <param name="options">The reply options that applied, when known.</param>
    /// <returns>The result.</returns>
    public static ReplyResult Refused(ReplyRejection rejection, string error, ReplyOptions? options = null) => new() { Rejection = rejection, Error = error, Options = options };
}
