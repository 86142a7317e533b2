namespace SocialCare.Abstractions;

/// <summary>
/// The body of an event webhook: <c>{"type":"ticket.created","version":1,"timestamp":"…","data":{…}}</c>, where
/// <c>data</c> is the <see cref="TicketEvent"/> in <see cref="SocialCareJson"/> form (with its own <c>type</c>).
/// </summary>
/// <param name="Type">The event's type, the same as <c>data.type</c> (for example <c>message.appended</c>).</param>
/// <param name="Version">The version of the payload's schema: <see cref="CurrentVersion"/>. Fields may be added within a version; a change that breaks readers gets a new one.</param>
/// <param name="Timestamp">When the event happened.</param>
/// <param name="Data">The event.</param>
/// <remarks>Read one with <c>SocialCareJson.Deserialize&lt;EventWebhookPayload&gt;(body)</c>, after the signature is verified.</remarks>
public sealed record EventWebhookPayload(string Type, int Version, DateTimeOffset Timestamp, TicketEvent Data)
{
    /// <summary>The payload version this package writes.</summary>
    public const int CurrentVersion = 1;
}
