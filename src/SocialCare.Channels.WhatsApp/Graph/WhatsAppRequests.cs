using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using SocialCare.Abstractions;
using SocialCare.Channels.Meta;

namespace SocialCare.Channels.WhatsApp;

/// <summary>Settings that shape the Cloud API request bodies.</summary>
/// <param name="PreviewLinks">Whether text messages ask WhatsApp to show a preview of their first link (<c>preview_url</c>).</param>
/// <param name="ListButtonText">The label of the button that opens an interactive list (1 to 20 characters).</param>
internal sealed record WhatsAppSendSettings(bool PreviewLinks, string ListButtonText);

/// <summary>What <c>GET /{media-id}</c> says about a media object (meta.md §8.3).</summary>
/// <param name="Url">The short-lived download address (needs the same Bearer token).</param>
/// <param name="MimeType">The MIME type, when given.</param>
/// <param name="Sha256">The SHA-256 of the content as WhatsApp reports it, when given.</param>
/// <param name="FileSize">The size in bytes, when given.</param>
/// <param name="Id">The media id, when given.</param>
internal readonly record struct WhatsAppMediaInfo(Uri Url, string? MimeType, string? Sha256, long? FileSize, string? Id);

/// <summary>
/// Builds WhatsApp Cloud API request bodies from SocialCare messages, refusing what WhatsApp cannot carry before any call
/// is made, and reads the Cloud API's answers (meta.md §7.6, §8.1–§8.3). Bodies are written by hand with
/// <see cref="Utf8JsonWriter"/> and answers read with <see cref="Utf8JsonReader"/>: no reflection, AOT-safe.
/// </summary>
internal static class WhatsAppRequests
{
    /// <summary>The prefix of the <c>biz_opaque_callback_data</c> every message carries; the SocialCare message id follows.</summary>
    public const string CallbackPrefix = "socialcare:";

    /// <summary>The error code of every refusal.</summary>
    public const string RefusedCode = "refused";

    /// <summary>The longest <c>biz_opaque_callback_data</c> the Cloud API accepts: 512 characters.</summary>
    private const int MaxCallbackDataLength = 512;

    /// <summary>The longest list section title: 24 characters.</summary>
    private const int MaxListSectionTitleLength = 24;

    /// <summary>The longest body the thread's pooled buffer keeps between calls; a larger one is left to the collector.</summary>
    private const int MaxPooledBufferSize = 64 * 1024;

    /// <summary>The longest business-scoped user id after its <c>CC.</c> (or <c>CC.ENT.</c>) prefix.</summary>
    private const int MaxScopedIdLength = 128;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // The bodies go to an HTTP JSON API, never into HTML or a script, so the HTML-sensitive characters the default
        // encoder escapes (<, >, &, ', +, non-ASCII letters) need no escaping: keeping them raw makes the bodies shorter
        // and readable in logs and emulators. Quotes, backslashes and control characters are still escaped, so the
        // JSON stays valid.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _pooledBuffer;

    /// <summary>
    /// Splits an outbound message into the Cloud API messages it needs, in order, each a complete JSON body for
    /// <c>POST /{version}/{phone-number-id}/messages</c>.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="settings">Settings that shape the bodies.</param>
    /// <param name="bodies">Receives the bodies, in the order they must be sent; empty on refusal.</param>
    /// <param name="refusal">Why the message cannot be sent as is, when the method returns <see langword="false"/>.</param>
    /// <returns><see langword="true"/> when every part can be sent.</returns>
    /// <remarks>
    /// Grouping: a text part followed by choice parts becomes one interactive message (reply buttons or a list);
    /// consecutive contact parts become one contacts message; every other part is its own message. A template message
    /// is exactly one body. Only the first body quotes <see cref="OutboundMessage.ReplyTo"/>; every body carries
    /// <c>biz_opaque_callback_data</c> = <see cref="CallbackPrefix"/> + the message id, which WhatsApp echoes in
    /// statuses. Lengths are counted in UTF-16 code units.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> or <paramref name="settings"/> is <see langword="null"/>.</exception>
    public static bool TryBuild(OutboundMessage message, WhatsAppSendSettings settings, out IReadOnlyList<byte[]> bodies, out ChannelError? refusal)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(settings);

        var buffer = RentBuffer();
        try
        {
            var builder = new Builder(buffer, settings);
            refusal = builder.Build(message);
            bodies = refusal is null ? builder.Bodies : [];
            return refusal is null;
        }
        finally
        {
            ReturnBuffer(buffer);
        }
    }

    /// <summary>Builds the body that marks a customer's message as read, optionally showing the typing indicator too.</summary>
    /// <param name="message">The customer's message (its wamid).</param>
    /// <param name="typing">Whether to also show "typing…" (up to 25 seconds, or until the next message).</param>
    /// <returns>The JSON body for <c>POST /{version}/{phone-number-id}/messages</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="message"/> is empty.</exception>
    public static byte[] MarkRead(NetworkMessageId message, bool typing)
    {
        if (string.IsNullOrEmpty(message.Value))
        {
            throw new ArgumentException("A read receipt needs the id of the message read.", nameof(message));
        }

        var buffer = RentBuffer();
        try
        {
            using var writer = new Utf8JsonWriter(buffer, WriterOptions);
            writer.WriteStartObject();
            writer.WriteString("messaging_product"u8, "whatsapp"u8);
            writer.WriteString("status"u8, "read"u8);
            writer.WriteString("message_id"u8, message.Value);
            if (typing)
            {
                writer.WriteStartObject("typing_indicator"u8);
                writer.WriteString("type"u8, "text"u8);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            ReturnBuffer(buffer);
        }
    }

    /// <summary>Reads the answer to a send: <c>messages[0].id</c> (the wamid) and <c>messages[0].message_status</c>.</summary>
    /// <param name="json">The response body.</param>
    /// <param name="messageId">The wamid, when the method returns <see langword="true"/>.</param>
    /// <param name="messageStatus">The status (<c>accepted</c>, <c>held_for_quality_assessment</c>…), when given.</param>
    /// <returns><see langword="true"/> when the body is JSON with a message id.</returns>
    public static bool TryReadSendAnswer(ReadOnlySpan<byte> json, out string? messageId, out string? messageStatus)
    {
        messageId = null;
        messageStatus = null;
        string? id = null;
        string? status = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var seenMessages = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMessages = !seenMessages && reader.ValueTextEquals("messages"u8);
                reader.Read();
                if (!isMessages || reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }

                seenMessages = true;
                if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("id"u8))
                        {
                            reader.Read();
                            id = MetaJson.ReadString(ref reader);
                        }
                        else if (reader.ValueTextEquals("message_status"u8))
                        {
                            reader.Read();
                            status = MetaJson.ReadString(ref reader);
                        }
                        else
                        {
                            reader.Read();
                            reader.Skip();
                        }
                    }
                }

                // Skip the rest of the array (further messages, or a first element that was not an object).
                while (reader.TokenType != JsonTokenType.EndArray)
                {
                    reader.Skip();
                    reader.Read();
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        if (!MetaJson.IsId(id))
        {
            return false;
        }

        messageId = id;
        messageStatus = string.IsNullOrWhiteSpace(status) ? null : status;
        return true;
    }

    /// <summary>Reads the answer to <c>GET /{media-id}</c>: <c>url</c>, <c>mime_type</c>, <c>sha256</c>, <c>file_size</c> and <c>id</c>.</summary>
    /// <param name="json">The response body.</param>
    /// <param name="info">The media's details, when the method returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> when the body is JSON with an absolute http(s) <c>url</c>.</returns>
    /// <remarks><c>file_size</c> is accepted as a JSON number or a string of digits; a negative size is dropped.</remarks>
    public static bool TryReadMediaInfo(ReadOnlySpan<byte> json, out WhatsAppMediaInfo info)
    {
        info = default;
        Uri? url = null;
        string? mimeType = null;
        string? sha256 = null;
        long? fileSize = null;
        string? id = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("url"u8))
                {
                    reader.Read();
                    url = MetaJson.AbsoluteUri(MetaJson.ReadString(ref reader));
                }
                else if (reader.ValueTextEquals("mime_type"u8))
                {
                    reader.Read();
                    mimeType = MetaJson.ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("sha256"u8))
                {
                    reader.Read();
                    sha256 = MetaJson.ReadString(ref reader);
                }
                else if (reader.ValueTextEquals("file_size"u8))
                {
                    reader.Read();
                    fileSize = MetaJson.TryReadInt64(ref reader, out var size) && size >= 0 ? size : null;
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    id = MetaJson.ReadString(ref reader);
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        if (url is null)
        {
            return false;
        }

        info = new WhatsAppMediaInfo(url, NullIfBlank(mimeType), NullIfBlank(sha256), fileSize, NullIfBlank(id));
        return true;
    }

    /// <summary>
    /// Tells whether a user key is a business-scoped user id (BSUID): a two-letter upper-case country code, a dot and
    /// 1 to 128 ASCII letters or digits (<c>US.13491208655302741918</c>), or a parent BSUID <c>CC.ENT.…</c> (meta.md §7.6).
    /// </summary>
    /// <param name="key">The user key.</param>
    /// <returns><see langword="true"/> for a BSUID; <see langword="false"/> for a phone number or anything else.</returns>
    public static bool IsBusinessScopedId(string key)
    {
        if (string.IsNullOrEmpty(key) || key.Length < 4 || !char.IsAsciiLetterUpper(key[0]) || !char.IsAsciiLetterUpper(key[1]) || key[2] != '.')
        {
            return false;
        }

        var rest = key.AsSpan(3);
        if (rest.StartsWith("ENT.", StringComparison.Ordinal))
        {
            rest = rest[4..];
        }

        if (rest.IsEmpty || rest.Length > MaxScopedIdLength)
        {
            return false;
        }

        foreach (var c in rest)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static ArrayBufferWriter<byte> RentBuffer()
    {
        var buffer = _pooledBuffer ?? new ArrayBufferWriter<byte>(1024);
        _pooledBuffer = null;
        buffer.ResetWrittenCount();
        return buffer;
    }

    private static void ReturnBuffer(ArrayBufferWriter<byte> buffer)
    {
        if (buffer.Capacity <= MaxPooledBufferSize)
        {
            // Clear (zero) rather than just reset, here and after each body: the pooled buffer must not keep customer content.
            buffer.Clear();
            _pooledBuffer = buffer;
        }
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static ChannelError Refuse(string message) => new(RefusedCode, message) { Kind = ChannelErrorKind.Refused };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static ChannelError? TooLong(string what, string? text, int max) =>
        text is not null && text.Length > max
            ? Refuse(Invariant($"{what} is {text.Length} characters long; WhatsApp allows at most {max}."))
            : null;

    private static bool IsWebAddress(Uri? url) =>
        url is { IsAbsoluteUri: true } && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp);

    private static string StripPlus(string phone) => phone.StartsWith('+') ? phone[1..] : phone;

    /// <summary>Writes the bodies of one message into one pooled buffer, copying each out when complete.</summary>
    private sealed class Builder
    {
        private readonly ArrayBufferWriter<byte> _buffer;
        private readonly WhatsAppSendSettings _settings;
        private readonly List<byte[]> _bodies = [];
        private string _recipientProperty = "to";
        private string _recipient = string.Empty;
        private string _callbackData = string.Empty;
        private string? _replyTo;

        public Builder(ArrayBufferWriter<byte> buffer, WhatsAppSendSettings settings)
        {
            _buffer = buffer;
            _settings = settings;
        }

        public IReadOnlyList<byte[]> Bodies => _bodies;

        public ChannelError? Build(OutboundMessage message)
        {
            if (ResolveRecipient(message) is { } recipientRefusal)
            {
                return recipientRefusal;
            }

            _callbackData = CallbackPrefix + message.Id.Value;
            if (_callbackData.Length > MaxCallbackDataLength)
            {
                return Refuse(Invariant($"The callback data is {_callbackData.Length} characters long; WhatsApp allows at most {MaxCallbackDataLength}."));
            }

            _replyTo = string.IsNullOrEmpty(message.ReplyTo?.Value) ? null : message.ReplyTo.Value.Value;
            var parts = message.Parts ?? [];
            using var writer = new Utf8JsonWriter(_buffer, WriterOptions);
            if (message.Template is { } template)
            {
                return parts.Count > 0
                    ? Refuse(Invariant($"A template message cannot carry other parts (this one has {parts.Count}); send them as a separate message."))
                    : Template(writer, template);
            }

            if (parts.Count == 0)
            {
                return Refuse("The message has nothing to send: no parts and no template.");
            }

            var i = 0;
            while (i < parts.Count)
            {
                ChannelError? refusal;
                switch (parts[i])
                {
                    case TextPart text:
                        var end = i + 1;
                        while (end < parts.Count && parts[end] is ChoicePart)
                        {
                            end++;
                        }

                        refusal = end > i + 1 ? Interactive(writer, text, parts, i + 1, end) : Text(writer, text);
                        i = end;
                        break;
                    case ContactPart:
                        var last = i + 1;
                        while (last < parts.Count && parts[last] is ContactPart)
                        {
                            last++;
                        }

                        refusal = Contacts(writer, parts, i, last);
                        i = last;
                        break;
                    case ChoicePart choice:
                        refusal = choice.ChoiceKind == ChoiceKind.Postback
                            ? PostbackRefusal()
                            : Refuse("Reply buttons and list rows must follow a text part: WhatsApp sends them under that text as one interactive message.");
                        i++;
                        break;
                    case MediaPart media:
                        refusal = Media(writer, media);
                        i++;
                        break;
                    case LocationPart location:
                        refusal = Location(writer, location);
                        i++;
                        break;
                    case ReactionPart reaction:
                        refusal = Reaction(writer, reaction);
                        i++;
                        break;
                    case UnsupportedPart unsupported:
                        refusal = Refuse(Invariant($"WhatsApp cannot send content SocialCare does not support (type '{unsupported.RawType}')."));
                        i++;
                        break;
                    default:
                        refusal = Refuse(Invariant($"WhatsApp cannot send a {parts[i]?.GetType().Name ?? "missing"} part."));
                        i++;
                        break;
                }

                if (refusal is not null)
                {
                    return refusal;
                }
            }

            return null;
        }

        private static ChannelError PostbackRefusal() =>
            Refuse("WhatsApp has no postbacks; offer reply buttons or list rows under a text part instead.");

        private static ChannelError? CheckMediaSource(MediaPart media, string type) =>
            !string.IsNullOrWhiteSpace(media.NetworkMediaId) || IsWebAddress(media.Url)
                ? null
                : Refuse(Invariant($"The {type} has neither a WhatsApp media id nor an http(s) address."));

        private static string MediaType(MediaKind kind) => kind switch
        {
            MediaKind.Image => "image",
            MediaKind.Audio => "audio",
            MediaKind.Video => "video",
            MediaKind.Document => "document",
            MediaKind.Sticker => "sticker",
            _ => string.Empty,
        };

        private static void WriteTemplateParameter(Utf8JsonWriter writer, TemplateParameter parameter)
        {
            writer.WriteStartObject();
            switch (parameter.Kind)
            {
                case TemplateParameterKind.Text:
                    writer.WriteString("type"u8, "text"u8);
                    writer.WriteString("text"u8, parameter.Value);
                    break;
                case TemplateParameterKind.Payload:
                    writer.WriteString("type"u8, "payload"u8);
                    writer.WriteString("payload"u8, parameter.Value);
                    break;
                default:
                    var type = parameter.Kind switch
                    {
                        TemplateParameterKind.Image => "image",
                        TemplateParameterKind.Video => "video",
                        _ => "document",
                    };
                    writer.WriteString("type"u8, type);
                    writer.WriteStartObject(type);
                    writer.WriteString(MetaJson.AbsoluteUri(parameter.Value) is null ? "id"u8 : "link"u8, parameter.Value);
                    writer.WriteEndObject();
                    break;
            }

            if (!string.IsNullOrEmpty(parameter.Name))
            {
                writer.WriteString("parameter_name"u8, parameter.Name);
            }

            writer.WriteEndObject();
        }

        private ChannelError? ResolveRecipient(OutboundMessage message)
        {
            var key = message.Recipient is { } recipient ? recipient.UserKey.Value : message.Conversation.Thread.Value;
            var phone = message.Recipient?.Phone;
            if (!string.IsNullOrWhiteSpace(phone))
            {
                _recipientProperty = "to";
                _recipient = StripPlus(phone.Trim());
            }
            else if (IsBusinessScopedId(key))
            {
                _recipientProperty = "recipient";
                _recipient = key;
            }
            else
            {
                _recipientProperty = "to";
                _recipient = string.IsNullOrWhiteSpace(key) ? string.Empty : StripPlus(key.Trim());
            }

            return _recipient.Length == 0
                ? Refuse("The message has no recipient: neither a phone number nor a business-scoped user id.")
                : null;
        }

        private void Begin(Utf8JsonWriter writer, string type)
        {
            writer.WriteStartObject();
            writer.WriteString("messaging_product"u8, "whatsapp"u8);
            writer.WriteString("recipient_type"u8, "individual"u8);
            writer.WriteString(_recipientProperty, _recipient);
            if (_replyTo is not null && _bodies.Count == 0)
            {
                writer.WriteStartObject("context"u8);
                writer.WriteString("message_id"u8, _replyTo);
                writer.WriteEndObject();
            }

            writer.WriteString("type"u8, type);
        }

        private void End(Utf8JsonWriter writer)
        {
            writer.WriteString("biz_opaque_callback_data"u8, _callbackData);
            writer.WriteEndObject();
            writer.Flush();
            _bodies.Add(_buffer.WrittenSpan.ToArray());
            _buffer.Clear();
            writer.Reset(_buffer);
        }

        private ChannelError? Template(Utf8JsonWriter writer, MessageTemplate template)
        {
            if (string.IsNullOrWhiteSpace(template.Name))
            {
                return Refuse("The template has no name.");
            }

            if (string.IsNullOrWhiteSpace(template.Language))
            {
                return Refuse("The template has no language code.");
            }

            var components = template.Components ?? [];
            for (var c = 0; c < components.Count; c++)
            {
                if (components[c] is null)
                {
                    return Refuse(Invariant($"Template component {c + 1} is missing."));
                }

                if (components[c].Type == TemplateComponentType.Button && components[c].ButtonIndex is not >= 0)
                {
                    return Refuse(Invariant($"Template component {c + 1} is a button without a (non-negative) button index."));
                }

                if (components[c].Type is not (TemplateComponentType.Header or TemplateComponentType.Body or TemplateComponentType.Button))
                {
                    return Refuse(Invariant($"Template component {c + 1} has an unknown type ({components[c].Type})."));
                }

                foreach (var parameter in components[c].Parameters ?? [])
                {
                    if (parameter is null || parameter.Value is null)
                    {
                        return Refuse(Invariant($"Template component {c + 1} has a parameter without a value."));
                    }

                    if (parameter.Kind is < TemplateParameterKind.Text or > TemplateParameterKind.Document)
                    {
                        return Refuse(Invariant($"Template component {c + 1} has a parameter of an unknown kind ({parameter.Kind})."));
                    }
                }
            }

            Begin(writer, "template");
            writer.WriteStartObject("template"u8);
            writer.WriteString("name"u8, template.Name);
            writer.WriteStartObject("language"u8);
            writer.WriteString("policy"u8, "deterministic"u8);
            writer.WriteString("code"u8, template.Language);
            writer.WriteEndObject();
            if (components.Count > 0)
            {
                writer.WriteStartArray("components"u8);
                foreach (var component in components)
                {
                    writer.WriteStartObject();
                    switch (component.Type)
                    {
                        case TemplateComponentType.Header:
                            writer.WriteString("type"u8, "header"u8);
                            break;
                        case TemplateComponentType.Body:
                            writer.WriteString("type"u8, "body"u8);
                            break;
                        default:
                            writer.WriteString("type"u8, "button"u8);
                            writer.WriteString("sub_type"u8, string.IsNullOrWhiteSpace(component.ButtonSubType) ? "quick_reply" : component.ButtonSubType);
                            writer.WriteString("index"u8, component.ButtonIndex!.Value.ToString(CultureInfo.InvariantCulture));
                            break;
                    }

                    var parameters = component.Parameters ?? [];
                    if (parameters.Count > 0)
                    {
                        writer.WriteStartArray("parameters"u8);
                        foreach (var parameter in parameters)
                        {
                            WriteTemplateParameter(writer, parameter);
                        }

                        writer.WriteEndArray();
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            End(writer);
            return null;
        }

        private ChannelError? Text(Utf8JsonWriter writer, TextPart text)
        {
            if (string.IsNullOrWhiteSpace(text.Text))
            {
                return Refuse("A text part is empty; WhatsApp does not send empty messages.");
            }

            if (TooLong("The text", text.Text, WhatsAppDefaults.MaxTextLength) is { } refusal)
            {
                return refusal;
            }

            Begin(writer, "text");
            writer.WriteStartObject("text"u8);
            writer.WriteString("body"u8, text.Text);
            writer.WriteBoolean("preview_url"u8, _settings.PreviewLinks);
            writer.WriteEndObject();
            End(writer);
            return null;
        }

        private ChannelError? Interactive(Utf8JsonWriter writer, TextPart text, IReadOnlyList<MessagePart> parts, int start, int end)
        {
            if (string.IsNullOrWhiteSpace(text.Text))
            {
                return Refuse("The text above the reply buttons or list is empty; WhatsApp needs a body for an interactive message.");
            }

            if (TooLong("The text of an interactive message", text.Text, WhatsAppDefaults.MaxCaptionLength) is { } bodyRefusal)
            {
                return bodyRefusal;
            }

            var list = false;
            var buttons = false;
            for (var i = start; i < end; i++)
            {
                switch (((ChoicePart)parts[i]).ChoiceKind)
                {
                    case ChoiceKind.Button or ChoiceKind.QuickReply:
                        buttons = true;
                        break;
                    case ChoiceKind.ListItem:
                        list = true;
                        break;
                    case ChoiceKind.Postback:
                        return PostbackRefusal();
                    default:
                        return Refuse("An option is of an unknown kind; WhatsApp offers reply buttons or list rows.");
                }
            }

            if (list && buttons)
            {
                return Refuse("An interactive message holds either reply buttons or list rows, not both.");
            }

            return buttons ? Buttons(writer, text, parts, start, end) : List(writer, text, parts, start, end);
        }

        private ChannelError? Buttons(Utf8JsonWriter writer, TextPart text, IReadOnlyList<MessagePart> parts, int start, int end)
        {
            var count = end - start;
            if (count > WhatsAppDefaults.MaxButtons)
            {
                return Refuse(Invariant($"The message offers {count} reply buttons; WhatsApp allows at most {WhatsAppDefaults.MaxButtons}."));
            }

            for (var i = start; i < end; i++)
            {
                var choice = (ChoicePart)parts[i];
                if (string.IsNullOrWhiteSpace(choice.Title))
                {
                    return Refuse(Invariant($"Reply button {i - start + 1} has no title."));
                }

                if (TooLong($"The title of reply button {i - start + 1}", choice.Title, WhatsAppDefaults.MaxButtonTitleLength) is { } refusal)
                {
                    return refusal;
                }
            }

            Begin(writer, "interactive");
            writer.WriteStartObject("interactive"u8);
            writer.WriteString("type"u8, "button"u8);
            WriteBody(writer, text);
            writer.WriteStartObject("action"u8);
            writer.WriteStartArray("buttons"u8);
            for (var i = start; i < end; i++)
            {
                var choice = (ChoicePart)parts[i];
                writer.WriteStartObject();
                writer.WriteString("type"u8, "reply"u8);
                writer.WriteStartObject("reply"u8);
                writer.WriteString("id"u8, string.IsNullOrEmpty(choice.Payload) ? choice.Title : choice.Payload);
                writer.WriteString("title"u8, choice.Title);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
            End(writer);
            return null;
        }

        private ChannelError? List(Utf8JsonWriter writer, TextPart text, IReadOnlyList<MessagePart> parts, int start, int end)
        {
            var buttonText = _settings.ListButtonText;
            if (string.IsNullOrWhiteSpace(buttonText))
            {
                return Refuse("The list button text is empty; set WhatsApp's list button text.");
            }

            if (TooLong("The list button text", buttonText, WhatsAppDefaults.MaxListButtonTextLength) is { } buttonRefusal)
            {
                return buttonRefusal;
            }

            var rows = end - start;
            if (rows > WhatsAppDefaults.MaxListRows)
            {
                return Refuse(Invariant($"The list has {rows} rows; WhatsApp allows at most {WhatsAppDefaults.MaxListRows}."));
            }

            // Consecutive rows with the same section title form one section.
            var sections = 0;
            for (var i = start; i < end; i++)
            {
                var choice = (ChoicePart)parts[i];
                var row = i - start + 1;
                if (i == start || !string.Equals(choice.Section, ((ChoicePart)parts[i - 1]).Section, StringComparison.Ordinal))
                {
                    sections++;
                    if (TooLong($"The title of list section {sections}", choice.Section, MaxListSectionTitleLength) is { } sectionRefusal)
                    {
                        return sectionRefusal;
                    }
                }

                if (string.IsNullOrWhiteSpace(choice.Title))
                {
                    return Refuse(Invariant($"List row {row} has no title."));
                }

                if (TooLong($"The title of list row {row}", choice.Title, WhatsAppDefaults.MaxListRowTitleLength) is { } titleRefusal)
                {
                    return titleRefusal;
                }

                if (TooLong($"The description of list row {row}", choice.Description, WhatsAppDefaults.MaxListRowDescriptionLength) is { } descriptionRefusal)
                {
                    return descriptionRefusal;
                }
            }

            if (sections > WhatsAppDefaults.MaxListSections)
            {
                return Refuse(Invariant($"The list has {sections} sections; WhatsApp allows at most {WhatsAppDefaults.MaxListSections}."));
            }

            Begin(writer, "interactive");
            writer.WriteStartObject("interactive"u8);
            writer.WriteString("type"u8, "list"u8);
            WriteBody(writer, text);
            writer.WriteStartObject("action"u8);
            writer.WriteString("button"u8, buttonText);
            writer.WriteStartArray("sections"u8);
            for (var i = start; i < end; i++)
            {
                var choice = (ChoicePart)parts[i];
                if (i == start || !string.Equals(choice.Section, ((ChoicePart)parts[i - 1]).Section, StringComparison.Ordinal))
                {
                    if (i > start)
                    {
                        writer.WriteEndArray();
                        writer.WriteEndObject();
                    }

                    writer.WriteStartObject();
                    if (choice.Section is not null || sections > 1)
                    {
                        // WhatsApp requires a title on every section of a list with several.
                        writer.WriteString("title"u8, choice.Section ?? string.Empty);
                    }

                    writer.WriteStartArray("rows"u8);
                }

                writer.WriteStartObject();
                writer.WriteString("id"u8, string.IsNullOrEmpty(choice.Payload) ? choice.Title : choice.Payload);
                writer.WriteString("title"u8, choice.Title);
                if (!string.IsNullOrEmpty(choice.Description))
                {
                    writer.WriteString("description"u8, choice.Description);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
            End(writer);
            return null;
        }

        private static void WriteBody(Utf8JsonWriter writer, TextPart text)
        {
            writer.WriteStartObject("body"u8);
            writer.WriteString("text"u8, text.Text);
            writer.WriteEndObject();
        }

        private ChannelError? Media(Utf8JsonWriter writer, MediaPart media)
        {
            var type = MediaType(media.MediaKind);
            if (type.Length == 0)
            {
                return Refuse(Invariant($"WhatsApp cannot send media of kind {media.MediaKind}."));
            }

            if (CheckMediaSource(media, type) is { } sourceRefusal)
            {
                return sourceRefusal;
            }

            var captioned = media.MediaKind is MediaKind.Image or MediaKind.Video or MediaKind.Document;
            var caption = string.IsNullOrWhiteSpace(media.Caption) ? null : media.Caption;
            if (caption is not null)
            {
                if (!captioned)
                {
                    // Refused rather than dropped: a caption is content the agent wrote, and SocialCare never loses it silently.
                    return Refuse(Invariant($"WhatsApp shows no caption on {(media.MediaKind == MediaKind.Audio ? "audio" : "a sticker")}; send the caption as a text part."));
                }

                if (TooLong("The caption", caption, WhatsAppDefaults.MaxCaptionLength) is { } captionRefusal)
                {
                    return captionRefusal;
                }
            }

            Begin(writer, type);
            writer.WriteStartObject(type);
            if (!string.IsNullOrWhiteSpace(media.NetworkMediaId))
            {
                writer.WriteString("id"u8, media.NetworkMediaId);
            }
            else
            {
                writer.WriteString("link"u8, media.Url!.AbsoluteUri);
            }

            if (caption is not null)
            {
                writer.WriteString("caption"u8, caption);
            }

            if (media.MediaKind == MediaKind.Document && !string.IsNullOrWhiteSpace(media.FileName))
            {
                writer.WriteString("filename"u8, media.FileName);
            }

            writer.WriteEndObject();
            End(writer);
            return null;
        }

        private ChannelError? Location(Utf8JsonWriter writer, LocationPart location)
        {
            if (!double.IsFinite(location.Latitude) || location.Latitude is < -90 or > 90
                || !double.IsFinite(location.Longitude) || location.Longitude is < -180 or > 180)
            {
                return Refuse("The location's coordinates are out of range (latitude -90 to 90, longitude -180 to 180).");
            }

            Begin(writer, "location");
            writer.WriteStartObject("location"u8);
            writer.WriteNumber("latitude"u8, location.Latitude);
            writer.WriteNumber("longitude"u8, location.Longitude);
            if (!string.IsNullOrWhiteSpace(location.Name))
            {
                writer.WriteString("name"u8, location.Name);
            }

            if (!string.IsNullOrWhiteSpace(location.Address))
            {
                writer.WriteString("address"u8, location.Address);
            }

            writer.WriteEndObject();
            End(writer);
            return null;
        }

        private ChannelError? Contacts(Utf8JsonWriter writer, IReadOnlyList<MessagePart> parts, int start, int end)
        {
            for (var i = start; i < end; i++)
            {
                if (string.IsNullOrWhiteSpace(((ContactPart)parts[i]).FormattedName))
                {
                    return Refuse(Invariant($"Contact card {i - start + 1} has no name; WhatsApp needs a formatted name."));
                }
            }

            Begin(writer, "contacts");
            writer.WriteStartArray("contacts"u8);
            for (var i = start; i < end; i++)
            {
                var contact = (ContactPart)parts[i];
                writer.WriteStartObject();
                writer.WriteStartObject("name"u8);
                writer.WriteString("formatted_name"u8, contact.FormattedName);
                if (!string.IsNullOrWhiteSpace(contact.FirstName))
                {
                    writer.WriteString("first_name"u8, contact.FirstName);
                }

                if (!string.IsNullOrWhiteSpace(contact.LastName))
                {
                    writer.WriteString("last_name"u8, contact.LastName);
                }

                writer.WriteEndObject();

                var phones = (contact.Phones ?? []).Where(p => p is not null && !string.IsNullOrWhiteSpace(p.Number)).ToList();
                if (phones.Count > 0)
                {
                    writer.WriteStartArray("phones"u8);
                    foreach (var phone in phones)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("phone"u8, phone.Number);
                        if (!string.IsNullOrWhiteSpace(phone.Type))
                        {
                            writer.WriteString("type"u8, phone.Type);
                        }

                        if (!string.IsNullOrEmpty(phone.WhatsAppId?.Value))
                        {
                            writer.WriteString("wa_id"u8, phone.WhatsAppId.Value.Value);
                        }

                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                }

                var emails = (contact.Emails ?? []).Where(e => !string.IsNullOrWhiteSpace(e)).ToList();
                if (emails.Count > 0)
                {
                    writer.WriteStartArray("emails"u8);
                    foreach (var email in emails)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("email"u8, email);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                }

                if (!string.IsNullOrWhiteSpace(contact.Organization))
                {
                    writer.WriteStartObject("org"u8);
                    writer.WriteString("company"u8, contact.Organization);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            End(writer);
            return null;
        }

        private ChannelError? Reaction(Utf8JsonWriter writer, ReactionPart reaction)
        {
            if (string.IsNullOrWhiteSpace(reaction.Target.Value))
            {
                return Refuse("A reaction needs the id of the message it applies to.");
            }

            if (!reaction.Removed && string.IsNullOrWhiteSpace(reaction.Emoji))
            {
                return Refuse("A reaction needs an emoji (or must be marked removed).");
            }

            Begin(writer, "reaction");
            writer.WriteStartObject("reaction"u8);
            writer.WriteString("message_id"u8, reaction.Target.Value);
            writer.WriteString("emoji"u8, reaction.Removed ? string.Empty : reaction.Emoji);
            writer.WriteEndObject();
            End(writer);
            return null;
        }
    }
}
