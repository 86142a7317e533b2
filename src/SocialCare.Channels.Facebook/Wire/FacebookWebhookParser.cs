using System.Text;
using System.Text.Json;
using SocialCare.Abstractions;
using SocialCare.Channels.Meta;
using static SocialCare.Channels.Meta.MetaJson;

namespace SocialCare.Channels.Facebook;

/// <summary>What <see cref="FacebookWebhookParser.TryParse"/> saw besides the events it produced.</summary>
internal struct FacebookParseSummary
{
    /// <summary>The top-level <c>object</c> value (<c>page</c>, <c>instagram</c>, ...). When it is not <c>page</c>, no events are added.</summary>
    public string? Object;

    /// <summary>How many <c>entry[]</c> items the body held.</summary>
    public int Entries;

    /// <summary>How many items (messaging items, changes, entries of another object) were skipped.</summary>
    public int Ignored;

    /// <summary>The distinct names of what was skipped (at most <see cref="FacebookWebhookParser.MaxIgnoredKinds"/>): field and key names, never content.</summary>
    public List<string>? IgnoredKinds;
}

/// <summary>
/// Turns a verified <c>object=page</c> webhook body (Messenger <c>messaging[]</c>/<c>standby[]</c> and Page feed
/// <c>changes[]</c>) into channel-neutral events, in one forward <see cref="Utf8JsonReader"/> pass.
/// </summary>
/// <remarks>
/// Properties may come in any order: the scalars of an item are buffered in locals and its events are built at the
/// item's end. When <c>object</c> follows <c>entry</c>, or an entry's <c>id</c>/<c>time</c> follow its arrays, a copy of
/// the reader looks ahead for them (the common order needs no look-ahead). Allocations are the strings and records
/// kept, plus two scratch lists reused across the items of one body.
/// </remarks>
internal static class FacebookWebhookParser
{
    /// <summary>The most distinct names <see cref="FacebookParseSummary.IgnoredKinds"/> holds.</summary>
    public const int MaxIgnoredKinds = MetaJson.MaxIgnoredKinds;

    private const string PageObject = "page";
    private const string SocialCareMetadataPrefix = "socialcare:";

    private enum ItemKind : byte
    {
        None,
        Message,
        Postback,
        Delivery,
        Read,
        Reaction,
        MessageEdit,
        Referral,
        PassThreadControl,
        TakeThreadControl,
        RequestThreadControl,
    }

    private enum AttachmentKind : byte
    {
        Other,
        Image,
        Video,
        Audio,
        File,
        Sticker,
        Location,
        Fallback,
    }

    private enum FeedItem : byte
    {
        Missing,
        Other,
        Comment,
        Status,
        Post,
        Photo,
        Video,
        Share,
    }

    private enum FeedVerb : byte
    {
        Missing,
        Other,
        Add,
        Edited,
        Edit,
        Remove,
        Delete,
    }

    /// <summary>Parses a verified webhook body.</summary>
    /// <param name="body">The request body, exactly as received.</param>
    /// <param name="appId">This app's Meta app id, when configured: it tells our echoes and thread-control changes from other apps'.</param>
    /// <param name="events">Receives the events, each with the slice of <paramref name="body"/> it was read from.</param>
    /// <param name="summary">What the body held besides the events.</param>
    /// <param name="error">Why the body was refused: a short text naming the problem, never message content.</param>
    /// <returns>
    /// <see langword="false"/> when the body is not well-formed JSON or its structure is wrong (then nothing is added to
    /// <paramref name="events"/>). Unknown objects, fields, keys, items and verbs are skipped and counted, never an error.
    /// </returns>
    public static bool TryParse(ReadOnlyMemory<byte> body, string? appId, List<InboundEnvelope> events, out FacebookParseSummary summary, out string? error)
    {
        ArgumentNullException.ThrowIfNull(events);
        var initialCount = events.Count;
        var context = new Context(body, appId, events);
        error = MetaJson.Parse(body.Span, ref context, ParseRoot);
        summary = context.Summary;
        if (error is not null)
        {
            events.RemoveRange(initialCount, events.Count - initialCount);
            return false;
        }

        return true;
    }

    private static string? ParseRoot(ref Utf8JsonReader reader, ref Context context)
        => MetaJson.ParseEnvelope(ref reader, ref context, PageObject, ParseEntry);

    private static string? ParseEntry(ref Utf8JsonReader reader, ref Context context)
    {
        var entry = default(EntryInfo);
        var probed = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            int list; // 0 messaging, 1 standby, 2 changes
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                entry.Id = ReadString(ref reader);
                continue;
            }
            else if (reader.ValueTextEquals("time"u8))
            {
                reader.Read();
                if (TryReadInt64(ref reader, out var time))
                {
                    entry.Time = time;
                }

                continue;
            }
            else if (reader.ValueTextEquals("messaging"u8))
            {
                list = 0;
            }
            else if (reader.ValueTextEquals("standby"u8))
            {
                list = 1;
            }
            else if (reader.ValueTextEquals("changes"u8))
            {
                list = 2;
            }
            else
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            if (!probed && (entry.Id is null || entry.Time is null))
            {
                // The entry's id or time come after its items: look ahead for them with a copy of the reader.
                probed = true;
                var probe = reader;
                ProbeEntry(ref probe, ref entry);
            }

            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return list switch
                {
                    0 => "\"messaging\" is not an array",
                    1 => "\"standby\" is not an array",
                    _ => "\"changes\" is not an array",
                };
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return list switch
                    {
                        0 => "a \"messaging\" item is not an object",
                        1 => "a \"standby\" item is not an object",
                        _ => "a \"changes\" item is not an object",
                    };
                }

                if (list == 2)
                {
                    ParseChange(ref reader, ref context, in entry);
                }
                else
                {
                    ParseMessagingItem(ref reader, ref context, in entry, standby: list == 1);
                }
            }
        }

        return null;
    }

    /// <summary>From an array's property name inside an entry, reads the entry's <c>id</c> and <c>time</c> found later.</summary>
    private static void ProbeEntry(ref Utf8JsonReader probe, ref EntryInfo entry)
    {
        probe.Read();
        probe.Skip();
        while ((entry.Id is null || entry.Time is null) && probe.Read() && probe.TokenType == JsonTokenType.PropertyName)
        {
            if (entry.Id is null && probe.ValueTextEquals("id"u8))
            {
                probe.Read();
                entry.Id = ReadString(ref probe);
            }
            else if (entry.Time is null && probe.ValueTextEquals("time"u8))
            {
                probe.Read();
                if (TryReadInt64(ref probe, out var time))
                {
                    entry.Time = time;
                }
            }
            else
            {
                probe.Read();
                probe.Skip();
            }
        }
    }

    // ---------------------------------------------------------------- Messenger

    private static void ParseMessagingItem(ref Utf8JsonReader reader, ref Context context, in EntryInfo entry, bool standby)
    {
        var start = (int)reader.TokenStartIndex;
        var item = default(MessagingItem);
        context.Attachments?.Clear();
        context.Mids?.Clear();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("sender"u8))
            {
                reader.Read();
                ReadParty(ref reader, out item.SenderId, out item.SenderUserRef);
            }
            else if (reader.ValueTextEquals("recipient"u8))
            {
                reader.Read();
                ReadParty(ref reader, out item.RecipientId, out item.RecipientUserRef);
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                reader.Read();
                if (TryReadInt64(ref reader, out var timestamp))
                {
                    item.Timestamp = timestamp;
                }
            }
            else if (EventKey(ref reader) is var kind and not ItemKind.None)
            {
                reader.Read();
                if (item.Kind != ItemKind.None || reader.TokenType != JsonTokenType.StartObject)
                {
                    // A second event key in one item, or an event that is not an object: nothing to read.
                    item.UnknownKey ??= EventKeyName(kind);
                    reader.Skip();
                    continue;
                }

                item.Kind = kind;
                switch (kind)
                {
                    case ItemKind.Message:
                        ParseMessage(ref reader, ref item, ref context);
                        break;
                    case ItemKind.Referral:
                        item.Referral = ReadReferral(ref reader);
                        break;
                    default:
                        ParseEventObject(ref reader, ref item, ref context);
                        break;
                }
            }
            else
            {
                // Named only while the item has no known event key: an unknown key beside a known one is just extra data.
                if (item.Kind == ItemKind.None)
                {
                    item.UnknownKey ??= KindName(ref reader, ref context);
                }

                reader.Read();
                reader.Skip();
            }
        }

        var raw = context.Body.Slice(start, (int)reader.BytesConsumed - start);
        try
        {
            BuildMessagingEvents(ref context, in entry, ref item, standby, raw);
        }
        catch (ArgumentException)
        {
            // An identifier type refused a value the checks above let through: skip the item rather than the body.
            AddIgnored(ref context, "messaging:invalid");
        }
    }

    private static ItemKind EventKey(ref Utf8JsonReader reader)
    {
        if (reader.ValueTextEquals("message"u8))
        {
            return ItemKind.Message;
        }

        if (reader.ValueTextEquals("delivery"u8))
        {
            return ItemKind.Delivery;
        }

        if (reader.ValueTextEquals("read"u8))
        {
            return ItemKind.Read;
        }

        if (reader.ValueTextEquals("postback"u8))
        {
            return ItemKind.Postback;
        }

        if (reader.ValueTextEquals("reaction"u8))
        {
            return ItemKind.Reaction;
        }

        if (reader.ValueTextEquals("message_edit"u8))
        {
            return ItemKind.MessageEdit;
        }

        if (reader.ValueTextEquals("referral"u8))
        {
            return ItemKind.Referral;
        }

        if (reader.ValueTextEquals("pass_thread_control"u8))
        {
            return ItemKind.PassThreadControl;
        }

        if (reader.ValueTextEquals("take_thread_control"u8))
        {
            return ItemKind.TakeThreadControl;
        }

        return reader.ValueTextEquals("request_thread_control"u8) ? ItemKind.RequestThreadControl : ItemKind.None;
    }

    private static string EventKeyName(ItemKind kind) => kind switch
    {
        ItemKind.Message => "message",
        ItemKind.Postback => "postback",
        ItemKind.Delivery => "delivery",
        ItemKind.Read => "read",
        ItemKind.Reaction => "reaction",
        ItemKind.MessageEdit => "message_edit",
        ItemKind.Referral => "referral",
        ItemKind.PassThreadControl => "pass_thread_control",
        ItemKind.TakeThreadControl => "take_thread_control",
        ItemKind.RequestThreadControl => "request_thread_control",
        _ => "messaging:empty",
    };

    /// <summary>Reads <c>sender</c> or <c>recipient</c>: <c>{"id":…}</c> or <c>{"user_ref":…}</c>.</summary>
    private static void ReadParty(ref Utf8JsonReader reader, out string? id, out string? userRef)
    {
        id = null;
        userRef = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                id = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("user_ref"u8))
            {
                reader.Read();
                userRef = ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ParseMessage(ref Utf8JsonReader reader, ref MessagingItem item, ref Context context)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("mid"u8))
            {
                reader.Read();
                item.Mid = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                item.Text = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("attachments"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        (context.Attachments ??= new List<Attachment>(4)).Add(ReadAttachment(ref reader));
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else if (reader.ValueTextEquals("quick_reply"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                item.HasQuickReply = true;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isPayload = reader.ValueTextEquals("payload"u8);
                    reader.Read();
                    if (isPayload)
                    {
                        item.Payload = ReadString(ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else if (reader.ValueTextEquals("reply_to"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isMid = reader.ValueTextEquals("mid"u8);
                    reader.Read();
                    if (isMid)
                    {
                        item.ReplyTo = ReadString(ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else if (reader.ValueTextEquals("is_echo"u8))
            {
                reader.Read();
                item.IsEcho = ReadBoolean(ref reader);
            }
            else if (reader.ValueTextEquals("app_id"u8))
            {
                reader.Read();
                item.AppId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("metadata"u8))
            {
                reader.Read();
                item.Metadata = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("referral"u8))
            {
                reader.Read();
                item.Referral = ReadReferral(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static Attachment ReadAttachment(ref Utf8JsonReader reader)
    {
        var attachment = default(Attachment);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    reader.Skip();
                    continue;
                }

                attachment.Kind =
                    reader.ValueTextEquals("image"u8) ? AttachmentKind.Image :
                    reader.ValueTextEquals("video"u8) ? AttachmentKind.Video :
                    reader.ValueTextEquals("audio"u8) ? AttachmentKind.Audio :
                    reader.ValueTextEquals("file"u8) ? AttachmentKind.File :
                    reader.ValueTextEquals("sticker"u8) ? AttachmentKind.Sticker :
                    reader.ValueTextEquals("fallback"u8) ? AttachmentKind.Fallback :
                    reader.ValueTextEquals("location"u8) ? AttachmentKind.Location :
                    AttachmentKind.Other;
                attachment.Type = attachment.Kind == AttachmentKind.Other ? TruncateKind(reader.GetString() ?? string.Empty) : null;
            }
            else if (reader.ValueTextEquals("payload"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadAttachmentPayload(ref reader, ref attachment);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("url"u8))
            {
                // fallback: the payload may be null, with url and title beside it.
                reader.Read();
                attachment.Url ??= ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("title"u8))
            {
                reader.Read();
                attachment.Title ??= ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return attachment;
    }

    private static void ReadAttachmentPayload(ref Utf8JsonReader reader, ref Attachment attachment)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("url"u8))
            {
                reader.Read();
                attachment.Url = ReadString(ref reader) ?? attachment.Url;
            }
            else if (reader.ValueTextEquals("sticker_id"u8))
            {
                reader.Read();
                attachment.StickerId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("title"u8))
            {
                reader.Read();
                attachment.Title = ReadString(ref reader) ?? attachment.Title;
            }
            else if (reader.ValueTextEquals("coordinates"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("lat"u8))
                    {
                        reader.Read();
                        attachment.Latitude = ReadDouble(ref reader);
                    }
                    else if (reader.ValueTextEquals("long"u8))
                    {
                        reader.Read();
                        attachment.Longitude = ReadDouble(ref reader);
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>Reads the object of a postback, delivery, read, reaction, message_edit or thread-control event.</summary>
    private static void ParseEventObject(ref Utf8JsonReader reader, ref MessagingItem item, ref Context context)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("mid"u8))
            {
                reader.Read();
                item.Mid = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("watermark"u8))
            {
                reader.Read();
                if (TryReadInt64(ref reader, out var watermark))
                {
                    item.Watermark = watermark;
                }
            }
            else if (reader.ValueTextEquals("mids"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (ReadString(ref reader) is { } mid && IsId(mid))
                    {
                        (context.Mids ??= new List<string>(2)).Add(mid);
                    }
                }
            }
            else if (reader.ValueTextEquals("title"u8))
            {
                reader.Read();
                item.Title = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("payload"u8))
            {
                reader.Read();
                item.Payload = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                item.Text = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("emoji"u8))
            {
                reader.Read();
                item.Emoji = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("reaction"u8))
            {
                reader.Read();
                item.Reaction = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("action"u8))
            {
                reader.Read();
                item.Action = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("num_edit"u8))
            {
                reader.Read();
                if (TryReadInt64(ref reader, out var numEdit))
                {
                    item.NumEdit = numEdit;
                }
            }
            else if (reader.ValueTextEquals("new_owner_app_id"u8) || reader.ValueTextEquals("requested_owner_app_id"u8))
            {
                reader.Read();
                item.OwnerAppId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("previous_owner_app_id"u8))
            {
                reader.Read();
                item.PreviousOwnerAppId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("metadata"u8))
            {
                reader.Read();
                item.Metadata = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("referral"u8))
            {
                reader.Read();
                item.Referral = ReadReferral(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>Reads a referral object (<c>messaging[].referral</c>, <c>message.referral</c>, <c>postback.referral</c>).</summary>
    private static Referral? ReadReferral(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? source = null, reference = null, type = null, adId = null, refererUri = null, adTitle = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("ref"u8))
            {
                reader.Read();
                reference = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("source"u8))
            {
                reader.Read();
                source = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("ad_id"u8))
            {
                reader.Read();
                adId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("referer_uri"u8))
            {
                reader.Read();
                refererUri = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("ads_context_data"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isTitle = reader.ValueTextEquals("ad_title"u8);
                    reader.Read();
                    if (isTitle)
                    {
                        adTitle = ReadString(ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new Referral(string.IsNullOrEmpty(source) ? "unknown" : source)
        {
            Ref = reference,
            SourceId = adId,
            SourceType = type,
            SourceUrl = AbsoluteUri(refererUri),
            Headline = adTitle,
        };
    }

    private static void BuildMessagingEvents(ref Context context, in EntryInfo entry, ref MessagingItem item, bool standby, ReadOnlyMemory<byte> raw)
    {
        if (item.Kind == ItemKind.None)
        {
            AddIgnored(ref context, item.UnknownKey ?? "messaging:empty");
            return;
        }

        if (!IsId(entry.Id))
        {
            AddIgnored(ref context, "entry:no-id");
            return;
        }

        var echo = item.Kind == ItemKind.Message && item.IsEcho;
        var psid = echo ? UserKey(item.RecipientId, item.RecipientUserRef) : UserKey(item.SenderId, item.SenderUserRef);
        if (psid is null)
        {
            AddIgnored(ref context, "messaging:no-user");
            return;
        }

        // Messenger times are epoch milliseconds; without an item timestamp the entry's time stands in.
        long timestamp;
        DateTimeOffset occurredAt;
        if (item.Timestamp is { } t && TryFromEpochMilliseconds(t, out occurredAt))
        {
            timestamp = t;
        }
        else if (entry.Time is { } et && TryFromEpochMilliseconds(et, out occurredAt))
        {
            timestamp = et;
        }
        else
        {
            AddIgnored(ref context, "messaging:no-time");
            return;
        }

        var account = new ChannelAccountId(entry.Id);
        var customer = new Participant(ChannelId.Facebook, account, new NetworkUserId(psid));
        var conversation = new ConversationRef(ChannelId.Facebook, account, new ThreadId(psid), ConversationVisibility.Private);
        InboundEvent inbound;
        switch (item.Kind)
        {
            case ItemKind.Message:
                if (!IsId(item.Mid))
                {
                    AddIgnored(ref context, "message:no-mid");
                    return;
                }

                inbound = new MessageReceived(Key(account, item.Mid), conversation, customer, occurredAt, new NetworkMessageId(item.Mid), MessageParts(ref context, ref item))
                {
                    Direction = echo ? MessageDirection.Outbound : MessageDirection.Inbound,
                    Author = echo ? EchoAuthor(item.AppId, context.AppId) : AuthorKind.Customer,
                    ReplyTo = IsId(item.ReplyTo) ? new NetworkMessageId(item.ReplyTo) : null,
                    Referral = item.Referral,
                    LocalId = echo ? EchoLocalId(item.Metadata, item.AppId, context.AppId) : null,
                    Standby = standby,
                };
                break;

            case ItemKind.Postback:
            {
                var hasMid = IsId(item.Mid);
                var ts = Invariant(timestamp);
                var messageId = hasMid ? item.Mid! : $"postback:{psid}:{ts}";
                var eventId = hasMid ? "postback:" + item.Mid : $"postback:{psid}:{ts}:{item.Payload}";
                MessagePart[] parts = [new ChoicePart(ChoiceKind.Postback, item.Title ?? item.Payload ?? string.Empty, item.Payload)];
                inbound = new MessageReceived(Key(account, eventId), conversation, customer, occurredAt, new NetworkMessageId(messageId), parts)
                {
                    Direction = MessageDirection.Inbound,
                    Author = AuthorKind.Customer,
                    Referral = item.Referral,
                    Standby = standby,
                };
                break;
            }

            case ItemKind.Delivery:
            {
                DateTimeOffset? watermark = item.Watermark is { } w && TryFromEpochMilliseconds(w, out var wt) ? wt : null;
                if (context.Mids is { Count: > 0 } mids)
                {
                    foreach (var mid in mids)
                    {
                        var delivered = new DeliveryStatusChanged(Key(account, "delivery:" + mid), conversation, customer, occurredAt, DeliveryStatus.Delivered)
                        {
                            MessageId = new NetworkMessageId(mid),
                            Watermark = watermark,
                        };
                        context.Events.Add(new InboundEnvelope(delivered) { Raw = raw });
                    }

                    return;
                }

                if (item.Watermark is not { } wm || watermark is null)
                {
                    AddIgnored(ref context, "delivery:empty");
                    return;
                }

                inbound = new DeliveryStatusChanged(Key(account, $"delivery:{psid}:{Invariant(wm)}"), conversation, customer, occurredAt, DeliveryStatus.Delivered)
                {
                    Watermark = watermark,
                };
                break;
            }

            case ItemKind.Read:
            {
                if (item.Watermark is not { } wm || !TryFromEpochMilliseconds(wm, out var watermark))
                {
                    AddIgnored(ref context, "read:no-watermark");
                    return;
                }

                inbound = new DeliveryStatusChanged(Key(account, $"read:{psid}:{Invariant(wm)}"), conversation, customer, occurredAt, DeliveryStatus.Read)
                {
                    Watermark = watermark,
                };
                break;
            }

            case ItemKind.Reaction:
            {
                if (!IsId(item.Mid))
                {
                    AddIgnored(ref context, "reaction:no-mid");
                    return;
                }

                var reaction = new ReactionPart(item.Emoji ?? item.Reaction ?? string.Empty, new NetworkMessageId(item.Mid))
                {
                    Removed = string.Equals(item.Action, "unreact", StringComparison.Ordinal),
                };
                var eventId = $"reaction:{item.Mid}:{item.Action}:{item.Emoji}:{Invariant(timestamp)}";
                inbound = new ReactionChanged(Key(account, eventId), conversation, customer, occurredAt, reaction);
                break;
            }

            case ItemKind.MessageEdit:
            {
                if (!IsId(item.Mid))
                {
                    AddIgnored(ref context, "message_edit:no-mid");
                    return;
                }

                // Without num_edit, the time tells two edits apart.
                var eventId = item.NumEdit is { } n ? $"edit:{item.Mid}:{Invariant(n)}" : $"edit:{item.Mid}:@{Invariant(timestamp)}";
                MessagePart[] parts = [item.Text is not null ? new TextPart(item.Text) : new UnsupportedPart("message_edit")];
                inbound = new MessageEdited(Key(account, eventId), conversation, customer, occurredAt, new NetworkMessageId(item.Mid), parts);
                break;
            }

            case ItemKind.Referral:
                inbound = new ReferralReceived(Key(account, $"referral:{psid}:{Invariant(timestamp)}"), conversation, customer, occurredAt, item.Referral ?? new Referral("unknown"));
                break;

            case ItemKind.PassThreadControl:
            case ItemKind.TakeThreadControl:
            case ItemKind.RequestThreadControl:
            {
                ConversationControl control;
                if (item.Kind == ItemKind.PassThreadControl)
                {
                    control = context.AppId is not null && !string.Equals(item.OwnerAppId, context.AppId, StringComparison.Ordinal)
                        ? ConversationControl.Elsewhere
                        : ConversationControl.Ours;
                }
                else if (item.Kind == ItemKind.TakeThreadControl)
                {
                    control = context.AppId is not null && string.Equals(item.OwnerAppId, context.AppId, StringComparison.Ordinal)
                        ? ConversationControl.Ours
                        : ConversationControl.Elsewhere;
                }
                else
                {
                    control = ConversationControl.Requested;
                }

                var eventId = $"{EventKeyName(item.Kind)}:{psid}:{Invariant(timestamp)}";
                inbound = new ConversationControlChanged(Key(account, eventId), conversation, customer, occurredAt, control)
                {
                    OwnerAppId = item.OwnerAppId,
                    PreviousOwnerAppId = item.PreviousOwnerAppId,
                    Metadata = item.Metadata,
                };
                break;
            }

            default:
                AddIgnored(ref context, EventKeyName(item.Kind));
                return;
        }

        context.Events.Add(new InboundEnvelope(inbound) { Raw = raw });
    }

    private static MessagePart[] MessageParts(ref Context context, ref MessagingItem item)
    {
        var attachments = context.Attachments;
        var attachmentCount = attachments?.Count ?? 0;
        var hasText = !string.IsNullOrEmpty(item.Text);
        var parts = new MessagePart[(item.HasQuickReply || hasText ? 1 : 0) + attachmentCount];
        var count = 0;
        if (item.HasQuickReply)
        {
            parts[count++] = new ChoicePart(ChoiceKind.QuickReply, hasText ? item.Text! : item.Payload ?? string.Empty, item.Payload);
        }
        else if (hasText)
        {
            parts[count++] = new TextPart(item.Text!);
        }

        for (var i = 0; i < attachmentCount; i++)
        {
            var part = AttachmentPart(attachments![i], item.Text, parts.AsSpan(0, count));
            if (part is not null)
            {
                parts[count++] = part;
            }
        }

        if (count == 0)
        {
            return [new UnsupportedPart("message")];
        }

        if (count < parts.Length)
        {
            Array.Resize(ref parts, count);
        }

        return parts;
    }

    /// <summary>Maps one attachment; <see langword="null"/> when it adds nothing (a link already in the text, a duplicate sticker).</summary>
    private static MessagePart? AttachmentPart(in Attachment attachment, string? text, ReadOnlySpan<MessagePart> earlier)
    {
        switch (attachment.Kind)
        {
            case AttachmentKind.Image when attachment.StickerId is null:
                return new MediaPart(MediaKind.Image) { Url = AbsoluteUri(attachment.Url) };
            case AttachmentKind.Video:
                return new MediaPart(MediaKind.Video) { Url = AbsoluteUri(attachment.Url) };
            case AttachmentKind.Audio:
                return new MediaPart(MediaKind.Audio) { Url = AbsoluteUri(attachment.Url) };
            case AttachmentKind.File:
                return new MediaPart(MediaKind.Document) { Url = AbsoluteUri(attachment.Url) };
            case AttachmentKind.Image:
            case AttachmentKind.Sticker:
                // Until 2026-08-30 Meta sent a sticker twice (an image with sticker_id and a sticker): keep one.
                if (attachment.StickerId is not null)
                {
                    foreach (var part in earlier)
                    {
                        if (part is MediaPart { MediaKind: MediaKind.Sticker } sticker && string.Equals(sticker.NetworkMediaId, attachment.StickerId, StringComparison.Ordinal))
                        {
                            return null;
                        }
                    }
                }

                return new MediaPart(MediaKind.Sticker) { Url = AbsoluteUri(attachment.Url), NetworkMediaId = attachment.StickerId };
            case AttachmentKind.Location:
                return attachment is { Latitude: { } lat, Longitude: { } lon }
                    ? new LocationPart(lat, lon)
                    : new UnsupportedPart("location");
            case AttachmentKind.Fallback:
                if (attachment.Url is { Length: > 0 } url && text is not null && text.Contains(url, StringComparison.Ordinal))
                {
                    return null;
                }

                var shared = $"{attachment.Title} {attachment.Url}".Trim();
                return shared.Length > 0 ? new TextPart(shared) : new UnsupportedPart("fallback");
            default:
                return new UnsupportedPart(attachment.Type ?? "attachment") { Description = attachment.Title ?? attachment.Url };
        }
    }

    private static string? UserKey(string? id, string? userRef) =>
        IsId(id) ? id : IsId(userRef) ? "user_ref:" + userRef : null;

    /// <summary>An echo is a person's (Agent) unless another app sent it; Meta's Page Inbox and our own app count as people.</summary>
    private static AuthorKind EchoAuthor(string? echoAppId, string? ourAppId) =>
        echoAppId is null
        || string.Equals(echoAppId, ourAppId, StringComparison.Ordinal)
        || string.Equals(echoAppId, FacebookDefaults.PageInboxAppId, StringComparison.Ordinal)
            ? AuthorKind.Agent
            : AuthorKind.Bot;

    /// <summary>The SocialCare message id an echo carries in its metadata (<c>socialcare:&lt;id&gt;</c>), when the echo is of our own send.</summary>
    private static MessageId? EchoLocalId(string? metadata, string? echoAppId, string? ourAppId)
    {
        if (metadata is null
            || !metadata.StartsWith(SocialCareMetadataPrefix, StringComparison.Ordinal)
            || (echoAppId is not null && ourAppId is not null && !string.Equals(echoAppId, ourAppId, StringComparison.Ordinal)))
        {
            return null;
        }

        var value = metadata[SocialCareMetadataPrefix.Length..];
        return IsId(value) ? new MessageId(value) : null;
    }

    // ---------------------------------------------------------------- Page feed

    private static void ParseChange(ref Utf8JsonReader reader, ref Context context, in EntryInfo entry)
    {
        var start = (int)reader.TokenStartIndex;
        bool? isFeed = null;
        string? otherField = null;
        var hasValue = false;
        var value = default(FeedValue);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("field"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("feed"u8))
                {
                    isFeed = true;
                }
                else
                {
                    isFeed = false;
                    otherField = reader.TokenType == JsonTokenType.String ? KindName(ref reader, ref context, "field:") : null;
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("value"u8))
            {
                reader.Read();
                if (isFeed == false || reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                }
                else
                {
                    // When "value" precedes "field" it is read before knowing the field; kept only for "feed".
                    hasValue = true;
                    ReadFeedValue(ref reader, ref value);
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (isFeed != true)
        {
            AddIgnored(ref context, otherField ?? "field:(none)");
            return;
        }

        if (!hasValue)
        {
            AddIgnored(ref context, "feed:no-value");
            return;
        }

        var raw = context.Body.Slice(start, (int)reader.BytesConsumed - start);
        try
        {
            BuildFeedEvent(ref context, in entry, ref value, raw);
        }
        catch (ArgumentException)
        {
            AddIgnored(ref context, "feed:invalid");
        }
    }

    private static void ReadFeedValue(ref Utf8JsonReader reader, ref FeedValue value)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("item"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    reader.Skip();
                    continue;
                }

                value.Item =
                    reader.ValueTextEquals("comment"u8) ? FeedItem.Comment :
                    reader.ValueTextEquals("status"u8) ? FeedItem.Status :
                    reader.ValueTextEquals("post"u8) ? FeedItem.Post :
                    reader.ValueTextEquals("photo"u8) ? FeedItem.Photo :
                    reader.ValueTextEquals("video"u8) ? FeedItem.Video :
                    reader.ValueTextEquals("share"u8) ? FeedItem.Share :
                    FeedItem.Other;
                value.ItemName = value.Item == FeedItem.Other ? TruncateKind(reader.GetString() ?? string.Empty) : null;
            }
            else if (reader.ValueTextEquals("verb"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    reader.Skip();
                    continue;
                }

                value.Verb =
                    reader.ValueTextEquals("add"u8) ? FeedVerb.Add :
                    reader.ValueTextEquals("edited"u8) ? FeedVerb.Edited :
                    reader.ValueTextEquals("remove"u8) ? FeedVerb.Remove :
                    reader.ValueTextEquals("edit"u8) ? FeedVerb.Edit :
                    reader.ValueTextEquals("delete"u8) ? FeedVerb.Delete :
                    FeedVerb.Other;
                value.VerbName = value.Verb == FeedVerb.Other ? TruncateKind(reader.GetString() ?? string.Empty) : null;
            }
            else if (reader.ValueTextEquals("comment_id"u8))
            {
                reader.Read();
                value.CommentId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("post_id"u8))
            {
                reader.Read();
                value.PostId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("parent_id"u8))
            {
                reader.Read();
                value.ParentId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("from"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("id"u8))
                    {
                        reader.Read();
                        value.FromId = ReadString(ref reader);
                    }
                    else if (reader.ValueTextEquals("name"u8))
                    {
                        reader.Read();
                        value.FromName = ReadString(ref reader);
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                value.Message = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("created_time"u8))
            {
                reader.Read();
                if (TryReadInt64(ref reader, out var created))
                {
                    value.CreatedTime = created;
                }
            }
            else if (reader.ValueTextEquals("photo"u8))
            {
                reader.Read();
                value.Photo = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("video"u8))
            {
                reader.Read();
                value.Video = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("link"u8))
            {
                reader.Read();
                value.Link = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("sender_id"u8))
            {
                reader.Read();
                value.SenderId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("sender_name"u8))
            {
                reader.Read();
                value.SenderName = ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void BuildFeedEvent(ref Context context, in EntryInfo entry, ref FeedValue value, ReadOnlyMemory<byte> raw)
    {
        var isComment = value.Item == FeedItem.Comment;
        if (value.Item is FeedItem.Missing or FeedItem.Other)
        {
            AddIgnored(ref context, value.Item == FeedItem.Missing ? "feed:(no item)" : "feed:" + value.ItemName);
            return;
        }

        if (!IsId(entry.Id))
        {
            AddIgnored(ref context, "entry:no-id");
            return;
        }

        var authorId = IsId(value.FromId) ? value.FromId : IsId(value.SenderId) ? value.SenderId : null;
        if (authorId is null)
        {
            AddIgnored(ref context, "feed:no-author");
            return;
        }

        var byPage = string.Equals(authorId, entry.Id, StringComparison.Ordinal);
        if (byPage && !isComment)
        {
            AddIgnored(ref context, "feed:own-post");
            return;
        }

        string verb;
        switch (value.Verb)
        {
            case FeedVerb.Add:
                verb = "add";
                break;
            case FeedVerb.Edited:
                verb = "edited";
                break;
            case FeedVerb.Edit:
                verb = "edit";
                break;
            case FeedVerb.Remove:
                verb = "remove";
                break;
            case FeedVerb.Delete:
                verb = "delete";
                break;
            default:
                AddIgnored(ref context, $"feed:{ItemName(value.Item)}:{value.VerbName ?? "(no verb)"}");
                return;
        }

        var messageId = isComment ? value.CommentId : value.PostId;
        if (!IsId(messageId) || !IsId(value.PostId))
        {
            AddIgnored(ref context, isComment ? "feed:comment:no-id" : "feed:post:no-id");
            return;
        }

        // Page feed times are epoch seconds; without created_time the entry's time stands in.
        long timestamp;
        DateTimeOffset occurredAt;
        if (value.CreatedTime is { } t && TryFromEpochSeconds(t, out occurredAt))
        {
            timestamp = t;
        }
        else if (entry.Time is { } et && TryFromEpochSeconds(et, out occurredAt))
        {
            timestamp = et;
        }
        else
        {
            AddIgnored(ref context, "feed:no-time");
            return;
        }

        var account = new ChannelAccountId(entry.Id);
        var customer = new Participant(ChannelId.Facebook, account, new NetworkUserId(authorId))
        {
            DisplayName = IsId(value.FromId) ? value.FromName : value.SenderName,
        };
        var conversation = new ConversationRef(ChannelId.Facebook, account, new ThreadId(value.PostId), ConversationVisibility.Public);
        var key = Key(account, $"feed:{messageId}:{verb}:{Invariant(timestamp)}");
        var networkId = new NetworkMessageId(messageId);
        InboundEvent inbound = value.Verb switch
        {
            FeedVerb.Add => new MessageReceived(key, conversation, customer, occurredAt, networkId, FeedParts(ref value))
            {
                Direction = byPage ? MessageDirection.Outbound : MessageDirection.Inbound,
                Author = byPage ? AuthorKind.Agent : AuthorKind.Customer,
                ReplyTo = isComment && IsId(value.ParentId) && !string.Equals(value.ParentId, value.PostId, StringComparison.Ordinal)
                    ? new NetworkMessageId(value.ParentId)
                    : null,
            },
            FeedVerb.Edited or FeedVerb.Edit => new MessageEdited(key, conversation, customer, occurredAt, networkId, FeedParts(ref value)),
            _ => new MessageDeleted(key, conversation, customer, occurredAt, networkId),
        };
        context.Events.Add(new InboundEnvelope(inbound) { Raw = raw });
    }

    private static MessagePart[] FeedParts(ref FeedValue value)
    {
        // A photo or video post carries its media address in "link"; a share's "link" is the shared page.
        var photo = value.Photo ?? (value.Item == FeedItem.Photo ? value.Link : null);
        var video = value.Video ?? (value.Item == FeedItem.Video ? value.Link : null);
        var link = value.Item == FeedItem.Share && value.Link is { Length: > 0 } l
            && (value.Message is null || !value.Message.Contains(l, StringComparison.Ordinal)) ? l : null;
        var hasText = !string.IsNullOrEmpty(value.Message);
        var count = (hasText ? 1 : 0) + (link is null ? 0 : 1) + (photo is null ? 0 : 1) + (video is null ? 0 : 1);
        if (count == 0)
        {
            return [new UnsupportedPart(ItemName(value.Item))];
        }

        var parts = new MessagePart[count];
        var i = 0;
        if (hasText)
        {
            parts[i++] = new TextPart(value.Message!);
        }

        if (link is not null)
        {
            parts[i++] = new TextPart(link);
        }

        if (photo is not null)
        {
            parts[i++] = new MediaPart(MediaKind.Image) { Url = AbsoluteUri(photo) };
        }

        if (video is not null)
        {
            parts[i] = new MediaPart(MediaKind.Video) { Url = AbsoluteUri(video) };
        }

        return parts;
    }

    private static string ItemName(FeedItem item) => item switch
    {
        FeedItem.Comment => "comment",
        FeedItem.Status => "status",
        FeedItem.Post => "post",
        FeedItem.Photo => "photo",
        FeedItem.Video => "video",
        FeedItem.Share => "share",
        _ => "item",
    };

    // ---------------------------------------------------------------- shared

    private static IdempotencyKey Key(ChannelAccountId account, string eventId) => new(ChannelId.Facebook, account, eventId);

    private static void AddIgnored(ref Context context, string kind) => context.Ignore(kind);

    private static string KindName(ref Utf8JsonReader reader, ref Context context, string prefix = "")
        => MetaJson.KindName(ref reader, context.Summary.IgnoredKinds, prefix);

    private struct Context : IMetaEnvelope
    {
        public string? Object
        {
            readonly get => Summary.Object;
            set => Summary.Object = value;
        }

        public void CountEntry() => Summary.Entries++;

        public void Ignore(string kind) => MetaJson.AddIgnored(ref Summary.Ignored, ref Summary.IgnoredKinds, kind);

        public readonly ReadOnlyMemory<byte> Body;
        public readonly string? AppId;
        public readonly List<InboundEnvelope> Events;
        public FacebookParseSummary Summary;
        public List<Attachment>? Attachments;
        public List<string>? Mids;

        public Context(ReadOnlyMemory<byte> body, string? appId, List<InboundEnvelope> events)
        {
            Body = body;
            AppId = appId;
            Events = events;
        }
    }

    private struct EntryInfo
    {
        public string? Id;
        public long? Time;
    }

    private struct MessagingItem
    {
        public ItemKind Kind;
        public string? UnknownKey;
        public string? SenderId;
        public string? SenderUserRef;
        public string? RecipientId;
        public string? RecipientUserRef;
        public long? Timestamp;
        public string? Mid;
        public string? Text;
        public string? Title;
        public string? Payload;
        public bool HasQuickReply;
        public bool IsEcho;
        public string? AppId;
        public string? Metadata;
        public string? ReplyTo;
        public Referral? Referral;
        public long? Watermark;
        public string? Emoji;
        public string? Reaction;
        public string? Action;
        public long? NumEdit;
        public string? OwnerAppId;
        public string? PreviousOwnerAppId;
    }

    private struct Attachment
    {
        public AttachmentKind Kind;
        public string? Type;
        public string? Url;
        public string? Title;
        public string? StickerId;
        public double? Latitude;
        public double? Longitude;
    }

    private struct FeedValue
    {
        public FeedItem Item;
        public string? ItemName;
        public FeedVerb Verb;
        public string? VerbName;
        public string? CommentId;
        public string? PostId;
        public string? ParentId;
        public string? FromId;
        public string? FromName;
        public string? SenderId;
        public string? SenderName;
        public string? Message;
        public long? CreatedTime;
        public string? Photo;
        public string? Video;
        public string? Link;
    }
}
