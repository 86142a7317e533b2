using System.Text.Json;

namespace SocialCare.Channels.Twitter;

/// <content>
/// The readers of the forward pass. Each starts with the reader on an object's start and leaves it on that object's end,
/// capturing only the fields the events keep; values of an unexpected type are skipped whole.
/// </content>
internal static partial class XWebhookParser
{
    private const string MessageCreate = "message_create";

    /// <summary>The Account Activity arrays (x.md §4.1).</summary>
    private enum ArrayKind : byte
    {
        Tweets,
        DirectMessages,
        Typing,
        Read,
        Favorites,
        Follows,
        Unfollows,
        Blocks,
        Unblocks,
        Mutes,
        Unmutes,
        Deletes,
    }

    // ------------------------------------------------------------------------------------------------ Account Activity

    /// <summary>
    /// Reads one property of an Account Activity object (the body, or an X Activity API DM payload) when it is one: the reader
    /// on its name. Returns <see langword="false"/>, having read nothing, for any other property.
    /// </summary>
    private static bool ReadAccountActivityProperty(ref Utf8JsonReader reader, Context context, ref AccountScope scope)
    {
        if (reader.ValueTextEquals("for_user_id"u8))
        {
            reader.Read();
            var id = XJson.ReadId(ref reader);
            if (!scope.Resolved)
            {
                SetAccount(context, ref scope, id);
            }
        }
        else if (reader.ValueTextEquals("tweet_create_events"u8))
        {
            ReadItems(ref reader, context, ref scope, ArrayKind.Tweets, "tweet_create_events");
        }
        else if (reader.ValueTextEquals("direct_message_events"u8))
        {
            ReadItems(ref reader, context, ref scope, ArrayKind.DirectMessages, "direct_message_events");
        }
        else if (reader.ValueTextEquals("users"u8))
        {
            reader.Read();
            ReadUsersMap(ref reader, context, scope.Account);
        }
        else if (reader.ValueTextEquals("apps"u8))
        {
            // The app names are not needed: an echo is recognised by its sender.
            XJson.SkipValue(ref reader);
        }
        else if (reader.ValueTextEquals("user_has_blocked"u8) || reader.ValueTextEquals("is_blocked_by"u8))
        {
            reader.Read();
            context.Blocked |= XJson.ReadBoolean(ref reader);
        }
        else if (reader.ValueTextEquals("direct_message_indicate_typing_events"u8))
        {
            ReadItems(ref reader, context, ref scope, ArrayKind.Typing, "direct_message_indicate_typing_events");
        }
        else if (reader.ValueTextEquals("direct_message_mark_read_events"u8))
        {
            ReadItems(ref reader, context, ref scope, ArrayKind.Read, "direct_message_mark_read_events");
        }
        else if (reader.ValueTextEquals("favorite_events"u8))
        {
            ReadItems(ref reader, context, ref scope, ArrayKind.Favorites, "favorite_events");
        }
        else if (reader.ValueTextEquals("tweet_delete_events"u8))
        {
            ReadItems(ref reader, context, ref scope, ArrayKind.Deletes, "tweet_delete_events");
        }
        else if (reader.ValueTextEquals("follow_events"u8))
        {
            ReadItems(ref reader, context, ref scope, ArrayKind.Follows, "follow_events");
        }
        else if (reader.ValueTextEquals("unfollow_events"u8))
        {
            ReadItems(ref reader, context, ref scope, ArrayKind.Unfollows, "unfollow_events");
        }
        else if (reader.ValueTextEquals("block_events"u8))
        {
            ReadItems(ref reader, context, ref scope, ArrayKind.Blocks, "block_events");
        }
        else if (reader.ValueTextEquals("unblock_events"u8))
        {
            ReadItems(ref reader, context, ref scope, ArrayKind.Unblocks, "unblock_events");
        }
        else if (reader.ValueTextEquals("mute_events"u8))
        {
            ReadItems(ref reader, context, ref scope, ArrayKind.Mutes, "mute_events");
        }
        else if (reader.ValueTextEquals("unmute_events"u8))
        {
            ReadItems(ref reader, context, ref scope, ArrayKind.Unmutes, "unmute_events");
        }
        else if (reader.ValueTextEquals("user_event"u8))
        {
            reader.Read();
            ReadUserEvent(ref reader, context);
        }
        else if (reader.ValueTextEquals("replay_job_status"u8))
        {
            reader.Read();
            ReadReplayJobStatus(ref reader, context);
        }
        else
        {
            return false;
        }

        return true;
    }

    private static void SetAccount(Context context, ref AccountScope scope, string? account)
    {
        scope.Account = XJson.IsId(account) ? account : null;
        scope.Resolved = true;
        scope.Served = scope.Account is not null && context.Settings.Accounts.Contains(scope.Account);
    }

    /// <summary>When an array comes before <c>for_user_id</c>, reads it from the rest of the object on a copy of the reader (on the array's name).</summary>
    private static void LookAheadAccount(Utf8JsonReader copy, Context context, ref AccountScope scope)
    {
        string? account = null;
        copy.Read();
        copy.Skip();
        while (copy.Read() && copy.TokenType == JsonTokenType.PropertyName)
        {
            if (copy.ValueTextEquals("for_user_id"u8))
            {
                copy.Read();
                account = XJson.ReadId(ref copy);
                break;
            }

            XJson.SkipValue(ref copy);
        }

        SetAccount(context, ref scope, account);
    }

    /// <summary>Reads an Account Activity array, the reader on its name: each object item is captured for the scope's account.</summary>
    private static void ReadItems(ref Utf8JsonReader reader, Context context, ref AccountScope scope, ArrayKind kind, string name)
    {
        if (!scope.Resolved)
        {
            LookAheadAccount(reader, context, ref scope);
        }

        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            context.Summary.AddIgnored(name + ":not-array");
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                context.Summary.AddIgnored(name + ":not-object");
                reader.Skip();
                continue;
            }

            if (!scope.Served)
            {
                context.Summary.UnknownAccountItems++;
                reader.Skip();
                continue;
            }

            var account = scope.Account!;
            var start = (int)reader.TokenStartIndex;
            Pending item = kind switch
            {
                ArrayKind.Tweets => ReadTweet(ref reader, account),
                ArrayKind.DirectMessages => ReadDirectMessage(ref reader, account),
                ArrayKind.Typing => ReadSignal(ref reader, account, read: false),
                ArrayKind.Read => ReadSignal(ref reader, account, read: true),
                ArrayKind.Favorites => ReadFavorite(ref reader, account),
                ArrayKind.Deletes => ReadDelete(ref reader, account, "tweet_delete"),
                ArrayKind.Follows => ReadSocial(ref reader, account, "follow", "follow"),
                ArrayKind.Unfollows => ReadSocial(ref reader, account, "follow", "unfollow"),
                ArrayKind.Blocks => ReadSocial(ref reader, account, "block", "block"),
                ArrayKind.Unblocks => ReadSocial(ref reader, account, "block", "unblock"),
                ArrayKind.Mutes => ReadSocial(ref reader, account, "mute", "mute"),
                _ => ReadSocial(ref reader, account, "mute", "unmute"),
            };
            context.Add(item, start, ref reader);
        }
    }

    /// <summary>Reads <c>users{}</c>: user id → v1.1 condensed user, or X Activity API <c>{"data": v2 user}</c>. The account's own entry is not kept.</summary>
    private static void ReadUsersMap(ref Utf8JsonReader reader, Context context, string? account)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (account is not null && reader.ValueTextEquals(account))
            {
                XJson.SkipValue(ref reader);
                continue;
            }

            var key = reader.GetString();
            reader.Read();
            if (ReadUser(ref reader, XJson.IsId(key) ? key : null) is { } user)
            {
                (context.Users ??= new List<UserInfo>(2)).Add(user);
            }
        }
    }

    /// <summary>
    /// Reads a user: v1.1 (<c>id_str</c>, <c>name</c>, <c>screen_name</c>), v2 (<c>id</c>, <c>name</c>, <c>username</c>) or
    /// either wrapped in <c>{"data":…}</c>. <paramref name="knownId"/> (a users-map key) spares reading the id.
    /// </summary>
    private static UserInfo? ReadUser(ref Utf8JsonReader reader, string? knownId = null)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? idStr = null, id = null, name = null, handle = null;
        UserInfo? wrapped = null;
        Span<byte> scratch = stackalloc byte[16];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // A v1.1 user has some forty properties: one comparison by length, rather than a chain, for each.
            var property = PropertyNameBytes(in reader, scratch);
            reader.Read();
            switch (property.Length)
            {
                case 6 when knownId is null && property.SequenceEqual("id_str"u8):
                    idStr = XJson.ReadId(ref reader);
                    break;
                case 2 when knownId is null && property.SequenceEqual("id"u8):
                    id = XJson.ReadId(ref reader);
                    break;
                case 4 when property.SequenceEqual("name"u8):
                    name = XJson.ReadString(ref reader);
                    break;
                case 11 when property.SequenceEqual("screen_name"u8):
                case 8 when property.SequenceEqual("username"u8):
                    handle = XJson.ReadString(ref reader);
                    break;
                case 4 when property.SequenceEqual("data"u8):
                    wrapped = ReadUser(ref reader, knownId);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (wrapped is not null)
        {
            return wrapped;
        }

        var userId = knownId ?? idStr ?? id;
        return XJson.IsId(userId) ? new UserInfo(userId, name, handle) : null;
    }

    private static void ReadUserEvent(ref Utf8JsonReader reader, Context context)
    {
        context.SetFamily(XPayloadFamily.AccountActivity);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            context.Summary.AddIgnored("user_event:not-object");
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("revoke"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    context.Summary.AddIgnored("user_event.revoke:not-object");
                    reader.Skip();
                    continue;
                }

                // No for_user_id comes with it: the account is the revoke's source.user_id, checked when the event is built.
                var start = (int)reader.TokenStartIndex;
                context.Add(ReadRevoke(ref reader, "user_event.revoke"), start, ref reader);
            }
            else
            {
                context.Summary.AddIgnored(XJson.PropertyName(ref reader, "user_event."));
                XJson.SkipValue(ref reader);
            }
        }
    }

    private static void ReadReplayJobStatus(ref Utf8JsonReader reader, Context context)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            context.Summary.AddIgnored("replay_job_status:not-object");
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("job_state"u8))
            {
                reader.Read();
                context.Summary.ReplayJobState = XJson.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("job_id"u8))
            {
                reader.Read();
                context.Summary.ReplayJobId = XJson.ReadId(ref reader);
            }
            else
            {
                XJson.SkipValue(ref reader);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ DMs

    private static DirectMessageCapture ReadDirectMessage(ref Utf8JsonReader reader, string account)
    {
        var dm = new DirectMessageCapture { Account = account };
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                dm.Type = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(MessageCreate)
                    ? MessageCreate
                    : XJson.ReadString(ref reader) ?? "(none)";
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                dm.Id = XJson.ReadId(ref reader);
            }
            else if (reader.ValueTextEquals("created_timestamp"u8))
            {
                reader.Read();
                dm.CreatedMs = XJson.ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("message_create"u8))
            {
                reader.Read();
                ReadMessageCreate(ref reader, dm);
            }
            else
            {
                // initiated_via, and anything newer.
                XJson.SkipValue(ref reader);
            }
        }

        return dm;
    }

    private static void ReadMessageCreate(ref Utf8JsonReader reader, DirectMessageCapture dm)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("sender_id"u8))
            {
                reader.Read();
                dm.SenderId = XJson.ReadId(ref reader);
            }
            else if (reader.ValueTextEquals("target"u8))
            {
                reader.Read();
                dm.RecipientId = ReadIdProperty(ref reader, "recipient_id"u8);
            }
            else if (reader.ValueTextEquals("message_data"u8))
            {
                reader.Read();
                ReadMessageData(ref reader, dm);
            }
            else
            {
                // source_app_id: the direction is told by the sender alone.
                XJson.SkipValue(ref reader);
            }
        }
    }

    private static void ReadMessageData(ref Utf8JsonReader reader, DirectMessageCapture dm)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                dm.Text = XJson.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("attachment"u8))
            {
                reader.Read();
                ReadAttachment(ref reader, dm);
            }
            else if (reader.ValueTextEquals("quick_reply_response"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    dm.QuickReply = true;
                    dm.QuickReplyMetadata = ReadStringProperty(ref reader, "metadata"u8);
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                // entities: the media link is known from the attachment itself.
                XJson.SkipValue(ref reader);
            }
        }
    }

    private static void ReadAttachment(ref Utf8JsonReader reader, DirectMessageCapture dm)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        string? type = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = XJson.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("media"u8))
            {
                reader.Read();
                dm.Media = ReadMediaV1(ref reader);
            }
            else
            {
                XJson.SkipValue(ref reader);
            }
        }

        if (dm.Media is null && type is not null)
        {
            dm.OtherAttachment = type;
        }
    }

    private static DirectMessageSignalCapture ReadSignal(ref Utf8JsonReader reader, string account, bool read)
    {
        var signal = new DirectMessageSignalCapture
        {
            Account = account,
            Read = read,
            RawType = read ? "direct_message_mark_read" : "direct_message_indicate_typing",
        };
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("sender_id"u8))
            {
                reader.Read();
                signal.SenderId = XJson.ReadId(ref reader);
            }
            else if (reader.ValueTextEquals("created_timestamp"u8))
            {
                reader.Read();
                signal.CreatedMs = XJson.ReadInt64(ref reader);
            }
            else if (read && reader.ValueTextEquals("last_read_event_id"u8))
            {
                reader.Read();
                signal.LastReadEventId = XJson.ReadId(ref reader);
            }
            else
            {
                // target.recipient_id: the account itself.
                XJson.SkipValue(ref reader);
            }
        }

        return signal;
    }

    // ------------------------------------------------------------------------------------------------ deletes, likes, follows, revokes

    /// <summary>Reads <c>tweet_delete_events[]</c> (<c>{status:{id, user_id}, timestamp_ms}</c>) or a <c>post.delete</c> payload (<c>{id, author_id}</c>).</summary>
    private static DeleteCapture ReadDelete(ref Utf8JsonReader reader, string account, string rawType)
    {
        var delete = new DeleteCapture { Account = account, RawType = rawType };
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("status"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("id_str"u8) || reader.ValueTextEquals("id"u8))
                    {
                        reader.Read();
                        delete.Id = XJson.ReadId(ref reader) ?? delete.Id;
                    }
                    else if (reader.ValueTextEquals("user_id_str"u8) || reader.ValueTextEquals("user_id"u8))
                    {
                        reader.Read();
                        delete.UserId = XJson.ReadId(ref reader) ?? delete.UserId;
                    }
                    else
                    {
                        XJson.SkipValue(ref reader);
                    }
                }
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                delete.Id = XJson.ReadId(ref reader) ?? delete.Id;
            }
            else if (reader.ValueTextEquals("author_id"u8) || reader.ValueTextEquals("user_id"u8))
            {
                reader.Read();
                delete.UserId = XJson.ReadId(ref reader) ?? delete.UserId;
            }
            else if (reader.ValueTextEquals("timestamp_ms"u8))
            {
                reader.Read();
                delete.TimestampMs = XJson.ReadInt64(ref reader);
            }
            else
            {
                XJson.SkipValue(ref reader);
            }
        }

        return delete;
    }

    /// <summary>Reads <c>favorite_events[]</c>: <c>{id, created_at, timestamp_ms (a number), favorited_status, user}</c>.</summary>
    private static LikeCapture ReadFavorite(ref Utf8JsonReader reader, string account)
    {
        var like = new LikeCapture { Account = account, RawType = "favorite" };
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                like.LikeId = XJson.ReadId(ref reader);
            }
            else if (reader.ValueTextEquals("timestamp_ms"u8))
            {
                reader.Read();
                like.TimestampMs = XJson.ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("created_at"u8))
            {
                reader.Read();
                like.CreatedAt = XJson.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("favorited_status"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    like.Liked = ReadTweet(ref reader, account);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("user"u8))
            {
                reader.Read();
                like.Liker = ReadUser(ref reader);
            }
            else
            {
                XJson.SkipValue(ref reader);
            }
        }

        return like;
    }

    /// <summary>Reads a <c>like.create</c> payload: <c>{id, liked_tweet_id, liked_tweet_author_id, created_at (of the post), timestamp_ms}</c>.</summary>
    private static LikeCapture ReadActivityLike(ref Utf8JsonReader reader, string account)
    {
        var like = new LikeCapture { Account = account, RawType = "like.create" };
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                like.LikeId = XJson.ReadId(ref reader);
            }
            else if (reader.ValueTextEquals("liked_tweet_id"u8))
            {
                reader.Read();
                like.LikedId = XJson.ReadId(ref reader);
            }
            else if (reader.ValueTextEquals("liked_tweet_author_id"u8))
            {
                reader.Read();
                like.LikedAuthorId = XJson.ReadId(ref reader);
            }
            else if (reader.ValueTextEquals("timestamp_ms"u8))
            {
                reader.Read();
                like.TimestampMs = XJson.ReadInt64(ref reader);
            }
            else
            {
                // created_at is the liked post's time, not the like's.
                XJson.SkipValue(ref reader);
            }
        }

        return like;
    }

    /// <summary>Reads a follow, block or mute: <c>{type, created_timestamp, source, target}</c>, users plain or wrapped in <c>data</c>.</summary>
    private static SocialCapture ReadSocial(ref Utf8JsonReader reader, string account, string family, string defaultType, string? rawType = null)
    {
        var social = new SocialCapture { Account = account, Family = family };
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                social.Type = XJson.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("created_timestamp"u8))
            {
                reader.Read();
                social.CreatedMs = XJson.ReadInt64(ref reader);
            }
            else if (reader.ValueTextEquals("source"u8))
            {
                reader.Read();
                social.Source = ReadUser(ref reader);
            }
            else if (reader.ValueTextEquals("target"u8))
            {
                reader.Read();
                social.Target = ReadUser(ref reader);
            }
            else
            {
                XJson.SkipValue(ref reader);
            }
        }

        social.Type ??= defaultType;
        social.RawType = rawType ?? social.Type;
        return social;
    }

    /// <summary>Reads <c>user_event.revoke</c> (<c>{date_time, target:{app_id}, source:{user_id}}</c>) or an <c>oauth.revoke</c> payload (<c>{date_time, user_id, app_id}</c>).</summary>
    private static RevokeCapture ReadRevoke(ref Utf8JsonReader reader, string rawType)
    {
        var revoke = new RevokeCapture { RawType = rawType };
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("date_time"u8))
            {
                reader.Read();
                revoke.DateTime = XJson.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("user_id"u8))
            {
                reader.Read();
                revoke.UserId = XJson.ReadId(ref reader) ?? revoke.UserId;
            }
            else if (reader.ValueTextEquals("app_id"u8))
            {
                reader.Read();
                revoke.AppId = XJson.ReadId(ref reader) ?? revoke.AppId;
            }
            else if (reader.ValueTextEquals("source"u8))
            {
                reader.Read();
                revoke.UserId = ReadIdProperty(ref reader, "user_id"u8) ?? revoke.UserId;
            }
            else if (reader.ValueTextEquals("target"u8))
            {
                reader.Read();
                revoke.AppId = ReadIdProperty(ref reader, "app_id"u8) ?? revoke.AppId;
            }
            else
            {
                XJson.SkipValue(ref reader);
            }
        }

        revoke.Account = revoke.UserId ?? string.Empty;
        return revoke;
    }

    // ------------------------------------------------------------------------------------------------ v1.1 Tweets

    /// <summary>The fields of a v1.1 Tweet that the events keep.</summary>
    private enum TweetField : byte
    {
        Other,
        Id,
        IdStr,
        Text,
        User,
        Entities,
        ExtendedEntities,
        InReplyToStatusIdStr,
        InReplyToUserIdStr,
        InReplyToScreenName,
        Truncated,
        DisplayTextRange,
        TimestampMs,
        CreatedAt,
        ExtendedTweet,
        RetweetedStatus,
        QuotedStatus,
        QuotedStatusIdStr,
        EditHistory,
    }

    /// <summary>
    /// Names the Tweet field the reader is on. A Tweet has some forty properties and a handful matter: one comparison by
    /// length instead of a chain of them keeps the hot path short.
    /// </summary>
    private static TweetField TweetFieldOf(ref Utf8JsonReader reader)
    {
        Span<byte> scratch = stackalloc byte[32];
        var name = PropertyNameBytes(in reader, scratch);
        return name.Length switch
        {
            2 when name.SequenceEqual("id"u8) => TweetField.Id,
            4 when name.SequenceEqual("text"u8) => TweetField.Text,
            4 when name.SequenceEqual("user"u8) => TweetField.User,
            6 when name.SequenceEqual("id_str"u8) => TweetField.IdStr,
            8 when name.SequenceEqual("entities"u8) => TweetField.Entities,
            9 when name.SequenceEqual("full_text"u8) => TweetField.Text,
            9 when name.SequenceEqual("truncated"u8) => TweetField.Truncated,
            10 when name.SequenceEqual("created_at"u8) => TweetField.CreatedAt,
            12 when name.SequenceEqual("timestamp_ms"u8) => TweetField.TimestampMs,
            12 when name.SequenceEqual("edit_history"u8) => TweetField.EditHistory,
            13 when name.SequenceEqual("quoted_status"u8) => TweetField.QuotedStatus,
            14 when name.SequenceEqual("extended_tweet"u8) => TweetField.ExtendedTweet,
            16 when name.SequenceEqual("retweeted_status"u8) => TweetField.RetweetedStatus,
            17 when name.SequenceEqual("extended_entities"u8) => TweetField.ExtendedEntities,
            18 when name.SequenceEqual("display_text_range"u8) => TweetField.DisplayTextRange,
            20 when name.SequenceEqual("quoted_status_id_str"u8) => TweetField.QuotedStatusIdStr,
            23 when name.SequenceEqual("in_reply_to_user_id_str"u8) => TweetField.InReplyToUserIdStr,
            23 when name.SequenceEqual("in_reply_to_screen_name"u8) => TweetField.InReplyToScreenName,
            25 when name.SequenceEqual("in_reply_to_status_id_str"u8) => TweetField.InReplyToStatusIdStr,
            _ => TweetField.Other,
        };
    }

    /// <summary>The UTF-8 bytes of the property name the reader is on, unescaped into <paramref name="scratch"/> when needed.</summary>
    private static ReadOnlySpan<byte> PropertyNameBytes(in Utf8JsonReader reader, Span<byte> scratch)
    {
        if (!reader.ValueIsEscaped)
        {
            return reader.ValueSpan;
        }

        // An escaped name is never longer once unescaped; X does not escape names, so the heap is a fallback never taken.
        var destination = reader.ValueSpan.Length <= scratch.Length ? scratch : new byte[reader.ValueSpan.Length];
        return destination[..reader.CopyString(destination)];
    }

    /// <summary>Reads a v1.1 Tweet (x.md §4.3), noting whether its entities mention <paramref name="account"/>.</summary>
    private static PostCapture ReadTweet(ref Utf8JsonReader reader, string account)
    {
        var post = new PostCapture { Account = account };
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = TweetFieldOf(ref reader);
            reader.Read();
            switch (field)
            {
                case TweetField.IdStr:
                    post.Id = XJson.ReadId(ref reader);
                    break;
                case TweetField.Text:
                    post.Text = XJson.ReadString(ref reader) ?? post.Text;
                    break;
                case TweetField.User:
                    post.Author = ReadUser(ref reader);
                    break;
                case TweetField.Entities:
                    var media = ReadEntities(ref reader, account, out var mentions);
                    post.MentionsAccount = mentions;
                    post.Media ??= media;
                    break;
                case TweetField.ExtendedEntities:
                    post.Media = ReadEntities(ref reader, account, out _) ?? post.Media;
                    break;
                case TweetField.InReplyToStatusIdStr:
                    post.InReplyToStatusId = XJson.ReadId(ref reader);
                    break;
                case TweetField.InReplyToUserIdStr:
                    post.InReplyToUserId = XJson.ReadId(ref reader);
                    break;
                case TweetField.InReplyToScreenName:
                    post.InReplyToScreenName = XJson.ReadString(ref reader);
                    break;
                case TweetField.Truncated:
                    post.Truncated = XJson.ReadBoolean(ref reader);
                    break;
                case TweetField.DisplayTextRange:
                    post.Range = XJson.ReadRange(ref reader);
                    break;
                case TweetField.TimestampMs:
                    post.TimestampMs = XJson.ReadInt64(ref reader);
                    break;
                case TweetField.CreatedAt:
                    post.CreatedAt = XJson.ReadString(ref reader);
                    break;
                case TweetField.ExtendedTweet:
                    ReadExtendedTweet(ref reader, post, account);
                    break;
                case TweetField.RetweetedStatus:
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        post.IsRetweet = true;
                        ReadNestedTweet(ref reader, out var retweetedId, out var retweetedAuthor);
                        post.RetweetedId = retweetedId;
                        post.RetweetedAuthorId = retweetedAuthor;
                    }
                    else
                    {
                        reader.Skip();
                    }

                    break;
                case TweetField.QuotedStatus:
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        post.IsQuote = true;
                        ReadNestedTweet(ref reader, out var quotedId, out var quotedAuthor);
                        post.QuotedId ??= quotedId;
                        post.QuotedAuthorId = quotedAuthor;
                    }
                    else
                    {
                        reader.Skip();
                    }

                    break;
                case TweetField.QuotedStatusIdStr:
                    post.QuotedId = XJson.ReadId(ref reader) ?? post.QuotedId;
                    break;
                case TweetField.EditHistory:
                    post.EditInitialId = ReadIdProperty(ref reader, "initial_tweet_id"u8);
                    break;
                case TweetField.Id:
                    // A rounded number in real payloads: only a string (or a small exact number) is kept, as a fallback.
                    post.FallbackId = XJson.ReadId(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return post;
    }

    /// <summary>Reads <c>extended_tweet</c>: the full text of a truncated (or longform) Tweet, its range, entities and media.</summary>
    private static void ReadExtendedTweet(ref Utf8JsonReader reader, PostCapture post, string account)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("full_text"u8))
            {
                reader.Read();
                post.FullText = XJson.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("display_text_range"u8))
            {
                reader.Read();
                post.FullRange = XJson.ReadRange(ref reader);
            }
            else if (reader.ValueTextEquals("entities"u8))
            {
                reader.Read();
                var media = ReadEntities(ref reader, account, out var mentions);
                post.FullMentionsAccount = mentions;
                post.FullMedia ??= media;
            }
            else if (reader.ValueTextEquals("extended_entities"u8))
            {
                reader.Read();
                post.FullMedia = ReadEntities(ref reader, account, out _) ?? post.FullMedia;
            }
            else
            {
                XJson.SkipValue(ref reader);
            }
        }
    }

    /// <summary>Reads a retweeted or quoted Tweet only for its id and its author's id.</summary>
    private static void ReadNestedTweet(ref Utf8JsonReader reader, out string? id, out string? authorId)
    {
        id = null;
        authorId = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id_str"u8))
            {
                reader.Read();
                id = XJson.ReadId(ref reader);
            }
            else if (reader.ValueTextEquals("user"u8))
            {
                reader.Read();
                authorId = ReadIdProperty(ref reader, "id_str"u8);
            }
            else
            {
                XJson.SkipValue(ref reader);
            }
        }
    }

    /// <summary>
    /// Reads <c>entities</c> (or <c>extended_entities</c>): whether <c>user_mentions</c> (v1.1) or <c>mentions</c> (v2) name
    /// <paramref name="account"/> by id, and the v1.1 <c>media</c> list, if any.
    /// </summary>
    private static List<MediaInfo>? ReadEntities(ref Utf8JsonReader reader, string account, out bool mentionsAccount)
    {
        mentionsAccount = false;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        List<MediaInfo>? media = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("user_mentions"u8) || reader.ValueTextEquals("mentions"u8))
            {
                reader.Read();
                mentionsAccount |= ReadMentions(ref reader, account);
            }
            else if (reader.ValueTextEquals("media"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (ReadMediaV1(ref reader) is { } item)
                    {
                        (media ??= new List<MediaInfo>(1)).Add(item);
                    }
                }
            }
            else
            {
                XJson.SkipValue(ref reader);
            }
        }

        return media;
    }

    private static bool ReadMentions(ref Utf8JsonReader reader, string account)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return false;
        }

        var found = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // id_str (v1.1) or a string id (v2); a numeric v1.1 id is rounded and never compared.
                if (reader.ValueTextEquals("id_str"u8) || reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    found |= reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(account);
                    reader.Skip();
                }
                else
                {
                    XJson.SkipValue(ref reader);
                }
            }
        }

        return found;
    }

    /// <summary>Reads a v1.1 media object (Tweet entities, DM attachment).</summary>
    private static MediaInfo? ReadMediaV1(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? id = null, type = null, url = null, httpUrl = null, link = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id_str"u8))
            {
                reader.Read();
                id = XJson.ReadId(ref reader);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = XJson.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("media_url_https"u8))
            {
                reader.Read();
                url = XJson.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("media_url"u8))
            {
                reader.Read();
                httpUrl = XJson.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("url"u8))
            {
                reader.Read();
                link = XJson.ReadString(ref reader);
            }
            else
            {
                XJson.SkipValue(ref reader);
            }
        }

        return new MediaInfo(id, type, url ?? httpUrl, link);
    }

    // ------------------------------------------------------------------------------------------------ v2 Posts

    /// <summary>Reads a v2 Post (x.md §4.8, §4.9), noting whether its mentions name <paramref name="account"/>.</summary>
    private static PostCapture ReadPostV2(ref Utf8JsonReader reader, string account)
    {
        var post = new PostCapture { Account = account, V2 = true };
        Span<byte> scratch = stackalloc byte[32];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = PropertyNameBytes(in reader, scratch);
            reader.Read();
            switch (property.Length)
            {
                case 2 when property.SequenceEqual("id"u8):
                    post.Id = XJson.ReadId(ref reader);
                    break;
                case 4 when property.SequenceEqual("text"u8):
                    post.Text = XJson.ReadString(ref reader);
                    break;
                case 9 when property.SequenceEqual("author_id"u8):
                    post.AuthorId = XJson.ReadId(ref reader);
                    break;
                case 10 when property.SequenceEqual("created_at"u8):
                    post.CreatedTime = XJson.ReadTime(ref reader);
                    break;
                case 15 when property.SequenceEqual("conversation_id"u8):
                    post.ConversationId = XJson.ReadId(ref reader);
                    break;
                case 19 when property.SequenceEqual("in_reply_to_user_id"u8):
                    post.InReplyToUserId = XJson.ReadId(ref reader);
                    break;
                case 20 when property.SequenceEqual("in_reply_to_tweet_id"u8):
                    post.InReplyToStatusId = XJson.ReadId(ref reader) ?? post.InReplyToStatusId;
                    break;
                case 17 when property.SequenceEqual("referenced_tweets"u8):
                    ReadReferencedPosts(ref reader, post);
                    break;
                case 22 when property.SequenceEqual("edit_history_tweet_ids"u8):
                case 21 when property.SequenceEqual("edit_history_post_ids"u8):
                    if (XJson.ReadStringArray(ref reader) is { Count: > 0 } versions)
                    {
                        post.EditInitialId = versions[0];
                        post.EditVersions = versions.Count;
                    }

                    break;
                case 18 when property.SequenceEqual("display_text_range"u8):
                    post.Range = XJson.ReadRange(ref reader);
                    break;
                case 8 when property.SequenceEqual("entities"u8):
                    ReadEntities(ref reader, account, out var mentions);
                    post.MentionsAccount = mentions;
                    break;
                case 10 when property.SequenceEqual("note_tweet"u8):
                    ReadNotePost(ref reader, post, account);
                    break;
                case 11 when property.SequenceEqual("attachments"u8):
                    post.MediaKeys = ReadMediaKeys(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return post;
    }

    private static void ReadReferencedPosts(ref Utf8JsonReader reader, PostCapture post)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            string? id = null;
            var type = 0; // 1 replied_to, 2 quoted, 3 retweeted
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    type = reader.TokenType != JsonTokenType.String ? 0
                        : reader.ValueTextEquals("replied_to"u8) ? 1
                        : reader.ValueTextEquals("quoted"u8) ? 2
                        : reader.ValueTextEquals("retweeted"u8) ? 3
                        : 0;
                    reader.Skip();
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    id = XJson.ReadId(ref reader);
                }
                else
                {
                    XJson.SkipValue(ref reader);
                }
            }

            switch (type)
            {
                case 1:
                    post.InReplyToStatusId ??= id;
                    break;
                case 2:
                    post.IsQuote = true;
                    post.QuotedId ??= id;
                    break;
                case 3:
                    post.IsRetweet = true;
                    post.RetweetedId ??= id;
                    break;
            }
        }
    }

    /// <summary>Reads <c>note_tweet</c>: the full text of a longform v2 post and its mentions.</summary>
    private static void ReadNotePost(ref Utf8JsonReader reader, PostCapture post, string account)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                post.FullText = XJson.ReadString(ref reader);
                post.Truncated = post.FullText is not null;
            }
            else if (reader.ValueTextEquals("entities"u8))
            {
                reader.Read();
                ReadEntities(ref reader, account, out var mentions);
                post.FullMentionsAccount = mentions;
            }
            else
            {
                XJson.SkipValue(ref reader);
            }
        }
    }

    private static List<string>? ReadMediaKeys(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        List<string>? keys = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("media_keys"u8))
            {
                reader.Read();
                keys = XJson.ReadStringArray(ref reader);
            }
            else
            {
                XJson.SkipValue(ref reader);
            }
        }

        return keys;
    }

    /// <summary>Reads v2 <c>includes</c>: <c>users[]</c> (plain or wrapped in <c>data</c>), <c>tweets[]</c> and <c>media[]</c>.</summary>
    private static void ReadIncludes(ref Utf8JsonReader reader, Context context)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var kind = reader.ValueTextEquals("users"u8) ? 1 : reader.ValueTextEquals("tweets"u8) ? 2 : reader.ValueTextEquals("media"u8) ? 3 : 0;
            reader.Read();
            if (kind == 0 || reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                switch (kind)
                {
                    case 1:
                        if (ReadUser(ref reader) is { } user)
                        {
                            (context.Users ??= new List<UserInfo>(2)).Add(user);
                        }

                        break;
                    case 2:
                        if (ReadPostRef(ref reader) is { } post)
                        {
                            (context.Posts ??= new List<PostRef>(1)).Add(post);
                        }

                        break;
                    default:
                        if (ReadMediaV2(ref reader) is { } media)
                        {
                            (context.Media ??= new List<MediaInfo>(1)).Add(media);
                        }

                        break;
                }
            }
        }
    }

    private static PostRef? ReadPostRef(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? id = null, author = null, conversation = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = XJson.ReadId(ref reader);
            }
            else if (reader.ValueTextEquals("author_id"u8))
            {
                reader.Read();
                author = XJson.ReadId(ref reader);
            }
            else if (reader.ValueTextEquals("conversation_id"u8))
            {
                reader.Read();
                conversation = XJson.ReadId(ref reader);
            }
            else
            {
                XJson.SkipValue(ref reader);
            }
        }

        return XJson.IsId(id) ? new PostRef(id, author, conversation) : null;
    }

    private static MediaInfo? ReadMediaV2(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? key = null, type = null, url = null, preview = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("media_key"u8))
            {
                reader.Read();
                key = XJson.ReadId(ref reader);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = XJson.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("url"u8))
            {
                reader.Read();
                url = XJson.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("preview_image_url"u8))
            {
                reader.Read();
                preview = XJson.ReadString(ref reader);
            }
            else
            {
                XJson.SkipValue(ref reader);
            }
        }

        return XJson.IsId(key) ? new MediaInfo(key, type, url ?? preview, null) : null;
    }

    // ------------------------------------------------------------------------------------------------ small helpers

    /// <summary>Reads an object and returns one of its properties as an id, skipping the others (<c>target.recipient_id</c>, <c>source.user_id</c>).</summary>
    private static string? ReadIdProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(name))
            {
                reader.Read();
                value = XJson.ReadId(ref reader) ?? value;
            }
            else
            {
                XJson.SkipValue(ref reader);
            }
        }

        return value;
    }

    /// <summary>Reads an object and returns one of its string properties, skipping the others.</summary>
    private static string? ReadStringProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        string? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(name))
            {
                reader.Read();
                value = XJson.ReadString(ref reader) ?? value;
            }
            else
            {
                XJson.SkipValue(ref reader);
            }
        }

        return value;
    }
}
