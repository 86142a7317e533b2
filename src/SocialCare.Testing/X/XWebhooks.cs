using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SocialCare.Testing;

/// <summary>
/// Writes the Account Activity ("AAA classic") webhook bodies X sends for a Direct Message or a mention (x.md §4.1,
/// §4.3, §4.5), and signs them as X does (<c>x-twitter-webhooks-signature: sha256=…</c>, x.md §2), so that tests can
/// feed an X channel without the network.
/// </summary>
/// <remarks>
/// Texts are HTML-escaped (<c>&amp;amp;</c>, <c>&amp;lt;</c>, <c>&amp;gt;</c>) and entity indices count code points, as
/// X's do. Bodies are UTF-8 JSON without insignificant whitespace; sign the exact bytes returned. Thread-safe.
/// </remarks>
public static partial class XWebhooks
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the <c>direct_message_events</c> webhook of one Direct Message, with the sender in <c>users</c>.</summary>
    /// <param name="forUserId">The subscribed account this copy is for (<c>for_user_id</c>).</param>
    /// <param name="dmId">The DM event id.</param>
    /// <param name="senderId">The sender's user id (the brand's own id makes it an outbound echo).</param>
    /// <param name="recipientId">The recipient's user id.</param>
    /// <param name="text">The text, unescaped.</param>
    /// <param name="at">When it was sent (<c>created_timestamp</c>, milliseconds).</param>
    /// <param name="senderName">The sender's display name.</param>
    /// <param name="senderScreenName">The sender's handle, without <c>@</c>.</param>
    /// <returns>The webhook body, ready to be signed.</returns>
    /// <exception cref="ArgumentException">An id or the text is null or empty.</exception>
    public static byte[] DirectMessage(string forUserId, string dmId, string senderId, string recipientId, string text, DateTimeOffset at, string senderName, string senderScreenName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(forUserId);
        ArgumentException.ThrowIfNullOrWhiteSpace(dmId);
        ArgumentException.ThrowIfNullOrWhiteSpace(senderId);
        ArgumentException.ThrowIfNullOrWhiteSpace(recipientId);
        ArgumentException.ThrowIfNullOrEmpty(text);
        ArgumentNullException.ThrowIfNull(senderName);
        ArgumentException.ThrowIfNullOrWhiteSpace(senderScreenName);
        var milliseconds = at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        return Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("for_user_id", forUserId);
            writer.WriteStartArray("direct_message_events");
            writer.WriteStartObject();
            writer.WriteString("type", "message_create");
            writer.WriteString("id", dmId);
            writer.WriteString("created_timestamp", milliseconds);
            writer.WriteStartObject("message_create");
            writer.WriteStartObject("target");
            writer.WriteString("recipient_id", recipientId);
            writer.WriteEndObject();
            writer.WriteString("sender_id", senderId);
            writer.WriteStartObject("message_data");
            writer.WriteString("text", HtmlEscape(text));
            writer.WriteStartObject("entities");
            WriteEmptyArrays(writer, "hashtags", "symbols", "user_mentions", "urls");
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteStartObject("users");
            writer.WriteStartObject(senderId);
            writer.WriteString("id", senderId);
            writer.WriteString("created_timestamp", milliseconds);
            writer.WriteString("name", senderName);
            writer.WriteString("screen_name", senderScreenName);
            writer.WriteBoolean("protected", false);
            writer.WriteBoolean("verified", false);
            writer.WriteNumber("followers_count", 0);
            writer.WriteNumber("friends_count", 0);
            writer.WriteNumber("statuses_count", 0);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    /// <summary>Writes the <c>direct_message_mark_read_events</c> webhook X sends when a customer read the account's Direct Messages (x.md §4.1).</summary>
    /// <param name="forUserId">The subscribed (brand) account, also the <c>target.recipient_id</c>.</param>
    /// <param name="senderId">The customer who read them.</param>
    /// <param name="lastReadEventId">The last DM event read: every earlier one was read too.</param>
    /// <param name="at">When they read it (<c>created_timestamp</c>, milliseconds).</param>
    /// <returns>The webhook body, ready to be signed.</returns>
    /// <exception cref="ArgumentException">An id is null or empty.</exception>
    public static byte[] DirectMessageRead(string forUserId, string senderId, string lastReadEventId, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(forUserId);
        ArgumentException.ThrowIfNullOrWhiteSpace(senderId);
        ArgumentException.ThrowIfNullOrWhiteSpace(lastReadEventId);
        return Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("for_user_id", forUserId);
            writer.WriteStartArray("direct_message_mark_read_events");
            writer.WriteStartObject();
            writer.WriteString("created_timestamp", at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
            writer.WriteString("sender_id", senderId);
            writer.WriteStartObject("target");
            writer.WriteString("recipient_id", forUserId);
            writer.WriteEndObject();
            writer.WriteString("last_read_event_id", lastReadEventId);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    /// <summary>
    /// Writes the <c>tweet_create_events</c> webhook of a customer's post that mentions the account, or replies to one of
    /// its posts when <paramref name="inReplyToPostId"/> is given (then <c>in_reply_to_user_id_str</c> is
    /// <paramref name="forUserId"/>).
    /// </summary>
    /// <param name="forUserId">The subscribed (brand) account this copy is for.</param>
    /// <param name="postId">The post's id (<c>id_str</c>).</param>
    /// <param name="authorId">The author's user id.</param>
    /// <param name="authorScreenName">The author's handle, without <c>@</c>.</param>
    /// <param name="text">The text, unescaped, such as <c>@NimbusCare my fibre is down</c>.</param>
    /// <param name="at">When it was posted.</param>
    /// <param name="inReplyToPostId">The brand post it replies to, or <see langword="null"/>.</param>
    /// <param name="forScreenName">
    /// The brand's handle: its <c>@mention</c> in the text gets the entity with id <paramref name="forUserId"/>. When
    /// <see langword="null"/>, the first <c>@mention</c> of the text is taken for the brand. Other mentions get no entity.
    /// </param>
    /// <param name="authorName">The author's display name; the handle when <see langword="null"/>.</param>
    /// <param name="inReplyToUserId">
    /// The author of the post replied to, when it is not <paramref name="forUserId"/> (the brand's own reply to a customer,
    /// echoed back, names the customer here).
    /// </param>
    /// <param name="inReplyToScreenName">That author's handle.</param>
    /// <returns>The webhook body, ready to be signed.</returns>
    /// <exception cref="ArgumentException">An id, the handle or the text is null or empty.</exception>
    public static byte[] Mention(string forUserId, string postId, string authorId, string authorScreenName, string text, DateTimeOffset at, string? inReplyToPostId = null, string? forScreenName = null, string? authorName = null, string? inReplyToUserId = null, string? inReplyToScreenName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(forUserId);
        ArgumentException.ThrowIfNullOrWhiteSpace(postId);
        ArgumentException.ThrowIfNullOrWhiteSpace(authorId);
        ArgumentException.ThrowIfNullOrWhiteSpace(authorScreenName);
        ArgumentException.ThrowIfNullOrEmpty(text);
        var escaped = HtmlEscape(text);
        var mention = FindBrandMention(escaped, forScreenName);
        return Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("for_user_id", forUserId);
            writer.WriteString("user_has_blocked", "false");
            writer.WriteStartArray("tweet_create_events");
            writer.WriteStartObject();
            writer.WriteString("created_at", at.UtcDateTime.ToString("ddd MMM dd HH:mm:ss '+0000' yyyy", CultureInfo.InvariantCulture));
            WriteId(writer, "id", postId);
            writer.WriteString("id_str", postId);
            writer.WriteString("text", escaped);
            writer.WriteString("source", "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>");
            writer.WriteBoolean("truncated", false);
            if (inReplyToPostId is null)
            {
                writer.WriteNull("in_reply_to_status_id");
                writer.WriteNull("in_reply_to_status_id_str");
                writer.WriteNull("in_reply_to_user_id");
                writer.WriteNull("in_reply_to_user_id_str");
                writer.WriteNull("in_reply_to_screen_name");
            }
            else
            {
                WriteId(writer, "in_reply_to_status_id", inReplyToPostId);
                writer.WriteString("in_reply_to_status_id_str", inReplyToPostId);
                WriteId(writer, "in_reply_to_user_id", inReplyToUserId ?? forUserId);
                writer.WriteString("in_reply_to_user_id_str", inReplyToUserId ?? forUserId);
                if ((inReplyToUserId is null ? forScreenName ?? mention?.ScreenName : inReplyToScreenName) is { } replyTo)
                {
                    writer.WriteString("in_reply_to_screen_name", replyTo);
                }
                else
                {
                    writer.WriteNull("in_reply_to_screen_name");
                }
            }

            writer.WriteStartObject("user");
            WriteId(writer, "id", authorId);
            writer.WriteString("id_str", authorId);
            writer.WriteString("name", authorName ?? authorScreenName);
            writer.WriteString("screen_name", authorScreenName);
            writer.WriteBoolean("protected", false);
            writer.WriteBoolean("verified", false);
            writer.WriteNumber("followers_count", 0);
            writer.WriteNumber("friends_count", 0);
            writer.WriteNumber("statuses_count", 0);
            writer.WriteString("created_at", at.UtcDateTime.ToString("ddd MMM dd HH:mm:ss '+0000' yyyy", CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            writer.WriteBoolean("is_quote_status", false);
            writer.WriteStartObject("entities");
            WriteEmptyArrays(writer, "hashtags", "urls");
            writer.WriteStartArray("user_mentions");
            if (mention is { } m)
            {
                writer.WriteStartObject();
                writer.WriteString("screen_name", m.ScreenName);
                writer.WriteString("name", m.ScreenName);
                WriteId(writer, "id", forUserId);
                writer.WriteString("id_str", forUserId);
                writer.WriteStartArray("indices");
                writer.WriteNumberValue(m.Start);
                writer.WriteNumberValue(m.End);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            WriteEmptyArrays(writer, "symbols");
            writer.WriteEndObject();
            writer.WriteBoolean("favorited", false);
            writer.WriteBoolean("retweeted", false);
            writer.WriteString("lang", "en");
            writer.WriteString("timestamp_ms", at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    /// <summary>Computes the <c>x-twitter-webhooks-signature</c> header value: <c>sha256=</c> + base64(HMAC-SHA256(consumer secret, body)).</summary>
    /// <param name="body">The exact body bytes.</param>
    /// <param name="consumerSecret">The app's consumer secret.</param>
    /// <returns>The header value.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static string Sign(byte[] body, string consumerSecret)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(consumerSecret);
        return "sha256=" + Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(consumerSecret), body));
    }

    /// <summary>Computes the CRC answer's <c>response_token</c> for a <c>crc_token</c> (x.md §1.3).</summary>
    /// <param name="crcToken">The <c>crc_token</c> X sent.</param>
    /// <param name="consumerSecret">The app's consumer secret.</param>
    /// <returns><c>sha256=</c> + base64(HMAC-SHA256(consumer secret, crc_token)).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static string CrcResponseToken(string crcToken, string consumerSecret)
    {
        ArgumentNullException.ThrowIfNull(crcToken);
        return Sign(Encoding.UTF8.GetBytes(crcToken), consumerSecret);
    }

    /// <summary>Escapes text as X does in v1.1 payloads: <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> only.</summary>
    internal static string HtmlEscape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>Finds the brand's <c>@mention</c> and its [start, end) code point indices.</summary>
    private static (string ScreenName, int Start, int End)? FindBrandMention(string text, string? forScreenName)
    {
        foreach (Match match in MentionRegex().Matches(text))
        {
            var handle = match.Groups[1].Value;
            if (forScreenName is null || string.Equals(handle, forScreenName.TrimStart('@'), StringComparison.OrdinalIgnoreCase))
            {
                var start = text[..match.Index].EnumerateRunes().Count();
                var length = match.Value.EnumerateRunes().Count();
                return (handle, start, start + length);
            }
        }

        return null;
    }

    /// <summary>Writes a numeric id as X does (a number, which JavaScript readers round); ids that are not numbers are skipped.</summary>
    private static void WriteId(Utf8JsonWriter writer, string name, string id)
    {
        if (ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            writer.WriteNumber(name, number);
        }
    }

    private static void WriteEmptyArrays(Utf8JsonWriter writer, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            writer.WriteStartArray(name);
            writer.WriteEndArray();
        }
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9_@])@([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_@])", RegexOptions.CultureInvariant)]
    private static partial Regex MentionRegex();
}
