using System.Text.Json;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Twitter;

/// <summary>
/// Turns verified X webhook bodies, and recent-search answers of listening rules, into channel-neutral events in one forward
/// <see cref="Utf8JsonReader"/> pass (x.md §0, §3, §4).
/// </summary>
/// <remarks>
/// <para>
/// The body's family is told by its shape: Account Activity (<c>for_user_id</c>, <c>*_events</c> arrays, <c>user_event</c>,
/// <c>replay_job_status</c>), X Activity API (<c>data.event_type</c>) or a filtered-stream delivery (<c>data</c> as a post,
/// <c>matching_rules</c>). Every key of a body is read, in body order; unknown keys and event types are skipped and counted,
/// and an item that cannot be used is skipped and counted without failing the others.
/// </para>
/// <para>
/// Items are captured as they are read and turned into events at the end of their scope (the body, or an X Activity API
/// envelope), because the names of DM participants (<c>users{}</c>) and of v2 authors (<c>includes</c>) follow the items.
/// When an array comes before <c>for_user_id</c>, a copy of the reader looks ahead for it (X writes it first).
/// </para>
/// <para>
/// Ids are always read from <c>id_str</c> or string ids: numeric ids above 2^53 arrive rounded. Idempotency keys use network
/// ids, so that the Account Activity and X Activity API copies of one DM or post collide (<c>dm:&lt;id&gt;</c>,
/// <c>post:&lt;id&gt;</c>), and differ by account when one event reaches two brand accounts.
/// </para>
/// </remarks>
internal static partial class XWebhookParser
{
    /// <summary>
    /// Parses a verified webhook body: Account Activity, X Activity API or filtered-stream delivery.
    /// </summary>
    /// <param name="body">The body, exactly as received.</param>
    /// <param name="settings">The accounts served and the ticket rules.</param>
    /// <param name="events">Receives the events in body order, each with the slice of <paramref name="body"/> it was read from.</param>
    /// <param name="summary">What the body held besides the events.</param>
    /// <param name="error">Why the body was refused: a short text naming the problem, never content.</param>
    /// <returns><see langword="false"/> only when the body is not a JSON object (then nothing is added to <paramref name="events"/>).</returns>
    public static bool TryParse(ReadOnlyMemory<byte> body, in XParseSettings settings, List<InboundEnvelope> events, out XParseSummary summary, out string? error)
    {
        ArgumentNullException.ThrowIfNull(events);
        var context = new Context(body, settings, events);
        summary = context.Summary;
        return Run(context, ParseWebhookBody, out error);
    }

    /// <summary>
    /// Parses a <c>GET /2/tweets/search/recent</c> answer (<c>{data:[posts], includes:{users:[…]}, meta:{newest_id,…}}</c>) for a
    /// listening rule: each post becomes a <see cref="MessageReceived"/> with <see cref="MessageOrigin.Listening"/> (or
    /// <see cref="MessageOrigin.Direct"/> when it mentions or replies to the listening account), filed under
    /// <see cref="XParseSettings.ListeningAccount"/>.
    /// </summary>
    /// <param name="body">The answer's body.</param>
    /// <param name="settings">The accounts served and the ticket rules.</param>
    /// <param name="ruleTag">The rule's tag, recorded as <see cref="MessageReceived.MatchedRule"/>.</param>
    /// <param name="events">Receives the events in answer order.</param>
    /// <param name="newestId"><c>meta.newest_id</c>, the <c>since_id</c> of the next poll; <see langword="null"/> when the answer holds no posts.</param>
    /// <param name="error">Why the answer was refused, never content.</param>
    /// <returns><see langword="false"/> only when the answer is not a JSON object.</returns>
    public static bool TryParseSearch(ReadOnlyMemory<byte> body, in XParseSettings settings, string ruleTag, List<InboundEnvelope> events, out string? newestId, out string? error)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(ruleTag);
        var context = new Context(body, settings, events) { MatchedRule = ruleTag };
        var parsed = Run(context, ParseSearchBody, out error);
        newestId = parsed ? context.NewestId : null;
        return parsed;
    }

    private delegate string? BodyParser(ref Utf8JsonReader reader, Context context);

    private static bool Run(Context context, BodyParser parse, out string? error)
    {
        var initialCount = context.Events.Count;
        var reader = new Utf8JsonReader(context.Body.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            error = parse(ref reader, context);
        }
        catch (JsonException ex)
        {
            error = $"body is not well-formed JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine})";
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader.GetString throws this for a string that is not valid UTF-8.
            error = "body holds a string that is not valid UTF-8";
        }

        if (error is not null)
        {
            context.Events.RemoveRange(initialCount, context.Events.Count - initialCount);
            return false;
        }

        return true;
    }

    // ------------------------------------------------------------------------------------------------ bodies

    private static string? ParseWebhookBody(ref Utf8JsonReader reader, Context context)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return "body is not a JSON object";
        }

        var scope = new AccountScope();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                ReadData(ref reader, context);
            }
            else if (reader.ValueTextEquals("includes"u8))
            {
                reader.Read();
                ReadIncludes(ref reader, context);
            }
            else if (reader.ValueTextEquals("matching_rules"u8))
            {
                reader.Read();
                context.SetFamily(XPayloadFamily.FilteredStream);
                context.MatchedRule ??= ReadFirstRuleTag(ref reader);
            }
            else if (ReadAccountActivityProperty(ref reader, context, ref scope))
            {
                context.SetFamily(XPayloadFamily.AccountActivity);
            }
            else
            {
                context.Summary.AddIgnored(XJson.PropertyName(ref reader));
                XJson.SkipValue(ref reader);
            }
        }

        EnsureEnd(ref reader);
        BuildPending(context, 0);
        return null;
    }

    private static string? ParseSearchBody(ref Utf8JsonReader reader, Context context)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return "body is not a JSON object";
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                ReadListenedPosts(ref reader, context);
            }
            else if (reader.ValueTextEquals("includes"u8))
            {
                reader.Read();
                ReadIncludes(ref reader, context);
            }
            else if (reader.ValueTextEquals("meta"u8))
            {
                reader.Read();
                ReadSearchMeta(ref reader, context);
            }
            else
            {
                // errors[] (partial errors), and anything newer.
                XJson.SkipValue(ref reader);
            }
        }

        EnsureEnd(ref reader);
        BuildPending(context, 0);
        return null;
    }

    /// <summary>Reads past the root object's end: only white space may follow it (the reader throws otherwise).</summary>
    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            reader.Read();
        }
    }

    private static void ReadSearchMeta(ref Utf8JsonReader reader, Context context)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("newest_id"u8))
            {
                reader.Read();
                context.NewestId = XJson.ReadId(ref reader);
            }
            else
            {
                XJson.SkipValue(ref reader);
            }
        }
    }

    /// <summary>Reads the root <c>data</c>: an X Activity API envelope, or a post (or posts) of a filtered-stream delivery.</summary>
    private static void ReadData(ref Utf8JsonReader reader, Context context)
    {
        if (reader.TokenType == JsonTokenType.StartObject && IsActivityEnvelope(reader))
        {
            context.SetFamily(XPayloadFamily.ActivityApi);
            ReadActivityEnvelope(ref reader, context);
            return;
        }

        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            context.SetFamily(XPayloadFamily.FilteredStream);
            ReadListenedPosts(ref reader, context);
            return;
        }

        context.Summary.AddIgnored("data:not-object");
        reader.Skip();
    }

    /// <summary>
    /// Tells an X Activity API envelope (<c>event_uuid</c>, <c>event_type</c>, <c>filter</c>, <c>payload</c>) from a v2 post
    /// (<c>id</c>, <c>text</c>, <c>author_id</c>) by its first telling property, on a copy of the reader.
    /// </summary>
    private static bool IsActivityEnvelope(Utf8JsonReader copy)
    {
        while (copy.Read() && copy.TokenType == JsonTokenType.PropertyName)
        {
            if (copy.ValueTextEquals("event_type"u8) || copy.ValueTextEquals("event_uuid"u8)
                || copy.ValueTextEquals("payload"u8) || copy.ValueTextEquals("filter"u8))
            {
                return true;
            }

            if (copy.ValueTextEquals("id"u8) || copy.ValueTextEquals("text"u8) || copy.ValueTextEquals("author_id"u8))
            {
                return false;
            }

            XJson.SkipValue(ref copy);
        }

        return false;
    }

    /// <summary>Reads <c>data</c> of a filtered-stream delivery (one post) or of a search answer (an array of posts).</summary>
    private static void ReadListenedPosts(ref Utf8JsonReader reader, Context context)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            ReadListenedPost(ref reader, context);
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                context.Summary.AddIgnored("data:not-object");
                reader.Skip();
                continue;
            }

            ReadListenedPost(ref reader, context);
        }
    }

    private static void ReadListenedPost(ref Utf8JsonReader reader, Context context)
    {
        var account = context.Settings.ListeningAccount;
        if (account is null || !context.Settings.Accounts.Contains(account))
        {
            context.Summary.UnknownAccountItems++;
            reader.Skip();
            return;
        }

        var start = (int)reader.TokenStartIndex;
        var post = ReadPostV2(ref reader, account);
        post.Listening = true;
        context.Add(post, start, ref reader);
    }

    private static string? ReadFirstRuleTag(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return null;
        }

        string? tag = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (tag is null && reader.ValueTextEquals("tag"u8))
                {
                    reader.Read();
                    tag = XJson.ReadString(ref reader);
                }
                else
                {
                    XJson.SkipValue(ref reader);
                }
            }
        }

        return string.IsNullOrWhiteSpace(tag) ? null : tag;
    }

    // ------------------------------------------------------------------------------------------------ X Activity API

    /// <summary>Reads an X Activity API envelope, <c>{event_uuid, filter, event_type, tag, payload, includes}</c>, in any order.</summary>
    private static void ReadActivityEnvelope(ref Utf8JsonReader reader, Context context)
    {
        var pendingStart = context.Pending.Count;
        var header = default(ActivityHeader);
        var sawPayload = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("event_type"u8))
            {
                reader.Read();
                header.EventType = XJson.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("event_uuid"u8))
            {
                reader.Read();
                header.EventUuid = XJson.ReadId(ref reader);
            }
            else if (reader.ValueTextEquals("filter"u8))
            {
                reader.Read();
                ReadFilter(ref reader, ref header);
            }
            else if (reader.ValueTextEquals("payload"u8))
            {
                reader.Read();
                if (sawPayload)
                {
                    reader.Skip();
                    continue;
                }

                if (header.EventType is null || !header.FilterSeen)
                {
                    LookAheadHeader(reader, ref header);
                }

                sawPayload = true;
                ReadActivityPayload(ref reader, context, header);
            }
            else if (reader.ValueTextEquals("includes"u8))
            {
                reader.Read();
                ReadIncludes(ref reader, context);
            }
            else
            {
                XJson.SkipValue(ref reader);
            }
        }

        if (!sawPayload)
        {
            context.Summary.AddIgnored("xaa:no-payload");
        }

        BuildPending(context, pendingStart);
    }

    private static void ReadFilter(ref Utf8JsonReader reader, ref ActivityHeader header)
    {
        header.FilterSeen = true;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("user_id"u8))
            {
                reader.Read();
                header.UserId = XJson.ReadId(ref reader);
            }
            else if (reader.ValueTextEquals("direction"u8))
            {
                reader.Read();
                header.Direction = XJson.ReadString(ref reader);
            }
            else
            {
                XJson.SkipValue(ref reader);
            }
        }
    }

    /// <summary>When <c>payload</c> comes before <c>event_type</c> or <c>filter</c>, reads them from the rest of the envelope on a copy of the reader.</summary>
    private static void LookAheadHeader(Utf8JsonReader copy, ref ActivityHeader header)
    {
        copy.Skip();
        while (copy.Read() && copy.TokenType == JsonTokenType.PropertyName)
        {
            if (header.EventType is null && copy.ValueTextEquals("event_type"u8))
            {
                copy.Read();
                header.EventType = XJson.ReadString(ref copy);
            }
            else if (!header.FilterSeen && copy.ValueTextEquals("filter"u8))
            {
                copy.Read();
                ReadFilter(ref copy, ref header);
            }
            else if (header.EventUuid is null && copy.ValueTextEquals("event_uuid"u8))
            {
                copy.Read();
                header.EventUuid = XJson.ReadId(ref copy);
            }
            else
            {
                XJson.SkipValue(ref copy);
            }
        }
    }

    private static void ReadActivityPayload(ref Utf8JsonReader reader, Context context, in ActivityHeader header)
    {
        var type = header.EventType;
        if (type is null)
        {
            context.Summary.AddIgnored("xaa:no-event-type");
            reader.Skip();
            return;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            context.Summary.AddIgnored("xaa:" + type + ":not-object");
            reader.Skip();
            return;
        }

        var start = (int)reader.TokenStartIndex;
        if (type == "oauth.revoke")
        {
            // The filter may be empty: the account is the payload's user_id, checked when the event is built.
            context.Add(ReadRevoke(ref reader, type), start, ref reader);
            return;
        }

        var kind = ClassifyActivityType(type, out var hint, out var family, out var socialType);
        if (kind == ActivityKind.Unknown)
        {
            context.Summary.AddIgnored("xaa:" + type);
            reader.Skip();
            return;
        }

        var account = header.UserId;
        if (account is null || !context.Settings.Accounts.Contains(account))
        {
            context.Summary.UnknownAccountItems++;
            reader.Skip();
            return;
        }

        switch (kind)
        {
            case ActivityKind.DirectMessages:
                // dm.received, dm.sent, dm.read, dm.indicate_typing: Account Activity arrays and a users map, one level down.
                var scope = new AccountScope { Account = account, Resolved = true, Served = true };
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (!ReadAccountActivityProperty(ref reader, context, ref scope))
                    {
                        XJson.SkipValue(ref reader);
                    }
                }

                break;
            case ActivityKind.Post:
                var post = ReadPostV2(ref reader, account);
                post.Hint = hint;
                context.Add(post, start, ref reader);
                break;
            case ActivityKind.PostDelete:
                context.Add(ReadDelete(ref reader, account, type), start, ref reader);
                break;
            case ActivityKind.Like:
                var like = ReadActivityLike(ref reader, account);
                like.Direction = header.Direction;
                context.Add(like, start, ref reader);
                break;
            default:
                // The payload carries no type: the event type names it (follow.unfollow).
                var social = ReadSocial(ref reader, account, family!, socialType!, rawType: type);
                social.Type = socialType;
                social.EventUuid = header.EventUuid;
                context.Add(social, start, ref reader);
                break;
        }
    }

    private enum ActivityKind : byte
    {
        Unknown,
        DirectMessages,
        Post,
        PostDelete,
        Like,
        Social,
    }

    private static ActivityKind ClassifyActivityType(string type, out PostHint hint, out string? family, out string? socialType)
    {
        hint = PostHint.None;
        family = null;
        socialType = null;
        switch (type)
        {
            case "dm.received":
            case "dm.sent":
            case "dm.read":
            case "dm.indicate_typing":
                return ActivityKind.DirectMessages;
            case "post.create":
                hint = PostHint.Own;
                return ActivityKind.Post;
            case "post.mention.create":
                hint = PostHint.Mention;
                return ActivityKind.Post;
            case "post.reply.create":
                hint = PostHint.Reply;
                return ActivityKind.Post;
            case "post.quote.create":
                hint = PostHint.Quote;
                return ActivityKind.Post;
            case "post.repost.create":
                hint = PostHint.Repost;
                return ActivityKind.Post;
            case "post.delete":
                return ActivityKind.PostDelete;
            case "like.create":
                return ActivityKind.Like;
            case "follow.follow":
            case "follow.unfollow":
            case "block.block":
            case "block.unblock":
            case "mute.mute":
            case "mute.unmute":
                var dot = type.IndexOf('.', StringComparison.Ordinal);
                family = type[..dot];
                socialType = type[(dot + 1)..];
                return ActivityKind.Social;
            default:
                // chat.* (encrypted XChat), profile.*, spaces.*, news.* and anything newer.
                return ActivityKind.Unknown;
        }
    }

    private struct ActivityHeader
    {
        public string? EventType;
        public string? EventUuid;
        public string? UserId;
        public string? Direction;
        public bool FilterSeen;
    }

    // ------------------------------------------------------------------------------------------------ state

    /// <summary>The state of one parse.</summary>
    private sealed class Context(ReadOnlyMemory<byte> body, XParseSettings settings, List<InboundEnvelope> events)
    {
        public ReadOnlyMemory<byte> Body { get; } = body;

        public XParseSettings Settings { get; } = settings;

        public List<InboundEnvelope> Events { get; } = events;

        public XParseSummary Summary { get; } = new();

        /// <summary>Gets the items read and not yet turned into events.</summary>
        public List<Pending> Pending { get; } = new(4);

        /// <summary>Gets or sets the users of <c>users{}</c> maps and <c>includes.users</c>.</summary>
        public List<UserInfo>? Users { get; set; }

        /// <summary>Gets or sets the posts of <c>includes.tweets</c>.</summary>
        public List<PostRef>? Posts { get; set; }

        /// <summary>Gets or sets the media of <c>includes.media</c>.</summary>
        public List<MediaInfo>? Media { get; set; }

        /// <summary>Gets or sets a value indicating whether the Account Activity body said <c>user_has_blocked</c> (or <c>is_blocked_by</c>).</summary>
        public bool Blocked { get; set; }

        /// <summary>Gets or sets the tag of the first matching rule (filtered stream) or the polled rule (search).</summary>
        public string? MatchedRule { get; set; }

        /// <summary>Gets or sets <c>meta.newest_id</c> of a search answer.</summary>
        public string? NewestId { get; set; }

        public void SetFamily(XPayloadFamily family)
        {
            if (Summary.Family == XPayloadFamily.Unknown)
            {
                Summary.Family = family;
            }
        }

        /// <summary>Keeps an item read from <paramref name="start"/> to the reader's position (the end of the item).</summary>
        public void Add(Pending item, int start, ref Utf8JsonReader reader)
        {
            item.RawStart = start;
            item.RawLength = (int)reader.BytesConsumed - start;
            Pending.Add(item);
        }

        public UserInfo? FindUser(string? id)
        {
            if (id is null || Users is null)
            {
                return null;
            }

            foreach (var user in Users)
            {
                if (user.Id == id)
                {
                    return user;
                }
            }

            return null;
        }

        public PostRef? FindPost(string? id)
        {
            if (id is null || Posts is null)
            {
                return null;
            }

            foreach (var post in Posts)
            {
                if (post.Id == id)
                {
                    return post;
                }
            }

            return null;
        }

        public MediaInfo? FindMedia(string key)
        {
            if (Media is null)
            {
                return null;
            }

            foreach (var media in Media)
            {
                if (media.Id == key)
                {
                    return media;
                }
            }

            return null;
        }
    }

    /// <summary>The account of an Account Activity object (the body, or an X Activity API DM payload).</summary>
    private struct AccountScope
    {
        public string? Account;

        /// <summary>Whether <see cref="Account"/> is final: <c>for_user_id</c> was read or looked ahead for.</summary>
        public bool Resolved;

        /// <summary>Whether <see cref="Account"/> is one of the accounts served.</summary>
        public bool Served;
    }
}
