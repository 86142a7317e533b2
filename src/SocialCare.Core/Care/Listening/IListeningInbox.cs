using SocialCare.Abstractions;

namespace SocialCare.Core;

/// <summary>
/// Proactive care: the public posts listening found that opened no ticket (brand mentions, unhappy customers who did
/// not write to the account), newest first, and the way for an agent to start a conversation from one.
/// </summary>
/// <remarks>
/// Registered by <c>AddSocialCare()</c>; it hears posts as an <see cref="IActivitySink"/>. Keeps the latest
/// <see cref="ListeningOptions.RecordedPostsKept"/> posts in memory, per app instance: a host that needs them durable
/// records them from its own activity sink. Thread-safe.
/// </remarks>
public interface IListeningInbox
{
    /// <summary>Lists recorded posts, newest first.</summary>
    /// <param name="limit">How many at most.</param>
    /// <returns>The posts.</returns>
    IReadOnlyList<RecordedPost> List(int limit = 50);

    /// <summary>Reads a recorded post.</summary>
    /// <param name="id">The post's <see cref="RecordedPost.Id"/>.</param>
    /// <returns>The post, or <see langword="null"/> when it is not (or no longer) recorded.</returns>
    RecordedPost? Get(string id);

    /// <summary>
    /// Starts a conversation from a recorded post: opens a public ticket with the post as its first message (once; again
    /// returns the same ticket) and sends the agent's reply on it: in public, or privately where the network allows
    /// a private reply to a public post.
    /// </summary>
    /// <param name="request">The post, the agent and the reply.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The ticket and what became of the reply.</returns>
    Task<EngageResult> EngageAsync(EngageRequest request, CancellationToken cancellationToken = default);
}

/// <summary>A public post listening recorded without opening a ticket.</summary>
/// <param name="Id">The post's id in the listening inbox: its channel and network message id.</param>
/// <param name="Post">The post as the channel reported it.</param>
/// <param name="Customer">The author, as the customer directory resolved them.</param>
/// <param name="Verdict">What the listening rules made of it (rule, sentiment, reason).</param>
/// <param name="RecordedAt">When it was recorded.</param>
public sealed record RecordedPost(string Id, MessageReceived Post, CustomerId Customer, ListeningVerdict Verdict, DateTimeOffset RecordedAt)
{
    /// <summary>Gets the ticket an agent opened from the post, once engaged.</summary>
    public TicketId? Ticket { get; init; }
}

/// <summary>An agent's engagement with a recorded post.</summary>
/// <param name="PostId">The <see cref="RecordedPost.Id"/>.</param>
/// <param name="Agent">The agent.</param>
/// <param name="Parts">The reply; empty to open the ticket without replying yet.</param>
public sealed record EngageRequest(string PostId, AgentId Agent, IReadOnlyList<MessagePart> Parts)
{
    /// <summary>Gets a value indicating whether to answer the author privately (where the network allows a private reply to a public post).</summary>
    public bool Private { get; init; }
}

/// <summary>What <see cref="IListeningInbox.EngageAsync"/> did.</summary>
/// <param name="Ticket">The ticket opened (or found) for the post; <see langword="null"/> when the post is not recorded.</param>
/// <param name="Reply">What became of the reply, or <see langword="null"/> when none was asked for.</param>
/// <param name="Error">Why nothing happened, or <see langword="null"/>.</param>
public sealed record EngageResult(Ticket? Ticket, ReplyResult? Reply, string? Error = null)
{
    /// <summary>Gets a value indicating whether the ticket is open and the reply (if any) accepted.</summary>
    public bool Succeeded => Error is null && Ticket is not null && (Reply is null || Reply.Succeeded);
}
