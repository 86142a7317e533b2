namespace SocialCare.Abstractions;

/// <summary>A person's identity on one channel account: who wrote, as the network knows them.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Account">The brand's account the person talks to (identities on networks are often scoped per Page or app).</param>
/// <param name="UserKey">
/// The stable key of the person on that account: a Page-scoped id, a WhatsApp business-scoped user id (or the phone
/// number when none is given), an X user id.
/// </param>
/// <remarks>
/// Display name, handle and phone are whatever the network last told us; they can change without the key changing.
/// They are personal data: never log them above <c>Trace</c>.
/// </remarks>
public sealed record Participant(ChannelId Channel, ChannelAccountId Account, NetworkUserId UserKey)
{
    /// <summary>Gets the name the network shows for the person, when known.</summary>
    public string? DisplayName { get; init; }

    /// <summary>Gets the person's handle (an X <c>@screen_name</c>, a WhatsApp username), when known.</summary>
    public string? Handle { get; init; }

    /// <summary>Gets the person's phone number in E.164 form without the <c>+</c>, when known (WhatsApp).</summary>
    public string? Phone { get; init; }
}
