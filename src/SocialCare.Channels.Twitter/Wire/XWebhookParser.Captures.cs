namespace SocialCare.Channels.Twitter;

/// <content>The fields captured from one item during the forward pass, turned into an event once its scope is read.</content>
internal static partial class XWebhookParser
{
    /// <summary>A user as X describes it: v1.1 (<c>id_str</c>, <c>screen_name</c>), v2 (<c>id</c>, <c>username</c>), or either wrapped in <c>{"data":…}</c>.</summary>
    private readonly record struct UserInfo(string Id, string? Name, string? Handle);

    /// <summary>A post of <c>includes.tweets</c>: enough to know whom a quote or repost points at, and the thread of a liked post.</summary>
    private readonly record struct PostRef(string Id, string? AuthorId, string? ConversationId);

    /// <summary>An attached photo, video or GIF.</summary>
    /// <param name="Id">The media id (<c>id_str</c>) or v2 <c>media_key</c>.</param>
    /// <param name="Type"><c>photo</c>, <c>video</c> or <c>animated_gif</c>.</param>
    /// <param name="Url">Where the media (or, for videos, its preview) is: <c>media_url_https</c>, or v2 <c>url</c>/<c>preview_image_url</c>.</param>
    /// <param name="Link">The <c>t.co</c> link X puts in the text for it, removed from the text.</param>
    private readonly record struct MediaInfo(string? Id, string? Type, string? Url, string? Link);

    /// <summary>What an X Activity API event type says about a post, used when the payload alone does not tell.</summary>
    private enum PostHint : byte
    {
        None,
        Own,
        Mention,
        Reply,
        Quote,
        Repost,
    }

    /// <summary>One item read from the body, waiting for the end of its scope (where the users map or <c>includes</c> may follow it).</summary>
    private abstract class Pending
    {
        /// <summary>Gets or sets the brand account the item was delivered for.</summary>
        public string Account { get; set; } = string.Empty;

        public int RawStart { get; set; }

        public int RawLength { get; set; }
    }

    /// <summary>A post: a v1.1 Tweet (Account Activity) or a v2 Post (X Activity API, filtered stream, recent search).</summary>
    private sealed class PostCapture : Pending
    {
        public bool V2 { get; set; }

        public string? Id { get; set; }

        /// <summary>Gets or sets a string <c>id</c> of a v1.1 object, used only when <c>id_str</c> is absent.</summary>
        public string? FallbackId { get; set; }

        public string? Text { get; set; }

        /// <summary>Gets or sets <c>extended_tweet.full_text</c> (v1.1) or <c>note_tweet.text</c> (v2).</summary>
        public string? FullText { get; set; }

        public bool Truncated { get; set; }

        public (int Start, int End)? Range { get; set; }

        public (int Start, int End)? FullRange { get; set; }

        public UserInfo? Author { get; set; }

        /// <summary>Gets or sets the v2 <c>author_id</c> (names come from <c>includes.users</c>).</summary>
        public string? AuthorId { get; set; }

        public string? InReplyToStatusId { get; set; }

        public string? InReplyToUserId { get; set; }

        public string? InReplyToScreenName { get; set; }

        public string? ConversationId { get; set; }

        public bool IsRetweet { get; set; }

        public string? RetweetedId { get; set; }

        public string? RetweetedAuthorId { get; set; }

        public bool IsQuote { get; set; }

        public string? QuotedId { get; set; }

        public string? QuotedAuthorId { get; set; }

        /// <summary>Gets or sets a value indicating whether <c>entities</c> mention the account.</summary>
        public bool MentionsAccount { get; set; }

        /// <summary>Gets or sets a value indicating whether <c>extended_tweet.entities</c> (or <c>note_tweet.entities</c>) mention the account.</summary>
        public bool FullMentionsAccount { get; set; }

        public long? TimestampMs { get; set; }

        /// <summary>Gets or sets the v1.1 <c>created_at</c> text, parsed only when <see cref="TimestampMs"/> is absent.</summary>
        public string? CreatedAt { get; set; }

        /// <summary>Gets or sets the v2 <c>created_at</c>, ISO 8601.</summary>
        public DateTimeOffset? CreatedTime { get; set; }

        /// <summary>Gets or sets the id of the first version when the post is an edit (v1.1 <c>edit_history.initial_tweet_id</c>, v2 first of <c>edit_history_tweet_ids</c>).</summary>
        public string? EditInitialId { get; set; }

        /// <summary>Gets or sets how many versions v2 <c>edit_history_tweet_ids</c> lists.</summary>
        public int EditVersions { get; set; }

        public List<MediaInfo>? Media { get; set; }

        public List<MediaInfo>? FullMedia { get; set; }

        public List<string>? MediaKeys { get; set; }

        public PostHint Hint { get; set; }

        /// <summary>Gets or sets a value indicating whether the post was found by listening (filtered stream, recent search).</summary>
        public bool Listening { get; set; }

        /// <summary>Gets or sets the tag of the listening rule that found it.</summary>
        public string? MatchedRule { get; set; }

        /// <summary>Gets or sets a value indicating whether the delivery said the author is blocked (<c>user_has_blocked</c>).</summary>
        public bool Blocked { get; set; }

        public string? EffectiveId => Id ?? FallbackId;
    }

    /// <summary>A Direct Message event (<c>type: message_create</c>).</summary>
    private sealed class DirectMessageCapture : Pending
    {
        public string? Type { get; set; }

        public string? Id { get; set; }

        public long? CreatedMs { get; set; }

        public string? SenderId { get; set; }

        public string? RecipientId { get; set; }

        public string? Text { get; set; }

        public bool QuickReply { get; set; }

        public string? QuickReplyMetadata { get; set; }

        public MediaInfo? Media { get; set; }

        /// <summary>Gets or sets the <c>attachment.type</c> when it is not <c>media</c>.</summary>
        public string? OtherAttachment { get; set; }
    }

    /// <summary>A typing indicator or a read receipt of a DM conversation.</summary>
    private sealed class DirectMessageSignalCapture : Pending
    {
        public bool Read { get; set; }

        public string RawType { get; set; } = string.Empty;

        public long? CreatedMs { get; set; }

        public string? SenderId { get; set; }

        public string? LastReadEventId { get; set; }
    }

    /// <summary>A deleted post: <c>tweet_delete_events[]</c> or <c>post.delete</c>.</summary>
    private sealed class DeleteCapture : Pending
    {
        public string RawType { get; set; } = string.Empty;

        public string? Id { get; set; }

        public string? UserId { get; set; }

        public long? TimestampMs { get; set; }
    }

    /// <summary>A like: <c>favorite_events[]</c> (the liked Tweet and the liker) or <c>like.create</c> (ids and a direction).</summary>
    private sealed class LikeCapture : Pending
    {
        public string RawType { get; set; } = string.Empty;

        public string? LikeId { get; set; }

        public long? TimestampMs { get; set; }

        public string? CreatedAt { get; set; }

        public UserInfo? Liker { get; set; }

        public PostCapture? Liked { get; set; }

        public string? LikedId { get; set; }

        public string? LikedAuthorId { get; set; }

        public string? Direction { get; set; }
    }

    /// <summary>A follow, unfollow, block, unblock, mute or unmute.</summary>
    private sealed class SocialCapture : Pending
    {
        /// <summary>Gets or sets the family: <c>follow</c>, <c>block</c> or <c>mute</c>.</summary>
        public string Family { get; set; } = string.Empty;

        /// <summary>Gets or sets the type: <c>follow</c>, <c>unfollow</c>, <c>block</c>….</summary>
        public string? Type { get; set; }

        public string RawType { get; set; } = string.Empty;

        public long? CreatedMs { get; set; }

        public string? EventUuid { get; set; }

        public UserInfo? Source { get; set; }

        public UserInfo? Target { get; set; }
    }

    /// <summary>The account revoked the app: <c>user_event.revoke</c> or <c>oauth.revoke</c>.</summary>
    private sealed class RevokeCapture : Pending
    {
        public string RawType { get; set; } = string.Empty;

        public string? UserId { get; set; }

        public string? DateTime { get; set; }

        public string? AppId { get; set; }
    }
}
