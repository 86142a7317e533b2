using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SocialCare.Channels.Twitter;

/// <summary>
/// Writes the X API v2 request bodies the channel sends (x.md §5.1, §5.3) and reads the answers, with
/// <see cref="Utf8JsonWriter"/> and <see cref="JsonDocument"/>: no reflection, AOT-safe.
/// </summary>
internal static class XRequests
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // The bodies go to a JSON API, never into HTML: keeping <, >, &, ' and non-ASCII letters raw keeps them short and
        // readable in emulators. Quotes, backslashes and control characters are still escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>Writes <c>{"text":…,"attachments":[{"media_id":…}]}</c> for <c>POST /2/dm_conversations/with/:participant_id/messages</c>.</summary>
    /// <param name="text">The text, or <see langword="null"/> for an attachment alone.</param>
    /// <param name="mediaId">The one media id to attach (uploaded for DMs by the same account), or <see langword="null"/>.</param>
    /// <returns>The UTF-8 body.</returns>
    public static byte[] DirectMessage(string? text, string? mediaId) => Write(writer =>
    {
        writer.WriteStartObject();
        if (!string.IsNullOrEmpty(text))
        {
            writer.WriteString("text", text);
        }

        if (!string.IsNullOrEmpty(mediaId))
        {
            writer.WriteStartArray("attachments");
            writer.WriteStartObject();
            writer.WriteString("media_id", mediaId);
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    });

    /// <summary>
    /// Writes <c>{"text":…,"reply":{"in_reply_to_tweet_id":…},"media":{"media_ids":[…]}}</c> for <c>POST /2/tweets</c>.
    /// The text goes as given: no leading <c>@handle</c> is added (x.md §5.3).
    /// </summary>
    /// <param name="text">The text (may be empty when media are attached).</param>
    /// <param name="inReplyToPostId">The post answered, or <see langword="null"/> for a new post.</param>
    /// <param name="mediaIds">Up to four media ids, or <see langword="null"/>.</param>
    /// <returns>The UTF-8 body.</returns>
    public static byte[] Post(string text, string? inReplyToPostId, IReadOnlyList<string>? mediaIds) => Write(writer =>
    {
        writer.WriteStartObject();
        if (text.Length > 0)
        {
            writer.WriteString("text", text);
        }

        if (!string.IsNullOrEmpty(inReplyToPostId))
        {
            writer.WriteStartObject("reply");
            writer.WriteString("in_reply_to_tweet_id", inReplyToPostId);
            writer.WriteEndObject();
        }

        if (mediaIds is { Count: > 0 })
        {
            writer.WriteStartObject("media");
            writer.WriteStartArray("media_ids");
            foreach (var id in mediaIds)
            {
                writer.WriteStringValue(id);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    });

    /// <summary>Reads <c>{"data":{"dm_conversation_id","dm_event_id"}}</c>.</summary>
    /// <param name="body">The 201 answer.</param>
    /// <param name="eventId">The new DM event's id.</param>
    /// <param name="conversationId">The conversation's id, when given.</param>
    /// <returns><see langword="true"/> when the event id was there.</returns>
    public static bool TryReadDirectMessageAnswer(ReadOnlySpan<byte> body, out string? eventId, out string? conversationId)
    {
        eventId = conversationId = null;
        if (!TryGetData(body, out var document, out var data))
        {
            return false;
        }

        using (document)
        {
            eventId = String(data, "dm_event_id");
            conversationId = String(data, "dm_conversation_id");
        }

        return !string.IsNullOrEmpty(eventId);
    }

    /// <summary>Reads <c>{"data":{"id","text"}}</c>.</summary>
    /// <param name="body">The 201 answer.</param>
    /// <param name="id">The new post's id.</param>
    /// <returns><see langword="true"/> when the id was there.</returns>
    public static bool TryReadPostAnswer(ReadOnlySpan<byte> body, out string? id)
    {
        id = null;
        if (!TryGetData(body, out var document, out var data))
        {
            return false;
        }

        using (document)
        {
            id = String(data, "id");
        }

        return !string.IsNullOrEmpty(id);
    }

    /// <summary>Reads the token endpoint's <c>{"token_type","expires_in","access_token","scope","refresh_token"}</c>.</summary>
    /// <param name="body">The 200 answer.</param>
    /// <param name="accessToken">The new access token.</param>
    /// <param name="refreshToken">The new refresh token, when given.</param>
    /// <param name="expiresIn">The access token's lifetime in seconds, when given.</param>
    /// <returns><see langword="true"/> when an access token was there.</returns>
    public static bool TryReadTokenAnswer(ReadOnlySpan<byte> body, out string? accessToken, out string? refreshToken, out long? expiresIn)
    {
        accessToken = refreshToken = null;
        expiresIn = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            accessToken = String(root, "access_token");
            refreshToken = String(root, "refresh_token");
            if (root.TryGetProperty("expires_in", out var expires) && expires.ValueKind == JsonValueKind.Number && expires.TryGetInt64(out var seconds))
            {
                expiresIn = seconds;
            }

            return !string.IsNullOrEmpty(accessToken);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryGetData(ReadOnlySpan<byte> body, out JsonDocument? document, out JsonElement data)
    {
        document = null;
        data = default;
        try
        {
            var reader = new Utf8JsonReader(body);
            document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("data", out data)
                && data.ValueKind == JsonValueKind.Object)
            {
                return true;
            }

            document.Dispose();
            document = null;
            return false;
        }
        catch (JsonException)
        {
            document?.Dispose();
            document = null;
            return false;
        }
    }

    private static string? String(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
