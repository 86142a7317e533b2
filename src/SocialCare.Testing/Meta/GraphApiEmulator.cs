using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace SocialCare.Testing.Meta;

/// <summary>
/// An in-process stand-in for Meta's Graph API (Messenger Send API and Page comment calls), used as the primary handler
/// of the Facebook channel's <c>HttpClient</c>. It records every request, answers as Graph does, and writes the webhooks
/// Meta would send back (deliveries, reads, messages), so that a Facebook conversation runs end to end without a network.
/// </summary>
/// <remarks>
/// Thread-safe. Answers: <c>POST /{version}/{page-id}/messages</c> with <c>recipient_id</c> and a new <c>message_id</c>
/// (sender actions get <c>recipient_id</c> only); <c>POST /{version}/{object-id}/comments</c> with a new comment
/// <c>id</c>; <c>POST /{version}/{comment-id}</c> and <c>DELETE /{version}/{comment-id}</c> with <c>success</c>. A
/// request without a Bearer token gets Graph's error 190. Queue other errors with <see cref="FailNext"/>.
/// </remarks>
public sealed class GraphApiEmulator : HttpMessageHandler
{
    private readonly Lock _gate = new();
    private readonly List<GraphApiRequest> _requests = [];
    private readonly Queue<(int Status, string Body, TimeSpan? RetryAfter)> _failures = new();
    private int _ids;

    /// <summary>Gets every request received so far, in order.</summary>
    public IReadOnlyList<GraphApiRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Makes the next call fail with a Graph error object.</summary>
    /// <param name="statusCode">The HTTP status, such as 400 or 503.</param>
    /// <param name="code">Graph's <c>code</c>, such as 10, 190 or 613.</param>
    /// <param name="subcode">Graph's <c>error_subcode</c>, such as 2018278.</param>
    /// <param name="message">Graph's <c>message</c>.</param>
    /// <param name="retryAfter">A <c>Retry-After</c> header to add, if any.</param>
    public void FailNext(int statusCode, int code, int? subcode = null, string message = "Emulated Graph API error", TimeSpan? retryAfter = null)
    {
        var body = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("message", message);
            writer.WriteString("type", code == 190 ? "OAuthException" : "GraphMethodException");
            writer.WriteNumber("code", code);
            if (subcode is { } sub)
            {
                writer.WriteNumber("error_subcode", sub);
            }

            writer.WriteString("fbtrace_id", "Emu" + Interlocked.Increment(ref _ids).ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        lock (_gate)
        {
            _failures.Enqueue((statusCode, Encoding.UTF8.GetString(body.WrittenSpan), retryAfter));
        }
    }

    /// <summary>Writes the Messenger <c>delivery</c> webhook Meta sends when messages reached the customer.</summary>
    /// <param name="pageId">The Page.</param>
    /// <param name="psid">The customer's Page-scoped id.</param>
    /// <param name="messageIds">The delivered messages (<c>mids</c>); may be empty.</param>
    /// <param name="watermark">Every message sent before this moment was delivered.</param>
    /// <returns>The webhook body, ready to be signed.</returns>
    public static byte[] DeliveryWebhook(string pageId, string psid, IEnumerable<string> messageIds, DateTimeOffset watermark)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        return Messaging(pageId, psid, watermark, fromPage: false, writer =>
        {
            writer.WriteStartObject("delivery");
            writer.WriteStartArray("mids");
            foreach (var mid in messageIds)
            {
                writer.WriteStringValue(mid);
            }

            writer.WriteEndArray();
            writer.WriteNumber("watermark", watermark.ToUnixTimeMilliseconds());
            writer.WriteEndObject();
        });
    }

    /// <summary>Writes the Messenger <c>read</c> webhook Meta sends when the customer read the Page's messages.</summary>
    /// <param name="pageId">The Page.</param>
    /// <param name="psid">The customer's Page-scoped id.</param>
    /// <param name="watermark">Every message sent before this moment was read.</param>
    /// <returns>The webhook body, ready to be signed.</returns>
    public static byte[] ReadWebhook(string pageId, string psid, DateTimeOffset watermark)
        => Messaging(pageId, psid, watermark, fromPage: false, writer =>
        {
            writer.WriteStartObject("read");
            writer.WriteNumber("watermark", watermark.ToUnixTimeMilliseconds());
            writer.WriteEndObject();
        });

    /// <summary>Writes the Messenger <c>message</c> webhook of a customer's text message.</summary>
    /// <param name="pageId">The Page.</param>
    /// <param name="psid">The customer's Page-scoped id.</param>
    /// <param name="messageId">The message's <c>mid</c>.</param>
    /// <param name="text">The text.</param>
    /// <param name="sentAt">When the customer sent it.</param>
    /// <returns>The webhook body, ready to be signed.</returns>
    public static byte[] TextMessageWebhook(string pageId, string psid, string messageId, string text, DateTimeOffset sentAt)
        => Messaging(pageId, psid, sentAt, fromPage: false, writer =>
        {
            writer.WriteStartObject("message");
            writer.WriteString("mid", messageId);
            writer.WriteString("text", text);
            writer.WriteEndObject();
        });

    /// <summary>Writes the Page feed webhook of a comment added to a Page post.</summary>
    /// <param name="pageId">The Page.</param>
    /// <param name="postId">The post (<c>{page-id}_{post}</c>).</param>
    /// <param name="commentId">The comment's id.</param>
    /// <param name="fromId">The author's id.</param>
    /// <param name="fromName">The author's name.</param>
    /// <param name="text">The comment.</param>
    /// <param name="createdAt">When it was written.</param>
    /// <param name="parentId">The comment it answers, or <see langword="null"/> for a top-level comment.</param>
    /// <returns>The webhook body, ready to be signed.</returns>
    public static byte[] CommentWebhook(string pageId, string postId, string commentId, string fromId, string fromName, string text, DateTimeOffset createdAt, string? parentId = null)
        => Envelope(pageId, createdAt.ToUnixTimeSeconds(), "changes", writer =>
        {
            writer.WriteString("field", "feed");
            writer.WriteStartObject("value");
            writer.WriteStartObject("from");
            writer.WriteString("id", fromId);
            writer.WriteString("name", fromName);
            writer.WriteEndObject();
            writer.WriteString("item", "comment");
            writer.WriteString("verb", "add");
            writer.WriteString("post_id", postId);
            writer.WriteString("comment_id", commentId);
            writer.WriteString("parent_id", parentId ?? postId);
            writer.WriteString("message", text);
            writer.WriteNumber("created_time", createdAt.ToUnixTimeSeconds());
            writer.WriteEndObject();
        });

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no address.");
        var recorded = new GraphApiRequest(request.Method.Method, uri.AbsolutePath, uri.Query.TrimStart('?'), body)
        {
            Authorization = request.Headers.Authorization?.ToString(),
            ContentType = request.Content?.Headers.ContentType?.MediaType,
        };

        (int Status, string Body, TimeSpan? RetryAfter)? failure = null;
        lock (_gate)
        {
            _requests.Add(recorded);
            if (_failures.Count > 0)
            {
                failure = _failures.Dequeue();
            }
        }

        if (failure is { } fail)
        {
            var failed = Json((HttpStatusCode)fail.Status, fail.Body);
            if (fail.RetryAfter is { } after)
            {
                failed.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(after);
            }

            return failed;
        }

        if (recorded.Authorization is not { } auth || !auth.StartsWith("Bearer ", StringComparison.Ordinal) || auth.Length <= 7)
        {
            return Json(HttpStatusCode.BadRequest, """{"error":{"message":"An active access token must be used to query information about the current user.","type":"OAuthException","code":190,"fbtrace_id":"EmuAuth"}}""");
        }

        // Paths are /{version}/{object}[/{edge}].
        var segments = uri.AbsolutePath.Trim('/').Split('/');
        var id = Interlocked.Increment(ref _ids).ToString(CultureInfo.InvariantCulture);
        if (request.Method == HttpMethod.Post && segments is [_, _, "messages"])
        {
            var recipient = ReadRecipient(body);
            var isAction = body.Contains("\"sender_action\"", StringComparison.Ordinal) && !body.Contains("\"react", StringComparison.Ordinal);
            return isAction
                ? Json(HttpStatusCode.OK, JsonSerializer.Serialize(new Dictionary<string, string> { ["recipient_id"] = recipient }, EmulatorJson.Default.DictionaryStringString))
                : Json(HttpStatusCode.OK, JsonSerializer.Serialize(new Dictionary<string, string> { ["recipient_id"] = recipient, ["message_id"] = "m_emu_" + id }, EmulatorJson.Default.DictionaryStringString));
        }

        if (request.Method == HttpMethod.Post && segments is [_, var parent, "comments"])
        {
            var post = parent.Split('_')[0];
            return Json(HttpStatusCode.OK, JsonSerializer.Serialize(new Dictionary<string, string> { ["id"] = $"{post}_{9_000_000 + int.Parse(id, CultureInfo.InvariantCulture)}" }, EmulatorJson.Default.DictionaryStringString));
        }

        if ((request.Method == HttpMethod.Post || request.Method == HttpMethod.Delete) && segments is [_, _])
        {
            return Json(HttpStatusCode.OK, """{"success":true}""");
        }

        return Json(HttpStatusCode.BadRequest, """{"error":{"message":"Unsupported request in the Graph API emulator.","type":"GraphMethodException","code":100,"fbtrace_id":"EmuPath"}}""");
    }

    private static string ReadRecipient(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("recipient", out var recipient))
            {
                foreach (var property in recipient.EnumerateObject())
                {
                    return property.Value.GetString() ?? string.Empty;
                }
            }
        }
        catch (JsonException)
        {
        }

        return string.Empty;
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string json)
        => new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static byte[] Messaging(string pageId, string psid, DateTimeOffset at, bool fromPage, Action<Utf8JsonWriter> writeEvent)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(psid);
        return Envelope(pageId, at.ToUnixTimeMilliseconds(), "messaging", writer =>
        {
            writer.WriteStartObject("sender");
            writer.WriteString("id", fromPage ? pageId : psid);
            writer.WriteEndObject();
            writer.WriteStartObject("recipient");
            writer.WriteString("id", fromPage ? psid : pageId);
            writer.WriteEndObject();
            writer.WriteNumber("timestamp", at.ToUnixTimeMilliseconds());
            writeEvent(writer);
        });
    }

    /// <summary>Writes <c>{"object":"page","entry":[{"id","time",&lt;items&gt;:[{…}]}]}</c> with one item.</summary>
    private static byte[] Envelope(string pageId, long time, string items, Action<Utf8JsonWriter> writeItem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pageId);
        var body = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("object", "page");
            writer.WriteStartArray("entry");
            writer.WriteStartObject();
            writer.WriteString("id", pageId);
            writer.WriteNumber("time", time);
            writer.WriteStartArray(items);
            writer.WriteStartObject();
            writeItem(writer);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return body.WrittenSpan.ToArray();
    }
}

/// <summary>A request the <see cref="GraphApiEmulator"/> received.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, such as <c>/v25.0/104857392016485/messages</c>.</param>
/// <param name="Query">The query string without its <c>?</c> (where <c>appsecret_proof</c> travels).</param>
/// <param name="Body">The body, as text.</param>
public sealed record GraphApiRequest(string Method, string Path, string Query, string Body)
{
    /// <summary>Gets the <c>Authorization</c> header, if any.</summary>
    public string? Authorization { get; init; }

    /// <summary>Gets the body's media type, if any.</summary>
    public string? ContentType { get; init; }
}
