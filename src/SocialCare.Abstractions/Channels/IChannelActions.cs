namespace SocialCare.Abstractions;

/// <summary>A signal sent into a private conversation that is not a message.</summary>
public enum ConversationAction
{
    /// <summary>Show the customer that someone is typing.</summary>
    TypingOn = 0,

    /// <summary>Stop showing that someone is typing.</summary>
    TypingOff = 1,

    /// <summary>Mark the customer's messages as seen.</summary>
    MarkSeen = 2,
}

/// <summary>An action on a public comment or post, for moderators.</summary>
public enum ModerationAction
{
    /// <summary>Hide the comment from everyone but its author and the author's friends.</summary>
    Hide = 0,

    /// <summary>Show a hidden comment again.</summary>
    Unhide = 1,

    /// <summary>Delete the comment.</summary>
    Delete = 2,
}

/// <summary>The outcome of a <see cref="IChannelActions"/> call: done, or a channel error.</summary>
public sealed record ChannelActionResult
{
    private ChannelActionResult(ChannelError? error) => Error = error;

    /// <summary>Gets a result that says the network accepted the action.</summary>
    public static ChannelActionResult Done { get; } = new((ChannelError?)null);

    /// <summary>Gets the error, or <see langword="null"/> when the network accepted the action.</summary>
    public ChannelError? Error { get; }

    /// <summary>Gets a value indicating whether the network accepted the action.</summary>
    public bool Succeeded => Error is null;

    /// <summary>Creates a failed result.</summary>
    /// <param name="error">Why the action failed.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is <see langword="null"/>.</exception>
    public static ChannelActionResult Failed(ChannelError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(error);
    }
}

/// <summary>
/// Optional actions a channel adapter may offer beside sending messages: typing and seen signals, and moderation of
/// public comments. An adapter implements this interface in addition to <see cref="IChannelAdapter"/> and declares the
/// actions in its <see cref="ChannelCapabilities"/> (<see cref="ChannelFeatures.TypingIndicators"/>,
/// <see cref="ChannelFeatures.ReadReceipts"/>, <see cref="ChannelFeatures.Moderation"/>).
/// </summary>
/// <remarks>Implementations are thread-safe: one instance serves every account of the channel.</remarks>
public interface IChannelActions
{
    /// <summary>Sends a typing or seen signal to the customer of a private conversation.</summary>
    /// <param name="conversation">The private conversation.</param>
    /// <param name="action">The signal.</param>
    /// <param name="lastMessage">
    /// The network id of the customer's latest message, which the signal is about. Networks that mark messages read one
    /// by one (WhatsApp marks that message and every earlier one, and shows typing in answer to it) need it; Messenger
    /// ignores it.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the network accepted it.</returns>
    /// <exception cref="NotSupportedException">The channel has no such signal.</exception>
    Task<ChannelActionResult> SendActionAsync(ConversationRef conversation, ConversationAction action, NetworkMessageId? lastMessage, CancellationToken cancellationToken);

    /// <summary>Hides, shows again or deletes a public comment.</summary>
    /// <param name="conversation">The public conversation the comment belongs to.</param>
    /// <param name="target">The network's id of the comment.</param>
    /// <param name="action">What to do with it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the network accepted it.</returns>
    /// <exception cref="NotSupportedException">The channel has no moderation.</exception>
    Task<ChannelActionResult> ModerateAsync(ConversationRef conversation, NetworkMessageId target, ModerationAction action, CancellationToken cancellationToken);
}
