using SocialCare.Abstractions;
using SocialCare.Testing;

namespace SocialCare.Samples.Inbox.Demo;

/// <summary>
/// Public posts as X's recent search finds them for the brand rule: they go through the same ingestion as webhooks
/// (<see cref="IInboundEventPublisher"/>), so the listening rules and triage decide on each.
/// </summary>
public static class DemoListening
{
    /// <summary>Gets the demo's posts: the author's id, handle and name, and the text.</summary>
    public static IReadOnlyList<(string Id, string Handle, string Name, string Text)> Posts { get; } =
    [
        ("1790000000000000201", "elena_cooks", "Elena", "Just got my Acme kettle, boils in two minutes flat. Lovely design 😍"),
        ("1790000000000000202", "marco_b", "Marco B.", "Acme bollitore arrivato oggi, veramente una delusione: perde acqua dal fondo 😡"),
        ("1790000000000000203", "jules_w", "Jules", "Trying out the new Acme toaster this weekend"),
    ];

    /// <summary>Creates a post found by listening on X.</summary>
    /// <param name="postId">The post's id on X.</param>
    /// <param name="authorId">The author's user id.</param>
    /// <param name="handle">The author's handle.</param>
    /// <param name="name">The author's name.</param>
    /// <param name="text">What the post says.</param>
    /// <param name="at">When it was posted.</param>
    /// <returns>The event.</returns>
    public static MessageReceived Post(string postId, string authorId, string handle, string name, string text, DateTimeOffset at)
    {
        var account = new ChannelAccountId(DemoAccounts.XBrandUserId);
        var author = new Participant(ChannelId.X, account, new NetworkUserId(authorId)) { DisplayName = name, Handle = handle };
        return new MessageReceived(
            new IdempotencyKey(ChannelId.X, account, $"search:{postId}"),
            new ConversationRef(ChannelId.X, account, new ThreadId(postId), ConversationVisibility.Public),
            author,
            at,
            new NetworkMessageId(postId),
            [new TextPart(text)])
        {
            Origin = MessageOrigin.Listening,
            MatchedRule = "brand",
        };
    }

    /// <summary>Publishes the demo's posts.</summary>
    /// <param name="publisher">The ingestion.</param>
    /// <param name="time">The clock.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>What became of them.</returns>
    public static Task<InboundPublishResult> PublishAsync(IInboundEventPublisher publisher, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        var posts = Posts.Select((p, i) => new InboundEnvelope(Post($"18{i:D17}", p.Id, p.Handle, p.Name, p.Text, now.AddMinutes(i - Posts.Count)))).ToList();
        return publisher.PublishAsync(posts, cancellationToken);
    }
}
