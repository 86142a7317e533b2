using SocialCare.Abstractions;

namespace SocialCare.Channels.Twitter;

/// <content>
/// Turns the captured items into events (x.md §4.4–§4.8): direction and customer, conversation, idempotency key, time and
/// content. An item that cannot be used (no id, no author, no time) is skipped and counted, never an error.
/// </content>
internal static partial class XWebhookParser
{
    /// <summary>Turns the items captured since <paramref name="start"/> into events, in the order they were read.</summary>
    private static void BuildPending(Context context, int start)
    {
        var pending = context.Pending;
        for (var i = start; i < pending.Count; i++)
        {
            var item = pending[i];
            InboundEvent? built;
            try
            {
                built = item switch
                {
                    PostCapture post => BuildPost(context, post),
                    DirectMessageCapture dm => BuildDirectMessage(context, dm),
                    DirectMessageSignalCapture signal => BuildSignal(context, signal),
                    DeleteCapture delete => BuildDelete(context, delete),
                    LikeCapture like => BuildLike(context, like),
                    SocialCapture social => BuildSocial(context, social),
                    RevokeCapture revoke => BuildRevoke(context, revoke),
                    _ => null,
                };
            }
            catch (ArgumentException)
            {
                // The identifier types refuse what the checks above let through (a value they consider blank): one item, not the batch.
                context.Summary.AddIgnored("invalid-item");
                continue;
            }

            if (built is not null)
            {
                context.Events.Add(new InboundEnvelope(built) { Raw = context.Body.Slice(item.RawStart, item.RawLength) });
            }
        }

        pending.RemoveRange(start, pending.Count - start);
    }

    // ------------------------------------------------------------------------------------------------ posts

    private static InboundEvent? BuildPost(Context context, PostCapture post)
    {
        var summary = context.Summary;
        var id = post.EffectiveId;
        if (!XJson.IsId(id))
        {
            summary.AddIgnored("post:no-id");
            return null;
        }

        var account = post.Account;
        var author = post.Author ?? context.FindUser(post.AuthorId);
        var authorId = author?.Id ?? post.AuthorId;
        if (!XJson.IsId(authorId))
        {
            summary.AddIgnored("post:no-author");
            return null;
        }

        var settings = context.Settings;
        var mentions = post.MentionsAccount || post.FullMentionsAccount;
        var repliesToAccount = post.InReplyToUserId == account;
        var origin = MessageOrigin.Direct;
        var outbound = false;
        Participant customer;
        if (post.Listening)
        {
            // Listening (x.md §8): never the brand's own posts; a post that addresses the account is a direct message, so that
            // the Account Activity copy of it (same key) loses nothing.
            if (settings.Accounts.Contains(authorId))
            {
                summary.AddIgnored("listening:own-post");
                return null;
            }

            if (post.IsRetweet
                && (!settings.RetweetsOpenTickets || (context.FindPost(post.RetweetedId)?.AuthorId is { } original && settings.Accounts.Contains(original))))
            {
                summary.AddIgnored("listening:retweet");
                return null;
            }

            origin = mentions || repliesToAccount ? MessageOrigin.Direct : MessageOrigin.Listening;
            customer = Person(context, account, authorId, author);
        }
        else if (authorId == account)
        {
            // (1) The brand's own post (x.md §4.4): a reply to someone is an echo of an answer, anything else is not a ticket.
            if (post.IsRetweet || post.Hint == PostHint.Repost)
            {
                summary.AddIgnored("post:own-retweet");
                return null;
            }

            var repliedTo = post.InReplyToUserId;
            if (!XJson.IsId(repliedTo) || repliedTo == account)
            {
                summary.AddIgnored("post:own");
                return null;
            }

            outbound = true;
            var known = context.FindUser(repliedTo);
            customer = new Participant(ChannelId.X, new ChannelAccountId(account), new NetworkUserId(repliedTo))
            {
                DisplayName = known?.Name,
                Handle = post.InReplyToScreenName ?? known?.Handle,
            };
        }
        else
        {
            if (context.Blocked)
            {
                summary.AddIgnored("post:blocked");
                return null;
            }

            if (post.IsRetweet || post.Hint == PostHint.Repost)
            {
                // (2) A retweet repeats someone else's words: never a ticket when it is the brand's own post.
                var original = post.RetweetedAuthorId
                    ?? context.FindPost(post.RetweetedId)?.AuthorId
                    ?? (post.Hint == PostHint.Repost ? account : null);
                if (!settings.RetweetsOpenTickets || original == account)
                {
                    summary.AddIgnored("post:retweet");
                    return null;
                }
            }
            else if (repliesToAccount || post.Hint == PostHint.Reply || mentions || post.Hint == PostHint.Mention)
            {
                // (3) a reply to the brand, (4) a mention of it.
            }
            else if (post.Hint == PostHint.Quote
                || post.QuotedAuthorId == account
                || (post.IsQuote && context.FindPost(post.QuotedId)?.AuthorId == account))
            {
                // (5) a quote of a brand post.
                if (!settings.QuotesOpenTickets)
                {
                    summary.AddIgnored("post:quote");
                    return null;
                }
            }
            else
            {
                summary.AddIgnored("post:unrelated");
                return null;
            }

            customer = Person(context, account, authorId, author);
        }

        if ((post.CreatedTime ?? Time(context, post.TimestampMs, post.CreatedAt, id)) is not { } time)
        {
            summary.AddIgnored("post:no-time");
            return null;
        }

        var channelAccount = new ChannelAccountId(account);
        var root = FirstId(post.ConversationId, post.InReplyToStatusId, id);
        var conversation = new ConversationRef(ChannelId.X, channelAccount, new ThreadId(root), ConversationVisibility.Public);
        var key = new IdempotencyKey(ChannelId.X, channelAccount, "post:" + id);
        var parts = PostParts(context, post);

        // Every edit is a new post id; the first version's id names the message being edited (x.md §4.3).
        var initial = post.EditInitialId;
        if (XJson.IsId(initial) && initial != id && (!post.V2 || post.EditVersions > 1))
        {
            return new MessageEdited(key, conversation, customer, time, new NetworkMessageId(initial), parts);
        }

        return new MessageReceived(key, conversation, customer, time, new NetworkMessageId(id), parts)
        {
            Direction = outbound ? MessageDirection.Outbound : MessageDirection.Inbound,
            Author = outbound ? AuthorKind.Agent : AuthorKind.Customer,
            ReplyTo = XJson.IsId(post.InReplyToStatusId) ? new NetworkMessageId(post.InReplyToStatusId) : null,
            Origin = origin,
            MatchedRule = post.Listening ? post.MatchedRule ?? context.MatchedRule : null,
        };
    }

    /// <summary>
    /// The text a person reads (the full text of a truncated or longform post; the display range, which leaves out the
    /// auto-populated leading mentions and trailing media links, cut by code point before the HTML entities are decoded),
    /// then the media.
    /// </summary>
    private static MessagePart[] PostParts(Context context, PostCapture post)
    {
        string text;
        (int Start, int End)? range;
        List<MediaInfo>? media;
        if (post.FullText is not null && (post.Truncated || post.V2))
        {
            text = post.FullText;
            range = post.FullRange;
            media = post.FullMedia ?? post.Media;
        }
        else
        {
            text = post.Text ?? string.Empty;
            range = post.Range;
            media = post.Media;
        }

        if (post.V2 && post.MediaKeys is { Count: > 0 } keys)
        {
            foreach (var key in keys)
            {
                if (context.FindMedia(key) is { } found)
                {
                    (media ??= new List<MediaInfo>(keys.Count)).Add(found);
                }
            }
        }

        var display = range is { } r ? XText.SliceCodePoints(text, r.Start, r.End) : text;
        if (media is not null)
        {
            foreach (var item in media)
            {
                display = XText.RemoveLink(display, item.Link);
            }
        }

        display = XText.HtmlDecode(display.Trim());
        if (display.Length == 0 && media is not { Count: > 0 })
        {
            // Nothing but the leading mentions (a bare "@brand"): keep what was written rather than nothing.
            display = XText.HtmlDecode(text.Trim());
        }

        var count = (display.Length > 0 ? 1 : 0) + (media?.Count ?? 0);
        if (count == 0)
        {
            return [new UnsupportedPart("post") { Description = "no text or media" }];
        }

        var parts = new MessagePart[count];
        var index = 0;
        if (display.Length > 0)
        {
            parts[index++] = new TextPart(display);
        }

        if (media is not null)
        {
            foreach (var item in media)
            {
                parts[index++] = MediaPartOf(item);
            }
        }

        return parts;
    }

    // ------------------------------------------------------------------------------------------------ DMs

    private static InboundEvent? BuildDirectMessage(Context context, DirectMessageCapture dm)
    {
        var summary = context.Summary;
        if (dm.Type is not null && dm.Type != MessageCreate)
        {
            summary.AddIgnored("direct_message:" + dm.Type);
            return null;
        }

        if (!XJson.IsId(dm.Id) || !XJson.IsId(dm.SenderId))
        {
            summary.AddIgnored("direct_message:incomplete");
            return null;
        }

        // The brand's own DM (sent from the X app, or the echo of ours) comes back with the brand as sender (x.md §3, §9).
        var account = dm.Account;
        var outbound = dm.SenderId == account;
        var customerId = outbound ? dm.RecipientId : dm.SenderId;
        if (!XJson.IsId(customerId) || customerId == account)
        {
            summary.AddIgnored("direct_message:no-customer");
            return null;
        }

        if (Time(context, dm.CreatedMs, null, dm.Id) is not { } time)
        {
            summary.AddIgnored("direct_message:no-time");
            return null;
        }

        var customer = Person(context, account, customerId, null);
        var key = new IdempotencyKey(ChannelId.X, customer.Account, "dm:" + dm.Id);
        return new MessageReceived(key, ConversationRef.PrivateWith(customer), customer, time, new NetworkMessageId(dm.Id), DirectMessageParts(dm))
        {
            Direction = outbound ? MessageDirection.Outbound : MessageDirection.Inbound,
            Author = outbound ? AuthorKind.Agent : AuthorKind.Customer,
        };
    }

    /// <summary>The text (without the media's <c>t.co</c> link, decoded once) or the quick-reply choice, then the media.</summary>
    private static MessagePart[] DirectMessageParts(DirectMessageCapture dm)
    {
        var text = dm.Text ?? string.Empty;
        if (dm.Media is { } media)
        {
            text = XText.RemoveLink(text, media.Link);
        }

        text = XText.HtmlDecode(text);
        MessagePart? first = null;
        if (dm.QuickReply)
        {
            // The text is the chosen option's label; the metadata is the brand's own string (x.md §4.5).
            first = new ChoicePart(ChoiceKind.QuickReply, text.Length > 0 ? text : dm.QuickReplyMetadata ?? string.Empty, dm.QuickReplyMetadata);
        }
        else if (!string.IsNullOrWhiteSpace(text))
        {
            first = new TextPart(text);
        }

        MessagePart? second = dm.Media is { } attached ? MediaPartOf(attached)
            : dm.OtherAttachment is { } other ? new UnsupportedPart(other)
            : null;

        if (first is not null && second is not null)
        {
            return [first, second];
        }

        return [first ?? second ?? new UnsupportedPart(MessageCreate) { Description = "no text or attachment" }];
    }

    private static InboundEvent? BuildSignal(Context context, DirectMessageSignalCapture signal)
    {
        var summary = context.Summary;
        var name = signal.Read ? "read" : "typing";
        var account = signal.Account;
        if (!XJson.IsId(signal.SenderId))
        {
            summary.AddIgnored(name + ":no-sender");
            return null;
        }

        if (signal.SenderId == account)
        {
            // The brand typing or reading: nothing to tell anyone.
            summary.AddIgnored(name + ":own");
            return null;
        }

        if (Time(context, signal.CreatedMs, null, null) is not { } time)
        {
            summary.AddIgnored(name + ":no-time");
            return null;
        }

        var customer = Person(context, account, signal.SenderId, null);
        var conversation = ConversationRef.PrivateWith(customer);
        if (signal.Read)
        {
            if (!XJson.IsId(signal.LastReadEventId))
            {
                summary.AddIgnored("read:no-message");
                return null;
            }

            var readKey = new IdempotencyKey(ChannelId.X, customer.Account, "read:" + signal.SenderId + ":" + signal.LastReadEventId);
            return new DeliveryStatusChanged(readKey, conversation, customer, time, DeliveryStatus.Read)
            {
                MessageId = new NetworkMessageId(signal.LastReadEventId),
            };
        }

        var stamp = XJson.Invariant(signal.CreatedMs ?? time.ToUnixTimeMilliseconds());
        var key = new IdempotencyKey(ChannelId.X, customer.Account, "typing:" + signal.SenderId + ":" + stamp);
        return new ActivityObserved(key, conversation, customer, time, ParticipantActivity.Typing) { RawType = signal.RawType };
    }

    // ------------------------------------------------------------------------------------------------ deletes, likes, follows, revokes

    private static InboundEvent? BuildDelete(Context context, DeleteCapture delete)
    {
        var summary = context.Summary;
        if (!XJson.IsId(delete.Id))
        {
            summary.AddIgnored(delete.RawType + ":no-id");
            return null;
        }

        if (Time(context, delete.TimestampMs, null, null) is not { } time)
        {
            summary.AddIgnored(delete.RawType + ":no-time");
            return null;
        }

        // Account Activity only reports the account's own deletes; the status names its author all the same.
        var account = delete.Account;
        var userId = XJson.IsId(delete.UserId) ? delete.UserId : account;
        var customer = Person(context, account, userId, null);
        var conversation = new ConversationRef(ChannelId.X, customer.Account, new ThreadId(delete.Id), ConversationVisibility.Public);
        var key = new IdempotencyKey(ChannelId.X, customer.Account, "delete:" + delete.Id);
        return new MessageDeleted(key, conversation, customer, time, new NetworkMessageId(delete.Id));
    }

    private static InboundEvent? BuildLike(Context context, LikeCapture like)
    {
        var summary = context.Summary;
        var account = like.Account;
        var likedId = like.Liked?.EffectiveId ?? like.LikedId;
        if (!XJson.IsId(likedId))
        {
            summary.AddIgnored(like.RawType + ":no-post");
            return null;
        }

        bool byAccount;
        string? likerId;
        Participant? customer = null;
        string? thread;
        if (like.Liked is { } liked)
        {
            // favorite_events: the liker is given; when it is the brand, the customer is the liked post's author.
            likerId = like.Liker?.Id;
            if (!XJson.IsId(likerId))
            {
                summary.AddIgnored(like.RawType + ":no-liker");
                return null;
            }

            byAccount = likerId == account;
            var other = byAccount ? liked.Author : like.Liker;
            if (other is { } person && person.Id != account)
            {
                customer = Person(context, account, person.Id, person);
            }

            thread = FirstId(liked.ConversationId, liked.InReplyToStatusId, likedId);
        }
        else
        {
            // like.create names no liker: the account liked the post (outbound, or a post by someone else), or someone in
            // includes.users liked the account's post.
            var likedAuthor = like.LikedAuthorId;
            byAccount = string.Equals(like.Direction, "outbound", StringComparison.OrdinalIgnoreCase)
                || (XJson.IsId(likedAuthor) && likedAuthor != account);
            if (byAccount)
            {
                likerId = account;
                if (XJson.IsId(likedAuthor) && likedAuthor != account)
                {
                    customer = Person(context, account, likedAuthor, null);
                }
            }
            else
            {
                var liker = FirstUserOtherThan(context, account);
                likerId = liker?.Id;
                if (liker is { } person)
                {
                    customer = Person(context, account, person.Id, person);
                }
            }

            thread = FirstId(context.FindPost(likedId)?.ConversationId, null, likedId);
        }

        if (customer is null)
        {
            summary.AddIgnored(like.RawType + (byAccount ? ":own" : ":no-liker"));
            return null;
        }

        if (Time(context, like.TimestampMs, like.CreatedAt, null) is not { } time)
        {
            summary.AddIgnored(like.RawType + ":no-time");
            return null;
        }

        var eventId = XJson.IsId(like.LikeId) ? "like:" + like.LikeId : "like:" + likerId + ":" + likedId;
        var key = new IdempotencyKey(ChannelId.X, customer.Account, eventId);
        var conversation = new ConversationRef(ChannelId.X, customer.Account, new ThreadId(thread), ConversationVisibility.Public);
        return new ActivityObserved(key, conversation, customer, time, ParticipantActivity.Liked)
        {
            RawType = like.RawType,
            ByAccount = byAccount,
            Target = new NetworkMessageId(likedId),
        };
    }

    private static InboundEvent? BuildSocial(Context context, SocialCapture social)
    {
        var summary = context.Summary;
        var account = social.Account;
        if (social.Source is not { } source || social.Target is not { } target)
        {
            summary.AddIgnored(social.RawType + ":incomplete");
            return null;
        }

        // source acts on target (x.md §4.1): the brand blocking or muting someone, or someone following the brand.
        var byAccount = source.Id == account;
        var other = byAccount ? target : source;
        if (other.Id == account)
        {
            summary.AddIgnored(social.RawType + ":own");
            return null;
        }

        if (Time(context, social.CreatedMs, null, null) is not { } time)
        {
            summary.AddIgnored(social.RawType + ":no-time");
            return null;
        }

        var activity = social.Type switch
        {
            "follow" => ParticipantActivity.Followed,
            "unfollow" => ParticipantActivity.Unfollowed,
            "block" => ParticipantActivity.Blocked,
            "unblock" => ParticipantActivity.Unblocked,
            "mute" => ParticipantActivity.Muted,
            "unmute" => ParticipantActivity.Unmuted,
            _ => ParticipantActivity.Other,
        };

        // No id: the type, both users and the time name the event; an X Activity API delivery has its event_uuid instead.
        var stamp = social.CreatedMs is { } ms ? XJson.Invariant(ms)
            : XJson.IsId(social.EventUuid) ? "uuid:" + social.EventUuid
            : XJson.Invariant(time.ToUnixTimeMilliseconds());
        var customer = Person(context, account, other.Id, other);
        var key = new IdempotencyKey(ChannelId.X, customer.Account, string.Join(':', social.Family, social.Type, source.Id, target.Id, stamp));
        return new ActivityObserved(key, ConversationRef.PrivateWith(customer), customer, time, activity)
        {
            RawType = social.RawType,
            ByAccount = byAccount,
        };
    }

    private static InboundEvent? BuildRevoke(Context context, RevokeCapture revoke)
    {
        var summary = context.Summary;
        var account = revoke.UserId;
        if (!XJson.IsId(account))
        {
            summary.AddIgnored(revoke.RawType + ":no-user");
            return null;
        }

        if (!context.Settings.Accounts.Contains(account))
        {
            summary.UnknownAccountItems++;
            return null;
        }

        // One webhook URL may serve several apps: another app's revoke leaves this one connected.
        if (context.Settings.AppId is { Length: > 0 } appId && XJson.IsId(revoke.AppId) && revoke.AppId != appId)
        {
            summary.AddIgnored(revoke.RawType + ":other-app");
            return null;
        }

        summary.AddRevoked(account);
        if ((XJson.ParseTime(revoke.DateTime) ?? Received(context)) is not { } time)
        {
            summary.AddIgnored(revoke.RawType + ":no-time");
            return null;
        }

        var customer = Person(context, account, account, null);
        var stamp = XJson.IsId(revoke.DateTime) ? revoke.DateTime : XJson.Invariant(time.ToUnixTimeMilliseconds());
        var key = new IdempotencyKey(ChannelId.X, customer.Account, "revoke:" + account + ":" + stamp);
        return new ActivityObserved(key, ConversationRef.PrivateWith(customer), customer, time, ParticipantActivity.AccessRevoked)
        {
            RawType = revoke.RawType,
            ByAccount = true,
        };
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /// <summary>A person on the account, named from <paramref name="known"/>, else from the users the body listed.</summary>
    private static Participant Person(Context context, string account, string userId, UserInfo? known)
    {
        var user = known ?? context.FindUser(userId);
        return new Participant(ChannelId.X, new ChannelAccountId(account), new NetworkUserId(userId))
        {
            DisplayName = user?.Name,
            Handle = user?.Handle,
        };
    }

    private static UserInfo? FirstUserOtherThan(Context context, string account)
    {
        if (context.Users is null)
        {
            return null;
        }

        foreach (var user in context.Users)
        {
            if (user.Id != account)
            {
                return user;
            }
        }

        return null;
    }

    /// <summary>When the event happened: milliseconds, else the payload's time text, else the snowflake id's time, else when the body was received.</summary>
    private static DateTimeOffset? Time(Context context, long? milliseconds, string? text, string? snowflakeId) =>
        XJson.FromUnixMilliseconds(milliseconds)
        ?? XJson.ParseTime(text)
        ?? XJson.FromSnowflake(snowflakeId)
        ?? Received(context);

    private static DateTimeOffset? Received(Context context) =>
        context.Settings.ReceivedAt == default ? null : context.Settings.ReceivedAt;

    private static string FirstId(string? first, string? second, string last) =>
        XJson.IsId(first) ? first : XJson.IsId(second) ? second : last;

    private static MessagePart MediaPartOf(MediaInfo media)
    {
        MediaKind? kind = media.Type switch
        {
            "photo" => MediaKind.Image,
            "video" or "animated_gif" => MediaKind.Video,
            _ => null,
        };
        var url = XJson.AbsoluteUri(media.Url);
        if (kind is not { } mediaKind || (url is null && !XJson.IsId(media.Id)))
        {
            return new UnsupportedPart(media.Type ?? "media");
        }

        return new MediaPart(mediaKind)
        {
            NetworkMediaId = XJson.IsId(media.Id) ? media.Id : null,
            Url = url,
            MimeType = MimeTypeOf(url),
        };
    }

    /// <summary>The MIME type a media address's extension implies, when it is one X uses.</summary>
    private static string? MimeTypeOf(Uri? url)
    {
        var path = url?.AbsolutePath;
        if (path is null)
        {
            return null;
        }

        return Path.GetExtension(path).ToUpperInvariant() switch
        {
            ".JPG" or ".JPEG" => "image/jpeg",
            ".PNG" => "image/png",
            ".GIF" => "image/gif",
            ".WEBP" => "image/webp",
            ".MP4" => "video/mp4",
            _ => null,
        };
    }
}
