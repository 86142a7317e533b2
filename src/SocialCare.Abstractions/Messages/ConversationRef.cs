namespace SocialCare.Abstractions;

/// <summary>Who can see a conversation.</summary>
public enum ConversationVisibility
{
    /// <summary>A private conversation between the customer and the brand: a DM, a Messenger or WhatsApp chat.</summary>
    Private = 0,

    /// <summary>A public thread that everyone can read: a post's comments, the replies to a post on X.</summary>
    Public = 1,

    /// <summary>Notes between agents that never leave the system.</summary>
    Internal = 2,
}

/// <summary>Points to a conversation: a thread on one channel account.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Account">The brand's account on the channel.</param>
/// <param name="Thread">
/// The thread: for a private conversation the customer's user key; for a public one the root post (a Page post, the
/// first post of an X conversation), so that every comment and reply under it shares the thread.
/// </param>
/// <param name="Visibility">Who can see the conversation.</param>
/// <remarks>Events of one conversation are applied in the order they arrive; different conversations proceed in parallel.</remarks>
public readonly record struct ConversationRef(
    ChannelId Channel,
    ChannelAccountId Account,
    ThreadId Thread,
    ConversationVisibility Visibility)
{
    /// <summary>Creates a reference to a private conversation with one person.</summary>
    /// <param name="participant">The person.</param>
    /// <returns>A private conversation keyed by the person's user key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="participant"/> is <see langword="null"/>.</exception>
    public static ConversationRef PrivateWith(Participant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        return new(participant.Channel, participant.Account, new ThreadId(participant.UserKey.Value), ConversationVisibility.Private);
    }

    /// <summary>Returns the reference as <c>channel/account/thread (visibility)</c>.</summary>
    /// <returns>The reference's text form.</returns>
    public override string ToString() => $"{Channel}/{Account}/{Thread} ({Visibility})";
}
