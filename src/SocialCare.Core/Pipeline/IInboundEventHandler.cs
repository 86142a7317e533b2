using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>
/// Applies one verified, not-yet-processed inbound event to the tickets: the hand-off from the pipeline to the ticket
/// engine.
/// </summary>
/// <remarks>
/// Implemented by SocialCare's ticket engine; replaceable with <c>builder.AddInboundEventHandler&lt;T&gt;()</c>. The
/// pipeline calls it one event at a time per conversation, in order. It must commit the event's changes together with
/// <see cref="InboundEvent.Key"/> (through <see cref="ITicketStore.CommitAsync"/>), so that a redelivery changes nothing,
/// and publish ticket events only after the commit.
/// </remarks>
public interface IInboundEventHandler
{
    /// <summary>Applies one event.</summary>
    /// <param name="context">The event, its raw JSON and the resolved customer.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>What was done.</returns>
    Task<InboundOutcome> HandleAsync(InboundContext context, CancellationToken cancellationToken);
}

/// <summary>An inbound event on its way to the ticket engine.</summary>
/// <param name="Envelope">The event with its raw JSON.</param>
/// <param name="Customer">The customer the event's participant belongs to.</param>
public sealed record InboundContext(InboundEnvelope Envelope, Customer Customer)
{
    /// <summary>Gets the event.</summary>
    public InboundEvent Event => Envelope.Event;
}

/// <summary>What the ticket engine did with an inbound event.</summary>
public enum InboundOutcome
{
    /// <summary>The event changed tickets or messages.</summary>
    Applied = 0,

    /// <summary>The event had already been processed; nothing changed.</summary>
    Duplicate = 1,

    /// <summary>The event was recorded as processed but needed no change (a status for a message we do not know, say).</summary>
    Ignored = 2,
}
