namespace SocialCare.Abstractions;

/// <summary>Maps the channel identities people write from to the host's customers (its CRM contacts).</summary>
/// <remarks>
/// Implemented by the host to connect its CRM; SocialCare ships an in-memory directory that creates one customer per
/// identity. Register one with <c>builder.AddCustomerDirectory&lt;TDirectory&gt;()</c>. Called by the pipeline for every
/// inbound event, so cache what is expensive. Must be thread-safe.
/// </remarks>
public interface ICustomerDirectory
{
    /// <summary>Finds the customer an identity belongs to, creating one when the identity is new.</summary>
    /// <param name="participant">The identity, with the display name, handle and phone the network last gave.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The customer, whose <see cref="Customer.Identities"/> include <paramref name="participant"/>.</returns>
    ValueTask<Customer> ResolveAsync(Participant participant, CancellationToken cancellationToken);

    /// <summary>Finds the customer an identity belongs to, without creating one (linking asks it whose identity it takes).</summary>
    /// <param name="identity">The identity (matched by channel, account and user key).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The customer whose <see cref="Customer.Identities"/> include it, or <see langword="null"/> when nobody's do.</returns>
    ValueTask<Customer?> FindAsync(Participant identity, CancellationToken cancellationToken);

    /// <summary>Reads a customer.</summary>
    /// <param name="id">The customer's id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The customer, or <see langword="null"/> when there is none with that id.</returns>
    ValueTask<Customer?> GetAsync(CustomerId id, CancellationToken cancellationToken);

    /// <summary>
    /// Records that an identity belongs to a customer, so that messages from it resolve to that customer: the network
    /// reported a change (a WhatsApp customer's new phone number), or a person linked two identities.
    /// </summary>
    /// <param name="id">The customer.</param>
    /// <param name="identity">The identity to add; when it belonged to another customer it moves to this one.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The customer with the identity added.</returns>
    /// <exception cref="KeyNotFoundException">There is no customer with that id.</exception>
    ValueTask<Customer> LinkAsync(CustomerId id, Participant identity, CancellationToken cancellationToken);

    /// <summary>
    /// Removes an identity from a customer: messages from it no longer resolve to them (the next one resolves to a new
    /// customer, or to whoever the identity is linked to next). A customer left without identities stays.
    /// </summary>
    /// <param name="id">The customer.</param>
    /// <param name="identity">The identity (matched by channel, account and user key).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The customer without the identity; unchanged when it was not theirs.</returns>
    /// <exception cref="KeyNotFoundException">There is no customer with that id.</exception>
    ValueTask<Customer> UnlinkAsync(CustomerId id, Participant identity, CancellationToken cancellationToken);

    /// <summary>
    /// Saves a customer's details: name, VIP flag, external id, language, <see cref="Customer.MergedInto"/>,
    /// <see cref="Customer.LinkHistory"/> and <see cref="Customer.ErasedAt"/>. Identities change only through
    /// <see cref="LinkAsync"/> and <see cref="UnlinkAsync"/>; the ones given here are ignored.
    /// </summary>
    /// <param name="customer">The customer as it should be stored.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The customer as stored, with their current identities.</returns>
    /// <exception cref="KeyNotFoundException">There is no customer with that id.</exception>
    ValueTask<Customer> UpdateAsync(Customer customer, CancellationToken cancellationToken);
}

/// <summary>A change to a customer's identities that the host's customer directory (its CRM) may decide on.</summary>
/// <param name="Kind">What is proposed.</param>
/// <param name="Customer">The customer changed (for a merge: the one merged away).</param>
/// <param name="Actor">Who asks (an agent id, <c>system</c>).</param>
/// <param name="Reason">Why, in a few words for people.</param>
public sealed record CustomerLinkProposal(IdentityLinkAction Kind, CustomerId Customer, string Actor, string Reason)
{
    /// <summary>Gets the identity linked or unlinked.</summary>
    public Participant? Identity { get; init; }

    /// <summary>Gets the other customer: the target of a merge, or the customer an identity is taken from.</summary>
    public CustomerId? OtherCustomer { get; init; }
}

/// <summary>The host's answer to a <see cref="CustomerLinkProposal"/>.</summary>
/// <param name="Approved">Whether the change may be made.</param>
/// <param name="Reason">Why not, for people, when refused.</param>
public sealed record CustomerLinkDecision(bool Approved, string? Reason = null)
{
    /// <summary>Gets an approval.</summary>
    public static CustomerLinkDecision Approve { get; } = new(true);

    /// <summary>Creates a refusal.</summary>
    /// <param name="reason">Why, for people.</param>
    /// <returns>The decision.</returns>
    public static CustomerLinkDecision Refuse(string reason) => new(false, reason);
}

/// <summary>
/// Lets the host's customer directory (its CRM) decide or confirm links, unlinks and merges of customers before
/// SocialCare makes them. The default approves every proposal; register another with
/// <c>builder.AddCustomerLinkPolicy&lt;TPolicy&gt;()</c>. Must be thread-safe.
/// </summary>
public interface ICustomerLinkPolicy
{
    /// <summary>Decides on a proposed change.</summary>
    /// <param name="proposal">The change.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>Whether it may be made.</returns>
    ValueTask<CustomerLinkDecision> DecideAsync(CustomerLinkProposal proposal, CancellationToken cancellationToken);
}

/// <summary>The host's agents: who they are, whether they are available, and what they can handle.</summary>
/// <remarks>
/// Implemented by the host (its call-centre or CRM users); SocialCare ships an in-memory directory. Register one with
/// <c>builder.AddAgentDirectory&lt;TDirectory&gt;()</c>. Used by ticket assignment. Must be thread-safe.
/// </remarks>
public interface IAgentDirectory
{
    /// <summary>Reads an agent.</summary>
    /// <param name="id">The agent's id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The agent, or <see langword="null"/> when there is none with that id.</returns>
    ValueTask<Agent?> GetAsync(AgentId id, CancellationToken cancellationToken);

    /// <summary>Lists every agent, whatever their presence.</summary>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The agents.</returns>
    ValueTask<IReadOnlyList<Agent>> GetAgentsAsync(CancellationToken cancellationToken);
}

/// <summary>Receives ticket events after they are stored: the hook for CRMs, call-centre software, dashboards.</summary>
/// <remarks>
/// Implemented by the host; any number may be registered with <c>builder.AddTicketEventSink&lt;TSink&gt;()</c>. Called in
/// order for each ticket, after the store commit. A sink that throws is logged and does not undo the commit or stop
/// the other sinks; a sink that must not miss events should queue durably and return quickly.
/// </remarks>
public interface ITicketEventSink
{
    /// <summary>Handles one ticket event.</summary>
    /// <param name="ticketEvent">The event.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    Task PublishAsync(TicketEvent ticketEvent, CancellationToken cancellationToken);
}

/// <summary>What an auto-responder is asked about: a customer's message that has just been stored.</summary>
/// <param name="Ticket">The ticket the message joined.</param>
/// <param name="Message">The customer's message.</param>
/// <param name="Customer">The customer.</param>
public sealed record AutoResponderContext(Ticket Ticket, Message Message, Customer Customer);

/// <summary>An automatic answer: content to send, and whether a person should still look at the ticket.</summary>
/// <param name="Parts">The content to send.</param>
public sealed record AutoResponse(IReadOnlyList<MessagePart> Parts)
{
    /// <summary>Gets a value indicating whether the answer solves the request, so the ticket may be resolved.</summary>
    public bool Resolves { get; init; }

    /// <summary>Gets why the responder answered (a matched FAQ entry, say), for the ticket's history.</summary>
    public string? Reason { get; init; }
}

/// <summary>Answers common questions automatically (FAQ, order tracking, opening hours) before or beside an agent.</summary>
/// <remarks>
/// Implemented by the host; register one with <c>builder.AddAutoResponder&lt;TResponder&gt;()</c>. The ticket engine asks
/// it about each new customer message. Must be thread-safe.
/// </remarks>
public interface IAutoResponder
{
    /// <summary>Decides whether to answer a customer's message automatically.</summary>
    /// <param name="context">The message, its ticket and the customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The answer to send, or <see langword="null"/> to leave the message to an agent.</returns>
    ValueTask<AutoResponse?> RespondAsync(AutoResponderContext context, CancellationToken cancellationToken);
}

/// <summary>An <see cref="ActivityObserved"/> event, or a listened-to post that opened no ticket, as told to the host.</summary>
/// <param name="Event">The event: an <see cref="ActivityObserved"/>, or a <see cref="MessageReceived"/> of origin <see cref="MessageOrigin.Listening"/>.</param>
/// <param name="Customer">The customer the event concerns, as the customer directory resolved them.</param>
/// <remarks>These events add nothing to tickets: this notice is how they are recorded.</remarks>
public sealed record ActivityNotice(InboundEvent Event, Customer Customer)
{
    /// <summary>Gets the customer's active ticket on the event's conversation, when there is one (a typing customer's open ticket).</summary>
    public TicketId? Ticket { get; init; }
}

/// <summary>
/// Hears the events that never become ticket messages: likes, follows, blocks, mutes, revoked authorisations, typing
/// signals, and listened-to public posts that the <see cref="IListeningTriage"/> did not turn into tickets. Registered
/// with <c>AddActivitySink&lt;T&gt;()</c>; every registered sink is called once per event.
/// </summary>
/// <remarks>Called after the event is recorded as handled: implementations return quickly; an exception is logged, not retried.</remarks>
public interface IActivitySink
{
    /// <summary>Called once for each such event.</summary>
    /// <param name="notice">The event, its customer and the customer's active ticket.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the notice is handled.</returns>
    Task OnActivityAsync(ActivityNotice notice, CancellationToken cancellationToken);
}

/// <summary>
/// Decides whether a public post found by listening (a <see cref="MessageReceived"/> of origin
/// <see cref="MessageOrigin.Listening"/>, which does not address the account) opens a ticket. Posts in a thread where the
/// customer already has an active ticket join it without asking. Replace the default (questions and complaint words, see
/// <c>SocialCareOptions.Listening</c>) with <c>AddListeningTriage&lt;T&gt;()</c>.
/// </summary>
public interface IListeningTriage
{
    /// <summary>Tells whether a listened-to post opens a ticket.</summary>
    /// <param name="message">The post.</param>
    /// <param name="customer">Its author, as the customer directory resolved them.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns><see langword="true"/> to open a ticket; <see langword="false"/> to only tell the <see cref="IActivitySink"/>s.</returns>
    ValueTask<bool> ShouldOpenTicketAsync(MessageReceived message, Customer customer, CancellationToken cancellationToken);
}

/// <summary>What became of events given to <see cref="IInboundEventPublisher.PublishAsync"/>.</summary>
/// <param name="Applied">How many changed tickets or were handled.</param>
/// <param name="Skipped">How many were duplicates or deliberately ignored.</param>
/// <param name="Failed">How many could not be stored; publish them again later.</param>
public sealed record InboundPublishResult(int Applied, int Skipped, int Failed);

/// <summary>
/// Takes inbound events that did not arrive as webhooks (posts found by polling a search API, say) through the same
/// ingestion as webhook events: de-duplication, customer resolution, ordering per conversation, the ticket engine.
/// Implemented by SocialCare's pipeline; channel packages that poll depend on it.
/// </summary>
public interface IInboundEventPublisher
{
    /// <summary>Ingests events, in order within each conversation.</summary>
    /// <param name="events">The events.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>How many were applied, skipped and failed.</returns>
    Task<InboundPublishResult> PublishAsync(IReadOnlyList<InboundEnvelope> events, CancellationToken cancellationToken);
}
