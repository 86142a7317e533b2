using System.Globalization;
using System.Text;
using System.Text.Json;
using SocialCare.Abstractions;
using SocialCare.Channels.Meta;
using static SocialCare.Channels.Meta.MetaJson;

namespace SocialCare.Channels.WhatsApp;

/// <summary>What <see cref="WhatsAppWebhookParser.TryParse"/> saw besides the events it produced.</summary>
internal struct WhatsAppParseSummary
{
    /// <summary>The top-level <c>object</c> value. When it is not <c>whatsapp_business_account</c>, no events are added.</summary>
    public string? Object;

    /// <summary>How many <c>entry[]</c> items the body held.</summary>
    public int Entries;

    /// <summary>How many items (changes of other fields, messages and statuses that could not be used, entries of another object) were skipped.</summary>
    public int Ignored;

    /// <summary>The distinct names of what was skipped (at most <see cref="WhatsAppWebhookParser.MaxIgnoredKinds"/>): field, type and status names, never content.</summary>
    public List<string>? IgnoredKinds;

    /// <summary>
    /// The out-of-band errors of <c>value.errors[]</c> (meta.md §7.1): the phone number id they concern (empty when the
    /// change named none), the Cloud API error code (<c>unknown</c> when absent) and its title.
    /// </summary>
    public List<(string PhoneNumberId, string Code, string? Title)>? ValueErrors;
}

/// <summary>
/// Turns a verified <c>object=whatsapp_business_account</c> webhook body (changes of field <c>messages</c>: their
/// <c>messages[]</c>, <c>statuses[]</c> and <c>errors[]</c>) into channel-neutral events, in one forward
/// <see cref="Utf8JsonReader"/> pass (meta.md §3, §7).
/// </summary>
/// <remarks>
/// <para>
/// Properties may come in any order. The scalars of a message or status are buffered in locals and its event is built at
/// the object's end. A change's <c>field</c> usually follows its <c>value</c>: the value is read as a <c>messages</c>
/// value, and what it produced is taken back when the field turns out to be another one. When <c>metadata</c> (the phone
/// number id) or <c>contacts</c> (names and business-scoped ids, joined on the sender, not by index) follow the
/// <c>messages</c>/<c>statuses</c> arrays, a copy of the reader looks ahead for them (the common order needs none).
/// </para>
/// <para>Allocations are the strings and records kept, plus a few scratch lists reused across the items of one body.</para>
/// </remarks>
internal static class WhatsAppWebhookParser
{
    /// <summary>The most distinct names <see cref="WhatsAppParseSummary.IgnoredKinds"/> holds.</summary>
    public const int MaxIgnoredKinds = MetaJson.MaxIgnoredKinds;

    private const string BusinessAccountObject = WhatsAppDefaults.WebhookObject;
    private const string SocialCareCallbackPrefix = "socialcare:";

    /// <summary>A message's <c>type</c> (meta.md §7.4); <see cref="Other"/> keeps the raw name beside it.</summary>
    private enum MessageType : byte
    {
        Missing,
        Other,
        Text,
        Image,
        Video,
        Audio,
        Document,
        Sticker,
        Location,
        Contacts,
        Interactive,
        Button,
        Reaction,
        System,
        Edit,
        Revoke,
        Unsupported,
        Order,
        RequestWelcome,
    }

    private enum InteractiveType : byte
    {
        Missing,
        Other,
        ButtonReply,
        ListReply,
    }

    private enum StatusKind : byte
    {
        Missing,
        Other,
        Sent,
        Delivered,
        Read,
        Played,
        Failed,
    }

    /// <summary>Parses a verified webhook body.</summary>
    /// <param name="body">The request body, exactly as received.</param>
    /// <param name="events">Receives the events, each with the slice of <paramref name="body"/> (one message or status object) it was read from.</param>
    /// <param name="summary">What the body held besides the events.</param>
    /// <param name="error">Why the body was refused: a short text naming the problem, never message content.</param>
    /// <returns>
    /// <see langword="false"/> when the body is not well-formed JSON or its structure is wrong (then nothing is added to
    /// <paramref name="events"/>). Unknown objects, fields, types and statuses are skipped and counted, never an error.
    /// </returns>
    public static bool TryParse(ReadOnlyMemory<byte> body, List<InboundEnvelope> events, out WhatsAppParseSummary summary, out string? error)
    {
        ArgumentNullException.ThrowIfNull(events);
        var initialCount = events.Count;
        var context = new Context(body, events);
        error = MetaJson.Parse(body.Span, ref context, ParseRoot);
        summary = context.Summary;
        if (error is not null)
        {
            events.RemoveRange(initialCount, events.Count - initialCount);
            return false;
        }

        return true;
    }

    // ---------------------------------------------------------------- envelope

    private static string? ParseRoot(ref Utf8JsonReader reader, ref Context context)
        => MetaJson.ParseEnvelope(ref reader, ref context, BusinessAccountObject, ParseEntry);

    /// <summary>Reads one item of <c>messages[]</c> or <c>statuses[]</c>, from its start.</summary>
    private delegate void ItemParser(ref Utf8JsonReader reader, ref Context context, ref ValueInfo value);

    /// <summary>From an array's property name, reads each of its objects with <paramref name="parse"/>; a null array holds nothing.</summary>
    private static string? ParseItems(ref Utf8JsonReader reader, ref Context context, ref ValueInfo value, string array, ItemParser parse)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return $"\"{array}\" is not an array";
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return $"a \"{array}\" item is not an object";
            }

            parse(ref reader, ref context, ref value);
        }

        return null;
    }

    /// <summary>Reads one <c>entry[]</c> item. Its <c>id</c> (the WhatsApp Business account) is not needed: changes name their phone number.</summary>
    private static string? ParseEntry(ref Utf8JsonReader reader, ref Context context)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals("changes"u8))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return "\"changes\" is not an array";
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return "a \"changes\" item is not an object";
                }

                var error = ParseChange(ref reader, ref context);
                if (error is not null)
                {
                    return error;
                }
            }
        }

        return null;
    }

    private static string? ParseChange(ref Utf8JsonReader reader, ref Context context)
    {
        bool? isMessages = null;
        string? otherField = null;
        var hasValue = false;
        var mark = new Mark(ref context);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("field"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("messages"u8))
                {
                    isMessages = true;
                }
                else
                {
                    isMessages = false;
                    otherField = reader.TokenType == JsonTokenType.String ? KindName(ref reader, ref context) : null;
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("value"u8))
            {
                reader.Read();
                if (isMessages == false || hasValue || reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                // Meta writes "value" before "field": the value is read as a messages value, and taken back below
                // when the field turns out to be another one.
                hasValue = true;
                var error = ParseValue(ref reader, ref context);
                if (error is not null)
                {
                    return error;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (isMessages != true)
        {
            mark.Restore(ref context);
            AddIgnored(ref context, otherField ?? "field:(none)");
        }
        else if (!hasValue)
        {
            AddIgnored(ref context, "messages:no-value");
        }

        return null;
    }

    /// <summary>Reads a change's <c>value</c> (the reader on its start): metadata, contacts, messages, statuses and errors in any order.</summary>
    private static string? ParseValue(ref Utf8JsonReader reader, ref Context context)
    {
        var value = default(ValueInfo);
        context.Contacts?.Clear();
        context.ValueErrors?.Clear();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("metadata"u8))
            {
                reader.Read();
                if (value.MetadataSeen)
                {
                    reader.Skip();
                    continue;
                }

                value.MetadataSeen = true;
                value.PhoneNumberId = ReadStringProperty(ref reader, "phone_number_id"u8);
            }
            else if (reader.ValueTextEquals("contacts"u8))
            {
                reader.Read();
                if (value.ContactsSeen)
                {
                    reader.Skip();
                    continue;
                }

                value.ContactsSeen = true;
                ReadValueContacts(ref reader, ref context);
            }
            else if (reader.ValueTextEquals("messages"u8))
            {
                if (!value.Probed && (!value.MetadataSeen || !value.ContactsSeen))
                {
                    // The phone number id or the contacts come after the messages: look ahead for them.
                    value.Probed = true;
                    var probe = reader;
                    ProbeValue(ref probe, ref context, ref value);
                }

                if (ParseItems(ref reader, ref context, ref value, "messages", ParseMessage) is { } error)
                {
                    return error;
                }
            }
            else if (reader.ValueTextEquals("statuses"u8))
            {
                if (!value.Probed && !value.MetadataSeen)
                {
                    // A status needs only the phone number id, not the contacts.
                    value.Probed = true;
                    var probe = reader;
                    ProbeValue(ref probe, ref context, ref value);
                }

                if (ParseItems(ref reader, ref context, ref value, "statuses", ParseStatus) is { } error)
                {
                    return error;
                }
            }
            else if (reader.ValueTextEquals("errors"u8))
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
                        (context.ValueErrors ??= new List<ErrorInfo>(1)).Add(ReadError(ref reader));
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

        if (context.ValueErrors is { Count: > 0 } valueErrors)
        {
            // Recorded at the value's end: the metadata may follow the errors.
            var phoneNumberId = IsId(value.PhoneNumberId) ? value.PhoneNumberId : string.Empty;
            var list = context.Summary.ValueErrors ??= new List<(string, string, string?)>(valueErrors.Count);
            foreach (var valueError in valueErrors)
            {
                list.Add((phoneNumberId, IsId(valueError.Code) ? valueError.Code : "unknown", valueError.Title ?? valueError.Message));
            }
        }

        return null;
    }

    /// <summary>From the <c>messages</c> or <c>statuses</c> property name, skips that array and reads the metadata and contacts that follow it.</summary>
    private static void ProbeValue(ref Utf8JsonReader probe, ref Context context, ref ValueInfo value)
    {
        probe.Read();
        probe.Skip();
        while ((!value.MetadataSeen || !value.ContactsSeen) && probe.Read() && probe.TokenType == JsonTokenType.PropertyName)
        {
            if (!value.MetadataSeen && probe.ValueTextEquals("metadata"u8))
            {
                probe.Read();
                value.MetadataSeen = true;
                value.PhoneNumberId = ReadStringProperty(ref probe, "phone_number_id"u8);
            }
            else if (!value.ContactsSeen && probe.ValueTextEquals("contacts"u8))
            {
                probe.Read();
                value.ContactsSeen = true;
                ReadValueContacts(ref probe, ref context);
            }
            else
            {
                probe.Read();
                probe.Skip();
            }
        }
    }

    /// <summary>Reads <c>value.contacts[]</c>: who the senders are (<c>wa_id</c>, <c>user_id</c>, <c>profile</c>), joined on the sender later.</summary>
    private static void ReadValueContacts(ref Utf8JsonReader reader, ref Context context)
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

            var contact = default(ContactInfo);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("wa_id"u8))
                {
                    reader.Read();
                    contact.WaId = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("user_id"u8))
                {
                    reader.Read();
                    contact.UserId = ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("profile"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        reader.Skip();
                        continue;
                    }

                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("name"u8))
                        {
                            reader.Read();
                            contact.Name = ReadString(ref reader);
                        }
                        else if (reader.ValueTextEquals("username"u8))
                        {
                            reader.Read();
                            contact.Username = ReadString(ref reader);
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

            (context.Contacts ??= new List<ContactInfo>(2)).Add(contact);
        }
    }

    // ---------------------------------------------------------------- messages

    private static void ParseMessage(ref Utf8JsonReader reader, ref Context context, ref ValueInfo value)
    {
        var start = (int)reader.TokenStartIndex;
        var item = default(MessageItem);
        context.Cards?.Clear();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                item.Id = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("from"u8))
            {
                reader.Read();
                item.From = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("from_user_id"u8))
            {
                reader.Read();
                item.FromUserId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                reader.Read();
                if (TryReadInt64(ref reader, out var timestamp))
                {
                    item.Timestamp = timestamp;
                }
            }
            else if (reader.ValueTextEquals("context"u8))
            {
                reader.Read();
                item.ReplyTo = ReadStringProperty(ref reader, "id"u8);
            }
            else if (reader.ValueTextEquals("referral"u8))
            {
                reader.Read();
                item.Referral = ReadReferral(ref reader);
            }
            else if (reader.ValueTextEquals("errors"u8))
            {
                reader.Read();
                item.Error = ReadFirstError(ref reader);
            }
            else if (reader.ValueTextEquals("reaction"u8))
            {
                reader.Read();
                ReadReaction(ref reader, ref item);
            }
            else if (reader.ValueTextEquals("system"u8))
            {
                reader.Read();
                ReadSystem(ref reader, ref item.System);
            }
            else if (reader.ValueTextEquals("edit"u8))
            {
                reader.Read();
                ReadEdit(ref reader, ref item, ref context);
            }
            else if (reader.ValueTextEquals("revoke"u8))
            {
                reader.Read();
                item.OriginalId = ReadStringProperty(ref reader, "original_message_id"u8);
            }
            else if (!TryReadContent(ref reader, ref item.Content, ref context))
            {
                reader.Read();
                reader.Skip();
            }
        }

        var raw = context.Body.Slice(start, (int)reader.BytesConsumed - start);
        try
        {
            BuildMessageEvent(ref context, ref value, ref item, raw);
        }
        catch (ArgumentException)
        {
            // An identifier type refused a value the checks let through: skip the message rather than the body.
            AddIgnored(ref context, "message:invalid");
        }
    }

    /// <summary>
    /// Reads a content property of a message (or of an edit's new message): <c>type</c> and the object the type names.
    /// Returns <see langword="false"/>, the reader still on the property name, when the property is not one of them.
    /// </summary>
    private static bool TryReadContent(ref Utf8JsonReader reader, ref Content content, ref Context context)
    {
        if (reader.ValueTextEquals("type"u8))
        {
            reader.Read();
            if (reader.TokenType == JsonTokenType.String)
            {
                content.Type = ReadType(ref reader, out content.TypeName);
            }
            else
            {
                reader.Skip();
            }

            return true;
        }

        if (reader.ValueTextEquals("text"u8))
        {
            reader.Read();
            content.Text = reader.TokenType == JsonTokenType.StartObject ? ReadStringProperty(ref reader, "body"u8) : ReadString(ref reader);
            return true;
        }

        var media =
            reader.ValueTextEquals("image"u8) ? MessageType.Image :
            reader.ValueTextEquals("video"u8) ? MessageType.Video :
            reader.ValueTextEquals("audio"u8) ? MessageType.Audio :
            reader.ValueTextEquals("document"u8) ? MessageType.Document :
            reader.ValueTextEquals("sticker"u8) ? MessageType.Sticker :
            MessageType.Missing;
        if (media != MessageType.Missing)
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject || (content.Type != MessageType.Missing && content.Type != media))
            {
                // Not an object, or not the media the type names (that one is kept when both come).
                reader.Skip();
            }
            else
            {
                ReadMedia(ref reader, media, ref content.Media);
            }

            return true;
        }

        if (reader.ValueTextEquals("location"u8))
        {
            reader.Read();
            ReadLocation(ref reader, ref content.Location);
            return true;
        }

        if (reader.ValueTextEquals("contacts"u8))
        {
            reader.Read();
            ReadContactCards(ref reader, ref content, ref context);
            return true;
        }

        if (reader.ValueTextEquals("interactive"u8))
        {
            reader.Read();
            ReadInteractive(ref reader, ref content.Interactive);
            return true;
        }

        if (reader.ValueTextEquals("button"u8))
        {
            reader.Read();
            ReadButton(ref reader, ref content);
            return true;
        }

        if (reader.ValueTextEquals("order"u8))
        {
            reader.Read();
            ReadOrder(ref reader, ref content);
            return true;
        }

        if (reader.ValueTextEquals("unsupported"u8))
        {
            reader.Read();
            content.UnsupportedType = ReadStringProperty(ref reader, "type"u8);
            return true;
        }

        return false;
    }

    private static MessageType ReadType(ref Utf8JsonReader reader, out string? name)
    {
        name = null;
        var type =
            reader.ValueTextEquals("text"u8) ? MessageType.Text :
            reader.ValueTextEquals("image"u8) ? MessageType.Image :
            reader.ValueTextEquals("video"u8) ? MessageType.Video :
            reader.ValueTextEquals("audio"u8) ? MessageType.Audio :
            reader.ValueTextEquals("document"u8) ? MessageType.Document :
            reader.ValueTextEquals("sticker"u8) ? MessageType.Sticker :
            reader.ValueTextEquals("location"u8) ? MessageType.Location :
            reader.ValueTextEquals("contacts"u8) ? MessageType.Contacts :
            reader.ValueTextEquals("interactive"u8) ? MessageType.Interactive :
            reader.ValueTextEquals("button"u8) ? MessageType.Button :
            reader.ValueTextEquals("reaction"u8) ? MessageType.Reaction :
            reader.ValueTextEquals("system"u8) ? MessageType.System :
            reader.ValueTextEquals("edit"u8) ? MessageType.Edit :
            reader.ValueTextEquals("revoke"u8) ? MessageType.Revoke :
            reader.ValueTextEquals("unsupported"u8) ? MessageType.Unsupported :
            reader.ValueTextEquals("unknown"u8) ? MessageType.Unsupported :
            reader.ValueTextEquals("order"u8) ? MessageType.Order :
            reader.ValueTextEquals("request_welcome"u8) ? MessageType.RequestWelcome :
            MessageType.Other;
        if (type is MessageType.Other or MessageType.Unsupported)
        {
            // Kept verbatim: an UnsupportedPart names it ("unknown" and "unsupported" alike).
            name = reader.GetString();
        }

        return type;
    }

    private static void ReadMedia(ref Utf8JsonReader reader, MessageType kind, ref MediaInfo media)
    {
        media = new MediaInfo { Kind = kind };
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                media.Id = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("mime_type"u8))
            {
                reader.Read();
                media.MimeType = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("sha256"u8))
            {
                reader.Read();
                media.Sha256 = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("caption"u8))
            {
                reader.Read();
                media.Caption = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("filename"u8))
            {
                reader.Read();
                media.FileName = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("url"u8))
            {
                reader.Read();
                media.Url = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("voice"u8))
            {
                reader.Read();
                media.Voice = ReadBoolean(ref reader);
            }
            else if (reader.ValueTextEquals("file_size"u8))
            {
                reader.Read();
                if (TryReadInt64(ref reader, out var size) && size >= 0)
                {
                    media.Size = size;
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadLocation(ref Utf8JsonReader reader, ref LocationInfo location)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        location = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("latitude"u8))
            {
                reader.Read();
                location.Latitude = ReadDouble(ref reader);
            }
            else if (reader.ValueTextEquals("longitude"u8))
            {
                reader.Read();
                location.Longitude = ReadDouble(ref reader);
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                location.Name = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("address"u8))
            {
                reader.Read();
                location.Address = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("url"u8))
            {
                reader.Read();
                location.Url = ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>Reads a message's <c>contacts[]</c> (shared contact cards) into the scratch list of cards, remembering their range.</summary>
    private static void ReadContactCards(ref Utf8JsonReader reader, ref Content content, ref Context context)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }

        var cards = context.Cards ??= new List<ContactPart>(1);
        content.CardsStart = cards.Count;
        content.CardsCount = 0;
        content.HasCards = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            cards.Add(ReadContactCard(ref reader, ref context));
            content.CardsCount++;
        }
    }

    private static ContactPart ReadContactCard(ref Utf8JsonReader reader, ref Context context)
    {
        string? formatted = null, first = null, last = null, organization = null;
        var phones = context.Phones ??= new List<ContactPhone>(2);
        var emails = context.Emails ??= new List<string>(1);
        phones.Clear();
        emails.Clear();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("formatted_name"u8))
                    {
                        reader.Read();
                        formatted = ReadString(ref reader);
                    }
                    else if (reader.ValueTextEquals("first_name"u8))
                    {
                        reader.Read();
                        first = ReadString(ref reader);
                    }
                    else if (reader.ValueTextEquals("last_name"u8))
                    {
                        reader.Read();
                        last = ReadString(ref reader);
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }
            else if (reader.ValueTextEquals("org"u8))
            {
                reader.Read();
                organization = ReadStringProperty(ref reader, "company"u8);
            }
            else if (reader.ValueTextEquals("phones"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.StartObject && ReadContactPhone(ref reader) is { } phone)
                    {
                        phones.Add(phone);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else if (reader.ValueTextEquals("emails"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    var email = reader.TokenType == JsonTokenType.StartObject ? ReadStringProperty(ref reader, "email"u8) : ReadString(ref reader);
                    if (!string.IsNullOrWhiteSpace(email))
                    {
                        emails.Add(email);
                    }
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        var name = !string.IsNullOrWhiteSpace(formatted) ? formatted : $"{first} {last}".Trim();
        return new ContactPart(name)
        {
            FirstName = first,
            LastName = last,
            Organization = organization,
            Phones = phones.Count == 0 ? [] : phones.ToArray(),
            Emails = emails.Count == 0 ? [] : emails.ToArray(),
        };
    }

    /// <summary>Reads one <c>phones[]</c> item; <see langword="null"/> when it holds neither a number nor a WhatsApp id.</summary>
    private static ContactPhone? ReadContactPhone(ref Utf8JsonReader reader)
    {
        string? number = null, waId = null, type = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("phone"u8))
            {
                reader.Read();
                number = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("wa_id"u8))
            {
                reader.Read();
                waId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        var hasWaId = IsId(waId);
        if (string.IsNullOrWhiteSpace(number) && !hasWaId)
        {
            return null;
        }

        return new ContactPhone(string.IsNullOrWhiteSpace(number) ? waId! : number)
        {
            Type = type,
            WhatsAppId = hasWaId ? new NetworkUserId(waId!) : null,
        };
    }

    private static void ReadInteractive(ref Utf8JsonReader reader, ref InteractiveInfo interactive)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        interactive = default;
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

                interactive.Type =
                    reader.ValueTextEquals("button_reply"u8) ? InteractiveType.ButtonReply :
                    reader.ValueTextEquals("list_reply"u8) ? InteractiveType.ListReply :
                    InteractiveType.Other;
                interactive.TypeName = interactive.Type == InteractiveType.Other ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("button_reply"u8))
            {
                reader.Read();
                ReadReply(ref reader, ref interactive.ButtonReply);
            }
            else if (reader.ValueTextEquals("list_reply"u8))
            {
                reader.Read();
                ReadReply(ref reader, ref interactive.ListReply);
            }
            else if (reader.ValueTextEquals("nfm_reply"u8))
            {
                // A Flow's answer: its response_json is form data; only the short body ("Sent") is kept.
                reader.Read();
                interactive.Body = ReadStringProperty(ref reader, "body"u8);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadReply(ref Utf8JsonReader reader, ref ReplyInfo reply)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        reply = new ReplyInfo { Present = true };
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                reply.Id = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("title"u8))
            {
                reader.Read();
                reply.Title = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("description"u8))
            {
                reader.Read();
                reply.Description = ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadButton(ref Utf8JsonReader reader, ref Content content)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        content.HasButton = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                content.ButtonText = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("payload"u8))
            {
                reader.Read();
                content.ButtonPayload = ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadOrder(ref Utf8JsonReader reader, ref Content content)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        content.OrderItems = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("product_items"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    reader.Skip();
                    content.OrderItems++;
                }
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                content.OrderText = ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadReaction(ref Utf8JsonReader reader, ref MessageItem item)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("message_id"u8))
            {
                reader.Read();
                item.ReactionTarget = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("emoji"u8))
            {
                reader.Read();
                item.ReactionEmoji = ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    private static void ReadSystem(ref Utf8JsonReader reader, ref SystemInfo system)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                system.Type = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("body"u8))
            {
                reader.Read();
                system.Body = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("wa_id"u8))
            {
                reader.Read();
                system.WaId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("user_id"u8) || reader.ValueTextEquals("new_user_id"u8))
            {
                reader.Read();
                system.UserId = ReadString(ref reader) ?? system.UserId;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    /// <summary>Reads <c>edit</c>: <c>{original_message_id, message:{type, &lt;type&gt;:{…}}}</c>; the new message is read as any content.</summary>
    private static void ReadEdit(ref Utf8JsonReader reader, ref MessageItem item, ref Context context)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("original_message_id"u8))
            {
                reader.Read();
                item.OriginalId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }

                item.HasEditContent = true;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (!TryReadContent(ref reader, ref item.EditContent, ref context))
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

    private static Referral? ReadReferral(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }

        string? sourceUrl = null, sourceId = null, sourceType = null, headline = null, body = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("source_url"u8))
            {
                reader.Read();
                sourceUrl = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("source_id"u8))
            {
                reader.Read();
                sourceId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("source_type"u8))
            {
                reader.Read();
                sourceType = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("headline"u8))
            {
                reader.Read();
                headline = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("body"u8))
            {
                reader.Read();
                body = ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new Referral(string.IsNullOrEmpty(sourceType) ? "ad" : sourceType)
        {
            SourceId = sourceId,
            SourceType = sourceType,
            SourceUrl = AbsoluteUri(sourceUrl),
            Headline = headline,
            Body = body,
        };
    }

    private static void BuildMessageEvent(ref Context context, ref ValueInfo value, ref MessageItem item, ReadOnlyMemory<byte> raw)
    {
        if (!IsId(value.PhoneNumberId))
        {
            AddIgnored(ref context, "metadata:no-phone-number-id");
            return;
        }

        if (!IsId(item.Id))
        {
            AddIgnored(ref context, "message:no-id");
            return;
        }

        if (!IsId(item.From) && !IsId(item.FromUserId))
        {
            AddIgnored(ref context, "message:no-sender");
            return;
        }

        if (item.Timestamp is not { } timestamp || !TryFromEpochSeconds(timestamp, out var occurredAt))
        {
            AddIgnored(ref context, "message:no-time");
            return;
        }

        var account = value.Account ??= new ChannelAccountId(value.PhoneNumberId);
        var customer = Sender(ref context, account, item.From, item.FromUserId);
        var conversation = ConversationRef.PrivateWith(customer);
        var key = Key(account, item.Id);
        InboundEvent inbound;
        switch (item.Content.Type)
        {
            case MessageType.Reaction:
            {
                if (!IsId(item.ReactionTarget))
                {
                    AddIgnored(ref context, "reaction:no-target");
                    return;
                }

                var reaction = new ReactionPart(item.ReactionEmoji ?? string.Empty, new NetworkMessageId(item.ReactionTarget))
                {
                    Removed = string.IsNullOrEmpty(item.ReactionEmoji),
                };
                inbound = new ReactionChanged(key, conversation, customer, occurredAt, reaction);
                break;
            }

            case MessageType.Edit:
            {
                if (!IsId(item.OriginalId))
                {
                    AddIgnored(ref context, "edit:no-original");
                    return;
                }

                MessagePart[] parts = item.HasEditContent
                    ? Parts(ref context, ref item.EditContent, in item.Error)
                    : [new UnsupportedPart("edit") { Description = "The edit carries no new content." }];
                inbound = new MessageEdited(key, conversation, customer, occurredAt, new NetworkMessageId(item.OriginalId), parts);
                break;
            }

            case MessageType.Revoke:
                if (!IsId(item.OriginalId))
                {
                    AddIgnored(ref context, "revoke:no-original");
                    return;
                }

                inbound = new MessageDeleted(key, conversation, customer, occurredAt, new NetworkMessageId(item.OriginalId));
                break;

            case MessageType.System:
                inbound = SystemEvent(key, conversation, customer, occurredAt, ref item.System);
                break;

            default:
                inbound = new MessageReceived(key, conversation, customer, occurredAt, new NetworkMessageId(item.Id), Parts(ref context, ref item.Content, in item.Error))
                {
                    Direction = MessageDirection.Inbound,
                    Author = AuthorKind.Customer,
                    ReplyTo = IsId(item.ReplyTo) ? new NetworkMessageId(item.ReplyTo) : null,
                    Referral = item.Referral,
                };
                break;
        }

        context.Events.Add(new InboundEnvelope(inbound) { Raw = raw });
    }

    /// <summary>
    /// The sender, joined with <c>value.contacts[]</c> on <c>user_id</c> == <c>from_user_id</c> or <c>wa_id</c> ==
    /// <c>from</c> (not by index). Keyed by the business-scoped user id when known, else by the phone (meta.md §7.6).
    /// </summary>
    private static Participant Sender(ref Context context, ChannelAccountId account, string? from, string? fromUserId)
    {
        var hasPhone = IsId(from);
        var hasUserId = IsId(fromUserId);
        var contact = default(ContactInfo);
        if (context.Contacts is { Count: > 0 } contacts)
        {
            var match = -1;
            for (var i = 0; hasUserId && i < contacts.Count; i++)
            {
                if (string.Equals(contacts[i].UserId, fromUserId, StringComparison.Ordinal))
                {
                    match = i;
                    break;
                }
            }

            for (var i = 0; match < 0 && hasPhone && i < contacts.Count; i++)
            {
                if (string.Equals(contacts[i].WaId, from, StringComparison.Ordinal))
                {
                    match = i;
                }
            }

            if (match >= 0)
            {
                contact = contacts[match];
            }
        }

        var phone = hasPhone ? from : IsId(contact.WaId) ? contact.WaId : null;
        var userKey = hasUserId ? fromUserId! : IsId(contact.UserId) ? contact.UserId : phone!;
        return new Participant(ChannelId.WhatsApp, account, new NetworkUserId(userKey))
        {
            Phone = phone,
            DisplayName = contact.Name,
            Handle = contact.Username,
        };
    }

    /// <summary>
    /// Maps a <c>system</c> message: a number change (<c>user_changed_number</c>, legacy <c>customer_changed_number</c>) or
    /// a business-scoped id change (<c>user_changed_user_id</c>) becomes <see cref="IdentityChanged"/>; any other, an
    /// <see cref="UnsupportedEvent"/>.
    /// </summary>
    private static InboundEvent SystemEvent(IdempotencyKey key, ConversationRef conversation, Participant customer, DateTimeOffset occurredAt, ref SystemInfo system)
    {
        var type = system.Type;
        Participant? newIdentity = null;
        if (type is "user_changed_number" or "customer_changed_number")
        {
            if (IsId(system.WaId))
            {
                // Keyed like any sender: by the new business-scoped id when the change gives one, else by the new phone.
                newIdentity = new Participant(ChannelId.WhatsApp, customer.Account, new NetworkUserId(IsId(system.UserId) ? system.UserId : system.WaId))
                {
                    Phone = system.WaId,
                };
            }
        }
        else if (type is "user_changed_user_id")
        {
            if (IsId(system.UserId))
            {
                newIdentity = new Participant(ChannelId.WhatsApp, customer.Account, new NetworkUserId(system.UserId))
                {
                    Phone = customer.Phone ?? (IsId(system.WaId) ? system.WaId : null),
                };
            }
        }

        if (newIdentity is not null)
        {
            return new IdentityChanged(key, conversation, customer, occurredAt, newIdentity) { Description = system.Body };
        }

        // Another system message, or a change that does not say what the new identity is.
        return new UnsupportedEvent(key, conversation, customer, occurredAt, string.IsNullOrEmpty(type) ? "system" : "system." + type)
        {
            Description = system.Body,
        };
    }

    /// <summary>The parts of a message's content, by its <c>type</c>; content that cannot be mapped becomes an <see cref="UnsupportedPart"/>, never nothing.</summary>
    private static MessagePart[] Parts(ref Context context, ref Content content, in ErrorInfo error)
    {
        switch (content.Type)
        {
            case MessageType.Text when content.Text is not null:
                return [new TextPart(content.Text)];

            case MessageType.Image or MessageType.Video or MessageType.Audio or MessageType.Document or MessageType.Sticker:
            {
                ref var media = ref content.Media;
                var mediaId = IsId(media.Id) ? media.Id : null;
                var url = AbsoluteUri(media.Url);
                if (media.Kind != content.Type || (mediaId is null && url is null))
                {
                    return [Unsupported(TypeName(content.Type), "The media has neither an id nor an address.", in error)];
                }

                return
                [
                    new MediaPart(MediaKindOf(media.Kind))
                    {
                        NetworkMediaId = mediaId,
                        Url = url,
                        MimeType = media.MimeType,
                        Sha256 = media.Sha256,
                        Size = media.Size,
                        Caption = media.Caption,
                        FileName = media.FileName,
                        IsVoice = media.Kind == MessageType.Audio && media.Voice,
                    },
                ];
            }

            case MessageType.Location:
            {
                ref var location = ref content.Location;
                if (location.Latitude is not (>= -90 and <= 90 and var latitude) || location.Longitude is not (>= -180 and <= 180 and var longitude))
                {
                    return [Unsupported("location", "The location's latitude or longitude is missing or not a valid number.", in error)];
                }

                return
                [
                    new LocationPart(latitude, longitude)
                    {
                        Name = location.Name,
                        Address = location.Address,
                        Url = AbsoluteUri(location.Url),
                    },
                ];
            }

            case MessageType.Contacts when content.HasCards && content.CardsCount > 0:
            {
                var parts = new MessagePart[content.CardsCount];
                for (var i = 0; i < parts.Length; i++)
                {
                    parts[i] = context.Cards![content.CardsStart + i];
                }

                return parts;
            }

            case MessageType.Interactive:
            {
                ref var interactive = ref content.Interactive;

                // Without "type", the reply object present tells which it is.
                var type = interactive.Type != InteractiveType.Missing ? interactive.Type
                    : interactive.ButtonReply.Present ? InteractiveType.ButtonReply
                    : interactive.ListReply.Present ? InteractiveType.ListReply
                    : InteractiveType.Missing;
                if (type == InteractiveType.ButtonReply && interactive.ButtonReply.Present)
                {
                    ref var reply = ref interactive.ButtonReply;
                    return [new ChoicePart(ChoiceKind.Button, reply.Title ?? reply.Id ?? string.Empty, reply.Id)];
                }

                if (type == InteractiveType.ListReply && interactive.ListReply.Present)
                {
                    ref var reply = ref interactive.ListReply;
                    return [new ChoicePart(ChoiceKind.ListItem, reply.Title ?? reply.Id ?? string.Empty, reply.Id) { Description = reply.Description }];
                }

                var rawType = type switch
                {
                    InteractiveType.ButtonReply => "interactive.button_reply",
                    InteractiveType.ListReply => "interactive.list_reply",
                    InteractiveType.Other when !string.IsNullOrEmpty(interactive.TypeName) => "interactive." + interactive.TypeName,
                    _ => "interactive",
                };
                return [Unsupported(rawType, interactive.Body, in error)];
            }

            case MessageType.Button when content.HasButton:
                return [new ChoicePart(ChoiceKind.QuickReply, content.ButtonText ?? content.ButtonPayload ?? string.Empty, content.ButtonPayload)];

            case MessageType.Order:
            {
                var items = content.OrderItems == 1 ? "1 item" : $"{content.OrderItems.ToString(CultureInfo.InvariantCulture)} items";
                var description = string.IsNullOrEmpty(content.OrderText) ? $"Order of {items}." : $"Order of {items}: {content.OrderText}";
                return [Unsupported("order", description, in error)];
            }

            case MessageType.RequestWelcome:
                return [Unsupported("request_welcome", "The customer opened the chat for the first time.", in error)];

            default:
            {
                // unsupported / unknown, a type this parser does not know, or a known type without its content.
                var rawType = !string.IsNullOrEmpty(content.UnsupportedType) ? content.UnsupportedType
                    : content.Type is MessageType.Other or MessageType.Unsupported && !string.IsNullOrEmpty(content.TypeName) ? content.TypeName
                    : content.Type == MessageType.Missing ? "unknown"
                    : TypeName(content.Type);
                var missing = content.Type is MessageType.Missing or MessageType.Other or MessageType.Unsupported ? null : "The message has no content of its type.";
                return [Unsupported(rawType, missing, in error)];
            }
        }
    }

    /// <summary>An unsupported part; the message's first error, when any, comes first in its description.</summary>
    private static UnsupportedPart Unsupported(string rawType, string? description, in ErrorInfo error)
    {
        var errorText = error.Present ? ErrorDescription(in error) : null;
        return new UnsupportedPart(rawType)
        {
            Description = errorText is null ? description : description is null ? errorText : $"{errorText} ({description})",
        };
    }

    /// <summary><c>"&lt;code&gt; &lt;title&gt;: &lt;details&gt;"</c>, leaving out what is missing.</summary>
    private static string? ErrorDescription(in ErrorInfo error)
    {
        var head = $"{error.Code} {error.Title ?? error.Message}".Trim();
        return string.IsNullOrEmpty(error.Details)
            ? head.Length == 0 ? null : head
            : head.Length == 0 ? error.Details : $"{head}: {error.Details}";
    }

    private static MediaKind MediaKindOf(MessageType type) => type switch
    {
        MessageType.Image => MediaKind.Image,
        MessageType.Video => MediaKind.Video,
        MessageType.Audio => MediaKind.Audio,
        MessageType.Document => MediaKind.Document,
        _ => MediaKind.Sticker,
    };

    private static string TypeName(MessageType type) => type switch
    {
        MessageType.Text => "text",
        MessageType.Image => "image",
        MessageType.Video => "video",
        MessageType.Audio => "audio",
        MessageType.Document => "document",
        MessageType.Sticker => "sticker",
        MessageType.Location => "location",
        MessageType.Contacts => "contacts",
        MessageType.Interactive => "interactive",
        MessageType.Button => "button",
        MessageType.Reaction => "reaction",
        MessageType.System => "system",
        MessageType.Edit => "edit",
        MessageType.Revoke => "revoke",
        MessageType.Order => "order",
        MessageType.RequestWelcome => "request_welcome",
        _ => "unsupported",
    };

    // ---------------------------------------------------------------- statuses

    private static void ParseStatus(ref Utf8JsonReader reader, ref Context context, ref ValueInfo value)
    {
        var start = (int)reader.TokenStartIndex;
        var item = default(StatusItem);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                item.Id = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("status"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    reader.Skip();
                    continue;
                }

                item.Status =
                    reader.ValueTextEquals("sent"u8) ? StatusKind.Sent :
                    reader.ValueTextEquals("delivered"u8) ? StatusKind.Delivered :
                    reader.ValueTextEquals("read"u8) ? StatusKind.Read :
                    reader.ValueTextEquals("played"u8) ? StatusKind.Played :
                    reader.ValueTextEquals("failed"u8) ? StatusKind.Failed :
                    StatusKind.Other;
                item.OtherKind = item.Status == StatusKind.Other ? KindName(ref reader, ref context, "status:") : null;
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                reader.Read();
                if (TryReadInt64(ref reader, out var timestamp))
                {
                    item.Timestamp = timestamp;
                }
            }
            else if (reader.ValueTextEquals("recipient_id"u8))
            {
                reader.Read();
                item.RecipientId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("recipient_user_id"u8))
            {
                reader.Read();
                item.RecipientUserId = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("biz_opaque_callback_data"u8))
            {
                reader.Read();
                item.Callback = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("errors"u8))
            {
                reader.Read();
                item.Error = ReadFirstError(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        var raw = context.Body.Slice(start, (int)reader.BytesConsumed - start);
        try
        {
            BuildStatusEvent(ref context, ref value, ref item, raw);
        }
        catch (ArgumentException)
        {
            AddIgnored(ref context, "status:invalid");
        }
    }

    private static void BuildStatusEvent(ref Context context, ref ValueInfo value, ref StatusItem item, ReadOnlyMemory<byte> raw)
    {
        if (!IsId(value.PhoneNumberId))
        {
            AddIgnored(ref context, "metadata:no-phone-number-id");
            return;
        }

        if (!IsId(item.Id))
        {
            AddIgnored(ref context, "status:no-id");
            return;
        }

        (DeliveryStatus status, string name) = item.Status switch
        {
            StatusKind.Sent => (DeliveryStatus.Sent, "sent"),
            StatusKind.Delivered => (DeliveryStatus.Delivered, "delivered"),
            StatusKind.Read => (DeliveryStatus.Read, "read"),
            StatusKind.Played => (DeliveryStatus.Read, "played"), // a voice message played: read, and then some
            StatusKind.Failed => (DeliveryStatus.Failed, "failed"),
            _ => (DeliveryStatus.None, string.Empty),
        };
        if (status == DeliveryStatus.None)
        {
            // "deleted" (legacy) and anything newer.
            AddIgnored(ref context, item.OtherKind ?? "status:(none)");
            return;
        }

        var userKey = IsId(item.RecipientUserId) ? item.RecipientUserId : IsId(item.RecipientId) ? item.RecipientId : null;
        if (userKey is null)
        {
            AddIgnored(ref context, "status:no-recipient");
            return;
        }

        if (item.Timestamp is not { } timestamp || !TryFromEpochSeconds(timestamp, out var occurredAt))
        {
            AddIgnored(ref context, "status:no-time");
            return;
        }

        var account = value.Account ??= new ChannelAccountId(value.PhoneNumberId);
        var customer = new Participant(ChannelId.WhatsApp, account, new NetworkUserId(userKey))
        {
            Phone = IsId(item.RecipientId) ? item.RecipientId : null,
        };
        var inbound = new DeliveryStatusChanged(Key(account, $"{item.Id}:{name}"), ConversationRef.PrivateWith(customer), customer, occurredAt, status)
        {
            MessageId = new NetworkMessageId(item.Id),
            Failure = status == DeliveryStatus.Failed ? Failure(in item.Error) : null,
            LocalId = CallbackLocalId(item.Callback),
        };
        context.Events.Add(new InboundEnvelope(inbound) { Raw = raw });
    }

    private static DeliveryFailure Failure(in ErrorInfo error)
    {
        if (!error.Present)
        {
            return new DeliveryFailure("unknown", "WhatsApp reported the message as failed without saying why.");
        }

        var title = error.Title ?? error.Message;
        var reason = string.IsNullOrEmpty(title) ? error.Details
            : string.IsNullOrEmpty(error.Details) ? title
            : $"{title}: {error.Details}";
        return new DeliveryFailure(IsId(error.Code) ? error.Code : "unknown", string.IsNullOrEmpty(reason) ? "WhatsApp gave no reason." : reason);
    }

    /// <summary>SocialCare's id of the message, from the <c>biz_opaque_callback_data</c> it set at send time (<c>socialcare:&lt;id&gt;</c>); other values are someone else's.</summary>
    private static MessageId? CallbackLocalId(string? callback)
    {
        if (callback is null || !callback.StartsWith(SocialCareCallbackPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var value = callback[SocialCareCallbackPrefix.Length..];
        if (!IsId(value))
        {
            return null;
        }

        try
        {
            return new MessageId(value);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    // ---------------------------------------------------------------- shared

    /// <summary>Reads an <c>errors</c> array, keeping its first object.</summary>
    private static ErrorInfo ReadFirstError(ref Utf8JsonReader reader)
    {
        var first = default(ErrorInfo);
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return first;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (!first.Present && reader.TokenType == JsonTokenType.StartObject)
            {
                first = ReadError(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }

        return first;
    }

    /// <summary>Reads one Cloud API error object: <c>{code, title, message, error_data:{details}}</c>.</summary>
    private static ErrorInfo ReadError(ref Utf8JsonReader reader)
    {
        var error = new ErrorInfo { Present = true };
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                error.Code = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("title"u8))
            {
                reader.Read();
                error.Title = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                error.Message = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("error_data"u8))
            {
                reader.Read();
                error.Details = ReadStringProperty(ref reader, "details"u8);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return error;
    }

    private static IdempotencyKey Key(ChannelAccountId account, string eventId) => new(ChannelId.WhatsApp, account, eventId);

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
        public readonly List<InboundEnvelope> Events;
        public WhatsAppParseSummary Summary;

        /// <summary>The <c>value.contacts[]</c> of the value being read.</summary>
        public List<ContactInfo>? Contacts;

        /// <summary>The <c>value.errors[]</c> of the value being read.</summary>
        public List<ErrorInfo>? ValueErrors;

        /// <summary>The contact cards of the message being read (its content's and its edit's, each a range).</summary>
        public List<ContactPart>? Cards;

        /// <summary>The phones and e-mails of the contact card being read.</summary>
        public List<ContactPhone>? Phones;

        public List<string>? Emails;

        public Context(ReadOnlyMemory<byte> body, List<InboundEnvelope> events)
        {
            Body = body;
            Events = events;
        }
    }

    /// <summary>What a change added so far, to take it back when its <c>field</c> (read after its value) is not <c>messages</c>.</summary>
    private readonly struct Mark
    {
        private readonly int _events;
        private readonly int _ignored;
        private readonly int _ignoredKinds; // -1: the list did not exist yet
        private readonly int _valueErrors;  // -1: the list did not exist yet

        public Mark(ref Context context)
        {
            _events = context.Events.Count;
            _ignored = context.Summary.Ignored;
            _ignoredKinds = context.Summary.IgnoredKinds?.Count ?? -1;
            _valueErrors = context.Summary.ValueErrors?.Count ?? -1;
        }

        public void Restore(ref Context context)
        {
            context.Events.RemoveRange(_events, context.Events.Count - _events);
            context.Summary.Ignored = _ignored;
            if (_ignoredKinds < 0)
            {
                context.Summary.IgnoredKinds = null;
            }
            else if (context.Summary.IgnoredKinds is { } kinds)
            {
                kinds.RemoveRange(_ignoredKinds, kinds.Count - _ignoredKinds);
            }

            if (_valueErrors < 0)
            {
                context.Summary.ValueErrors = null;
            }
            else if (context.Summary.ValueErrors is { } valueErrors)
            {
                valueErrors.RemoveRange(_valueErrors, valueErrors.Count - _valueErrors);
            }
        }
    }

    private struct ValueInfo
    {
        public string? PhoneNumberId;
        public ChannelAccountId? Account;
        public bool MetadataSeen;
        public bool ContactsSeen;
        public bool Probed;
    }

    private struct ContactInfo
    {
        public string? WaId;
        public string? UserId;
        public string? Name;
        public string? Username;
    }

    private struct ErrorInfo
    {
        public bool Present;
        public string? Code;
        public string? Title;
        public string? Message;
        public string? Details;
    }

    private struct MessageItem
    {
        public string? Id;
        public string? From;
        public string? FromUserId;
        public long? Timestamp;
        public string? ReplyTo;
        public Referral? Referral;
        public ErrorInfo Error;
        public string? ReactionTarget;
        public string? ReactionEmoji;
        public SystemInfo System;
        public string? OriginalId;
        public bool HasEditContent;
        public Content EditContent;
        public Content Content;
    }

    /// <summary>A message's content: its <c>type</c> and the objects that may go with it, buffered until the message's end.</summary>
    private struct Content
    {
        public MessageType Type;
        public string? TypeName;
        public string? Text;
        public MediaInfo Media;
        public LocationInfo Location;
        public bool HasCards;
        public int CardsStart;
        public int CardsCount;
        public InteractiveInfo Interactive;
        public bool HasButton;
        public string? ButtonText;
        public string? ButtonPayload;
        public int OrderItems;
        public string? OrderText;
        public string? UnsupportedType;
    }

    private struct MediaInfo
    {
        public MessageType Kind;
        public string? Id;
        public string? MimeType;
        public string? Sha256;
        public string? Caption;
        public string? FileName;
        public string? Url;
        public long? Size;
        public bool Voice;
    }

    private struct LocationInfo
    {
        public double? Latitude;
        public double? Longitude;
        public string? Name;
        public string? Address;
        public string? Url;
    }

    private struct InteractiveInfo
    {
        public InteractiveType Type;
        public string? TypeName;
        public ReplyInfo ButtonReply;
        public ReplyInfo ListReply;
        public string? Body;
    }

    private struct ReplyInfo
    {
        public bool Present;
        public string? Id;
        public string? Title;
        public string? Description;
    }

    private struct SystemInfo
    {
        public string? Type;
        public string? Body;
        public string? WaId;
        public string? UserId;
    }

    private struct StatusItem
    {
        public string? Id;
        public StatusKind Status;
        public string? OtherKind;
        public long? Timestamp;
        public string? RecipientId;
        public string? RecipientUserId;
        public string? Callback;
        public ErrorInfo Error;
    }
}
