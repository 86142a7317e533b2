using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SocialCare.Testing.Meta;

/// <summary>
/// An in-process stand-in for Meta's Graph API (Messenger Send API, Page comment calls and the WhatsApp Cloud API), used
/// as the primary handler of a Meta channel's <c>HttpClient</c>. It records every request, answers as Graph does, and
/// writes the webhooks Meta would send back (deliveries, reads, messages, statuses), so that a Facebook or WhatsApp
/// conversation runs end to end without a network.
/// </summary>
/// <remarks>
/// <para>
/// Thread-safe. A Graph request without a Bearer token gets Graph's error 190. Queue other errors with
/// <see cref="FailNext(int, int, int?, string, TimeSpan?)"/>, or with
/// <see cref="FailNext(int, int, string, string?, TimeSpan?, int?)"/> for the Cloud API's errors, or with the helpers that
/// answer as Graph does for the product called (<see cref="FailNextWithWindowClosed"/>,
/// <see cref="FailNextWithRateLimit"/>, <see cref="FailNextWithServerError"/>, <see cref="FailNextWithInvalidToken"/>,
/// <see cref="FailNextWithConnectionError"/>); a queued error answers the next request, whatever it is (a media download
/// included). Slow answers come from <see cref="DelayNext"/> and <see cref="ResponseDelay"/>. Once tokens are added with
/// <see cref="AddAccessToken"/>, other Bearer tokens get error 190 too.
/// </para>
/// <para>
/// Messenger and Pages: <c>POST /{version}/{page-id}/messages</c> answers <c>recipient_id</c> and a new
/// <c>message_id</c> (sender actions get <c>recipient_id</c> only); <c>POST /{version}/{object-id}/comments</c> a new
/// comment <c>id</c>; <c>POST /{version}/{comment-id}</c> and <c>DELETE /{version}/{comment-id}</c> <c>success</c>.
/// </para>
/// <para>
/// WhatsApp Cloud API: <c>POST /{version}/{phone-number-id}/messages</c> whose body has
/// <c>"messaging_product":"whatsapp"</c> answers <c>contacts</c> (<c>input</c> with <c>wa_id</c> for <c>to</c>, or
/// <c>user_id</c> for a BSUID <c>recipient</c>) and <c>messages[0]</c> with a new <c>wamid.…</c> id and
/// <c>message_status:"accepted"</c>; a mark-as-read body (<c>"status":"read"</c>, with or without
/// <c>typing_indicator</c>) answers <c>success</c>. It answers HTTP 400 with error 100 and
/// <c>error_data.details</c> when neither <c>to</c> nor <c>recipient</c> is given, when <c>type</c> is missing or
/// unknown, when the object named by <c>type</c> is missing, and when a text <c>body</c> is missing or longer than
/// 4,096 characters (a mark-as-read without <c>message_id</c> too). <c>GET /{version}/{media-id}</c> of media added
/// with <see cref="AddMedia"/> answers its <c>url</c>, <c>mime_type</c>, <c>sha256</c>, <c>file_size</c> and
/// <c>id</c>, issuing a fresh lookaside URL each time (an unknown id gets error 100); <c>GET</c> of that URL answers
/// the bytes with the Bearer token, 401 without it, and 404 once <see cref="MediaUrlLifetime"/> has passed or
/// <see cref="ExpireMediaUrls"/> was called. The WhatsApp webhook builders write <c>display_phone_number</c>
/// <c>15557771234</c>, the shared fixtures' number.
/// </para>
/// <para>
/// As an <see cref="INetworkFaults"/> (for <see cref="ChannelAdapterContractTests"/>): <see cref="AcceptedMessages"/>
/// lists the Messenger messages, WhatsApp messages and comments accepted, and
/// <see cref="INetworkFaults.FailNextOutsideWindow"/> is <see cref="FailNextWithWindowClosed"/>.
/// </para>
/// </remarks>
public sealed class GraphApiEmulator : HttpMessageHandler, INetworkFaults
{
    private const string LookasideHost = "lookaside.fbsbx.com";
    private const string LookasidePath = "/whatsapp_business/attachments/";
    private const string DisplayPhoneNumber = "15557771234";
    private const string ErrorCodesHref = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/";
    private const int MaxTextLength = 4096;
    private static readonly string[] MessageTypes = ["audio", "contacts", "document", "image", "interactive", "location", "reaction", "sticker", "template", "text", "video"];
    private static readonly string[] MediaKinds = ["audio", "document", "image", "sticker", "video"];

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly List<GraphApiRequest> _requests = [];
    private readonly List<AcceptedMessage> _accepted = [];
    private readonly Queue<Failure> _failures = new();
    private readonly Queue<TimeSpan> _delays = new();
    private readonly HashSet<string> _tokens = new(StringComparer.Ordinal);
    private readonly HashSet<string> _revokedTokens = new(StringComparer.Ordinal);
    private TimeSpan _responseDelay;
    private readonly Dictionary<string, Media> _media = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string MediaId, DateTimeOffset ExpiresAt)> _mediaUrls = new(StringComparer.Ordinal);
    private TimeSpan _mediaUrlLifetime = TimeSpan.FromMinutes(5);
    private int _ids;

    /// <summary>Initializes a new instance of the <see cref="GraphApiEmulator"/> class on the system clock.</summary>
    public GraphApiEmulator()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="GraphApiEmulator"/> class.</summary>
    /// <param name="timeProvider">The clock media URLs expire by.</param>
    public GraphApiEmulator(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
    }

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

    /// <summary>
    /// Gets the messages accepted so far, in order: Messenger messages (to the <c>recipient</c>'s id; sender actions are
    /// not messages), WhatsApp messages (to the <c>to</c> number or BSUID <c>recipient</c>) and comments (to the object
    /// answered), each with the id Graph answered.
    /// </summary>
    public IReadOnlyList<AcceptedMessage> AcceptedMessages
    {
        get
        {
            lock (_gate)
            {
                return [.. _accepted];
            }
        }
    }

    /// <summary>Gets or sets how long a media URL stays valid after <c>GET /{version}/{media-id}</c> issued it.</summary>
    /// <value>The default is 5 minutes, as on the Cloud API. A change applies to URLs issued afterwards.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative.</exception>
    public TimeSpan MediaUrlLifetime
    {
        get
        {
            lock (_gate)
            {
                return _mediaUrlLifetime;
            }
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
            lock (_gate)
            {
                _mediaUrlLifetime = value;
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
        var body = GraphError(code, message, code == 190 ? "OAuthException" : "GraphMethodException", subcode, whatsAppDetails: null);
        Enqueue(new Failure(retryAfter, _ => (statusCode, body)));
    }

    /// <summary>
    /// Makes the next call fail with a WhatsApp Cloud API error: the Graph error object with <c>type</c>
    /// <c>OAuthException</c> and <c>error_data</c> <c>{"messaging_product":"whatsapp","details":…}</c>.
    /// </summary>
    /// <param name="statusCode">The HTTP status, such as 400, 401 or 429.</param>
    /// <param name="code">The Cloud API's <c>code</c>, such as 131047, 130429, 131056, 132001, 190 or 100.</param>
    /// <param name="details">The <c>error_data.details</c>.</param>
    /// <param name="message">The <c>message</c>; by default <c>(#{code}) {title}</c>, with the code's title.</param>
    /// <param name="retryAfter">A <c>Retry-After</c> header to add, if any.</param>
    /// <param name="subcode">The <c>error_subcode</c>, if any.</param>
    public void FailNext(int statusCode, int code, string details, string? message = null, TimeSpan? retryAfter = null, int? subcode = null)
    {
        ArgumentNullException.ThrowIfNull(details);
        var body = GraphError(code, message ?? CloudApiMessage(code), "OAuthException", subcode, details);
        Enqueue(new Failure(retryAfter, _ => (statusCode, body)));
    }

    /// <summary>Gets or sets how long every answer waits (on the emulator's clock) before it is given.</summary>
    /// <value>The default is <see cref="TimeSpan.Zero"/>. A delay queued with <see cref="DelayNext"/> replaces it for one request.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan ResponseDelay
    {
        get
        {
            lock (_gate)
            {
                return _responseDelay;
            }
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            lock (_gate)
            {
                _responseDelay = value;
            }
        }
    }

    /// <summary>Makes the next answer wait (on the emulator's clock) before it is given, as a slow network would.</summary>
    /// <param name="delay">How long; replaces <see cref="ResponseDelay"/> for that request. Calls queue up, one per request.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    public void DelayNext(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        lock (_gate)
        {
            _delays.Enqueue(delay);
        }
    }

    /// <summary>
    /// Adds an access token Graph accepts. While no token is added, any Bearer token is accepted; once one is, others
    /// get error 190 (<c>Invalid OAuth access token</c>).
    /// </summary>
    /// <param name="token">The token, such as a Page access token or a WhatsApp system-user token.</param>
    /// <exception cref="ArgumentException"><paramref name="token"/> is null or empty.</exception>
    public void AddAccessToken(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        lock (_gate)
        {
            _revokedTokens.Remove(token);
            _tokens.Add(token);
        }
    }

    /// <summary>
    /// Invalidates an access token, as a password change or a removed app does: calls with it get error 190 with
    /// subcode 460 (HTTP 401 on the Cloud API, 400 elsewhere) until it is added again.
    /// </summary>
    /// <param name="token">The token.</param>
    /// <exception cref="ArgumentException"><paramref name="token"/> is null or empty.</exception>
    public void RevokeAccessToken(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        lock (_gate)
        {
            _tokens.Remove(token);
            _revokedTokens.Add(token);
        }
    }

    /// <summary>Forgets the requests recorded so far in <see cref="Requests"/>.</summary>
    public void ClearRequests()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    /// <summary>
    /// Makes the next call fail because the 24-hour window closed: a Cloud API send gets HTTP 400 with error 131047
    /// (<c>Re-engagement message</c>); any other call gets Messenger's HTTP 400 with error 10, subcode 2018278
    /// (<c>This message is sent outside of allowed window</c>).
    /// </summary>
    /// <remarks>On WhatsApp the same failure more often arrives later, as a <c>failed</c> status webhook (<see cref="WhatsAppStatusWebhook"/> with error 131047).</remarks>
    public void FailNextWithWindowClosed()
        => Enqueue(new Failure(RetryAfter: null, Render: whatsApp => whatsApp
            ? (400, GraphError(131047, CloudApiMessage(131047), "OAuthException", subcode: null, "Message failed to send because more than 24 hours have passed since the customer last replied to this number."))
            : (400, GraphError(10, "(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview", "OAuthException", 2018278, whatsAppDetails: null))));

    /// <summary>
    /// Makes the next call fail with HTTP 429 and a <c>Retry-After</c> header: on the Cloud API error 130429 (throughput),
    /// elsewhere error 613 (<c>Calls to this api have exceeded the rate limit</c>), unless <paramref name="code"/> says
    /// otherwise (such as 4, 17, 32, 80007 or 131056).
    /// </summary>
    /// <param name="retryAfter">The wait the <c>Retry-After</c> header asks for (whole seconds).</param>
    /// <param name="code">The Graph error code, or <see langword="null"/> for the product's usual one.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="retryAfter"/> is negative.</exception>
    public void FailNextWithRateLimit(TimeSpan retryAfter, int? code = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryAfter, TimeSpan.Zero);
        Enqueue(new Failure(retryAfter, whatsApp =>
        {
            var errorCode = code ?? (whatsApp ? 130429 : 613);
            return whatsApp
                ? (429, GraphError(errorCode, CloudApiMessage(errorCode), "OAuthException", subcode: null, "Cloud API message throughput has been reached."))
                : (429, GraphError(errorCode, string.Create(CultureInfo.InvariantCulture, $"(#{errorCode}) Calls to this api have exceeded the rate limit."), "OAuthException", subcode: null, whatsAppDetails: null));
        }));
    }

    /// <inheritdoc/>
    /// <remarks>The product's usual code: 130429 on the Cloud API, 613 elsewhere.</remarks>
    void INetworkFaults.FailNextWithRateLimit(TimeSpan retryAfter) => FailNextWithRateLimit(retryAfter);

    /// <inheritdoc/>
    /// <remarks>HTTP 503 with Graph's transient error 2.</remarks>
    void INetworkFaults.FailNextWithServerError() => FailNextWithServerError();

    /// <inheritdoc/>
    /// <remarks>The same as <see cref="FailNextWithWindowClosed"/>.</remarks>
    void INetworkFaults.FailNextOutsideWindow() => FailNextWithWindowClosed();

    /// <summary>Makes the next call fail with a server error: Graph's transient error 2 (<c>is_transient: true</c>).</summary>
    /// <param name="statusCode">The HTTP status, from 500 to 599.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="statusCode"/> is not a 5xx status.</exception>
    public void FailNextWithServerError(int statusCode = 503)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 500);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        Enqueue(new Failure(RetryAfter: null, Render: _ => (statusCode, GraphError(2, "An unexpected error has occurred. Please retry your request later.", "OAuthException", subcode: null, whatsAppDetails: null, transient: true))));
    }

    /// <summary>Makes the next call fail as with an expired token: error 190 with subcode 463 (HTTP 401 on the Cloud API, 400 elsewhere).</summary>
    public void FailNextWithInvalidToken()
        => Enqueue(new Failure(RetryAfter: null, Render: whatsApp => (whatsApp ? 401 : 400, GraphError(190, "Error validating access token: Session has expired.", "OAuthException", 463, whatsAppDetails: null))));

    /// <summary>Makes the next call fail before reaching Graph: the connection cannot be established (nothing is processed).</summary>
    /// <remarks>
    /// In process the client gets an <see cref="HttpRequestException"/> with <see cref="HttpRequestError.ConnectionError"/>.
    /// Over an <see cref="EmulatorServer"/> the request has already been sent when the connection is aborted, so the
    /// client sees a connection lost without an answer (nothing is processed all the same).
    /// </remarks>
    public void FailNextWithConnectionError() => Enqueue(new Failure(RetryAfter: null, Render: null, ConnectionError: true));

    /// <summary>Adds media that <c>GET /{version}/{media-id}</c> describes and its lookaside URL serves.</summary>
    /// <param name="mediaId">The media id, as a webhook carries it; replaces media of the same id.</param>
    /// <param name="content">The bytes; copied.</param>
    /// <param name="mimeType">The media type, such as <c>image/jpeg</c> or <c>audio/ogg; codecs=opus</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="mimeType"/> is not a media type.</exception>
    public void AddMedia(string mediaId, byte[] content, string mimeType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaId);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(mimeType);
        if (!MediaTypeHeaderValue.TryParse(mimeType, out _))
        {
            throw new ArgumentException("Not a media type: " + mimeType, nameof(mimeType));
        }

        var media = new Media([.. content], mimeType, Convert.ToBase64String(SHA256.HashData(content)));
        lock (_gate)
        {
            _media[mediaId] = media;
        }
    }

    /// <summary>Expires every media URL issued so far; their <c>GET</c> answers 404 until a new one is fetched.</summary>
    public void ExpireMediaUrls()
    {
        lock (_gate)
        {
            _mediaUrls.Clear();
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
        => Envelope("page", pageId, createdAt.ToUnixTimeSeconds(), "changes", writer =>
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

    /// <summary>Writes the WhatsApp <c>messages</c> webhook of a customer's text message.</summary>
    /// <param name="wabaId">The WhatsApp Business Account (the entry's <c>id</c>).</param>
    /// <param name="phoneNumberId">The business number's id (<c>metadata.phone_number_id</c>).</param>
    /// <param name="from">The customer's phone number, digits only (<c>wa_id</c> and <c>from</c>).</param>
    /// <param name="userId">The customer's business-scoped user id (<c>user_id</c> and <c>from_user_id</c>), if any.</param>
    /// <param name="name">The customer's profile name.</param>
    /// <param name="messageId">The message's <c>wamid</c>.</param>
    /// <param name="text">The text.</param>
    /// <param name="sentAt">When the customer sent it.</param>
    /// <returns>The webhook body, ready to be signed.</returns>
    public static byte[] WhatsAppTextWebhook(string wabaId, string phoneNumberId, string from, string? userId, string name, string messageId, string text, DateTimeOffset sentAt)
    {
        ArgumentNullException.ThrowIfNull(text);
        return WhatsAppInbound(wabaId, phoneNumberId, from, userId, name, messageId, sentAt, "text", writer => writer.WriteString("body", text));
    }

    /// <summary>Writes the WhatsApp <c>messages</c> webhook of a customer's media message.</summary>
    /// <remarks>
    /// The media object carries <c>caption</c> (when given), <c>mime_type</c> and <c>id</c>; unlike Meta's, it has no
    /// <c>sha256</c>, <c>url</c>, document <c>filename</c> or audio <c>voice</c>, since the builder does not know the
    /// bytes. Add the bytes with <see cref="AddMedia"/> to let the channel download them.
    /// </remarks>
    /// <param name="wabaId">The WhatsApp Business Account (the entry's <c>id</c>).</param>
    /// <param name="phoneNumberId">The business number's id (<c>metadata.phone_number_id</c>).</param>
    /// <param name="from">The customer's phone number, digits only (<c>wa_id</c> and <c>from</c>).</param>
    /// <param name="name">The customer's profile name.</param>
    /// <param name="messageId">The message's <c>wamid</c>.</param>
    /// <param name="mediaKind">The message <c>type</c>: <c>image</c>, <c>video</c>, <c>audio</c>, <c>document</c> or <c>sticker</c>.</param>
    /// <param name="mediaId">The media id to fetch the media by.</param>
    /// <param name="mimeType">The media type.</param>
    /// <param name="caption">The caption, if any.</param>
    /// <param name="sentAt">When the customer sent it.</param>
    /// <returns>The webhook body, ready to be signed.</returns>
    /// <exception cref="ArgumentException"><paramref name="mediaKind"/> is not a media message type.</exception>
    public static byte[] WhatsAppMediaWebhook(string wabaId, string phoneNumberId, string from, string name, string messageId, string mediaKind, string mediaId, string mimeType, string? caption, DateTimeOffset sentAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaId);
        ArgumentException.ThrowIfNullOrWhiteSpace(mimeType);
        if (!MediaKinds.Contains(mediaKind, StringComparer.Ordinal))
        {
            throw new ArgumentException("Not a media message type: " + mediaKind, nameof(mediaKind));
        }

        return WhatsAppInbound(wabaId, phoneNumberId, from, userId: null, name, messageId, sentAt, mediaKind, writer =>
        {
            if (caption is not null)
            {
                writer.WriteString("caption", caption);
            }

            writer.WriteString("mime_type", mimeType);
            writer.WriteString("id", mediaId);
        });
    }

    /// <summary>Writes the WhatsApp <c>statuses</c> webhook Meta sends as a business message is sent, delivered, read or fails.</summary>
    /// <remarks>
    /// Statuses other than <c>failed</c> carry a service <c>conversation</c> (with <c>expiration_timestamp</c> 24 hours
    /// later on <c>sent</c>) and free customer-service <c>pricing</c>, as Meta's do.
    /// </remarks>
    /// <param name="wabaId">The WhatsApp Business Account (the entry's <c>id</c>).</param>
    /// <param name="phoneNumberId">The business number's id (<c>metadata.phone_number_id</c>).</param>
    /// <param name="messageId">The <c>wamid</c> the send answered.</param>
    /// <param name="status">The status: <c>sent</c>, <c>delivered</c>, <c>read</c>, <c>played</c> or <c>failed</c>.</param>
    /// <param name="recipientPhone">The customer's phone number (<c>recipient_id</c>).</param>
    /// <param name="at">When the status changed.</param>
    /// <param name="callbackData">The <c>biz_opaque_callback_data</c> the send set, if any.</param>
    /// <param name="errorCode">The code of the error to report in <c>errors[]</c>, such as 131047; none when <see langword="null"/>.</param>
    /// <param name="errorTitle">The error's <c>title</c> and <c>message</c>; by default the code's title.</param>
    /// <param name="errorDetails">The error's <c>error_data.details</c>; by default its title.</param>
    /// <returns>The webhook body, ready to be signed.</returns>
    public static byte[] WhatsAppStatusWebhook(string wabaId, string phoneNumberId, string messageId, string status, string recipientPhone, DateTimeOffset at, string? callbackData = null, int? errorCode = null, string? errorTitle = null, string? errorDetails = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        ArgumentException.ThrowIfNullOrWhiteSpace(status);
        ArgumentException.ThrowIfNullOrWhiteSpace(recipientPhone);
        return WhatsAppChange(wabaId, phoneNumberId, value => WriteOne(value, "statuses", writer => WriteStatus(writer, phoneNumberId, messageId, status, recipientPhone, at, callbackData, errorCode, errorTitle, errorDetails)));
    }

    /// <summary>Writes one WhatsApp <c>statuses</c> webhook holding several statuses of one message, in the order given (Meta batches them so).</summary>
    internal static byte[] WhatsAppStatusesWebhook(string wabaId, string phoneNumberId, string messageId, string recipientPhone, IReadOnlyList<(string Status, DateTimeOffset At)> statuses, int? errorCode = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        ArgumentException.ThrowIfNullOrWhiteSpace(recipientPhone);
        return WhatsAppChange(wabaId, phoneNumberId, value =>
        {
            value.WriteStartArray("statuses");
            foreach (var (status, at) in statuses)
            {
                value.WriteStartObject();
                WriteStatus(value, phoneNumberId, messageId, status, recipientPhone, at, callbackData: null, status == "failed" ? errorCode : null, errorTitle: null, errorDetails: null);
                value.WriteEndObject();
            }

            value.WriteEndArray();
        });
    }

    private static void WriteStatus(Utf8JsonWriter writer, string phoneNumberId, string messageId, string status, string recipientPhone, DateTimeOffset at, string? callbackData, int? errorCode, string? errorTitle, string? errorDetails)
    {
        writer.WriteString("id", messageId);
        writer.WriteString("status", status);
        writer.WriteString("timestamp", Seconds(at));
        writer.WriteString("recipient_id", recipientPhone);
        if (callbackData is not null)
        {
            writer.WriteString("biz_opaque_callback_data", callbackData);
        }

        if (status != "failed")
        {
            writer.WriteStartObject("conversation");
            writer.WriteString("id", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(phoneNumberId + ":" + recipientPhone)))[..32]);
            if (status == "sent")
            {
                writer.WriteString("expiration_timestamp", Seconds(at.AddDays(1)));
            }

            writer.WriteStartObject("origin");
            writer.WriteString("type", "service");
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteStartObject("pricing");
            writer.WriteBoolean("billable", false);
            writer.WriteString("pricing_model", "PMP");
            writer.WriteString("category", "service");
            writer.WriteString("type", "free_customer_service");
            writer.WriteEndObject();
        }

        if (errorCode is { } code)
        {
            var title = errorTitle ?? CloudApiTitle(code);
            WriteOne(writer, "errors", error =>
            {
                error.WriteNumber("code", code);
                error.WriteString("title", title);
                error.WriteString("message", title);
                error.WriteStartObject("error_data");
                error.WriteString("details", errorDetails ?? title);
                error.WriteEndObject();
                error.WriteString("href", ErrorCodesHref);
            });
        }
    }

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

        Failure? failure = null;
        TimeSpan delay;
        lock (_gate)
        {
            _requests.Add(recorded);
            if (_failures.Count > 0)
            {
                failure = _failures.Dequeue();
            }

            delay = _delays.Count > 0 ? _delays.Dequeue() : _responseDelay;
        }

        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }

        if (failure is not null)
        {
            if (failure.ConnectionError || failure.Render is null)
            {
                throw new HttpRequestException(HttpRequestError.ConnectionError, "Emulated connection failure (nothing was sent).");
            }

            var (status, errorBody) = failure.Render(IsWhatsApp(body));
            var failed = Json((HttpStatusCode)status, errorBody);
            if (failure.RetryAfter is { } after)
            {
                failed.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(Math.Ceiling(after.TotalSeconds)));
            }

            return failed;
        }

        if (string.Equals(uri.Host, LookasideHost, StringComparison.OrdinalIgnoreCase))
        {
            return request.Method == HttpMethod.Get ? DownloadMedia(uri, recorded.Authorization) : new HttpResponseMessage(HttpStatusCode.MethodNotAllowed);
        }

        if (!IsBearer(recorded.Authorization))
        {
            return Json(HttpStatusCode.BadRequest, """{"error":{"message":"An active access token must be used to query information about the current user.","type":"OAuthException","code":190,"fbtrace_id":"EmuAuth"}}""");
        }

        if (RefuseToken(recorded.Authorization!["Bearer ".Length..], IsWhatsApp(body)) is { } refused)
        {
            return refused;
        }

        // Paths are /{version}/{object}[/{edge}].
        var segments = uri.AbsolutePath.Trim('/').Split('/');
        var id = Interlocked.Increment(ref _ids).ToString(CultureInfo.InvariantCulture);
        if (request.Method == HttpMethod.Post && segments is [_, _, "messages"])
        {
            using var document = TryParse(body);
            if (document?.RootElement is { ValueKind: JsonValueKind.Object } root && GetString(root, "messaging_product") == "whatsapp")
            {
                return SendWhatsApp(root, id);
            }

            var recipient = ReadRecipient(document);
            var isAction = body.Contains("\"sender_action\"", StringComparison.Ordinal) && !body.Contains("\"react", StringComparison.Ordinal);
            if (isAction)
            {
                return Json(HttpStatusCode.OK, JsonSerializer.Serialize(new Dictionary<string, string> { ["recipient_id"] = recipient }, EmulatorJson.Default.DictionaryStringString));
            }

            var messageId = "m_emu_" + id;
            Accept(messageId, recipient, document?.RootElement is { ValueKind: JsonValueKind.Object } sent && sent.TryGetProperty("message", out var content) && content.ValueKind == JsonValueKind.Object ? GetString(content, "text") : null);
            return Json(HttpStatusCode.OK, JsonSerializer.Serialize(new Dictionary<string, string> { ["recipient_id"] = recipient, ["message_id"] = messageId }, EmulatorJson.Default.DictionaryStringString));
        }

        if (request.Method == HttpMethod.Post && segments is [_, var parent, "comments"])
        {
            var post = parent.Split('_')[0];
            var commentId = $"{post}_{9_000_000 + int.Parse(id, CultureInfo.InvariantCulture)}";
            using var document = TryParse(body);
            Accept(commentId, parent, document?.RootElement is { ValueKind: JsonValueKind.Object } root ? GetString(root, "message") : null);
            return Json(HttpStatusCode.OK, JsonSerializer.Serialize(new Dictionary<string, string> { ["id"] = commentId }, EmulatorJson.Default.DictionaryStringString));
        }

        if ((request.Method == HttpMethod.Post || request.Method == HttpMethod.Delete) && segments is [_, _])
        {
            return Json(HttpStatusCode.OK, """{"success":true}""");
        }

        if (request.Method == HttpMethod.Get && segments is [_, var mediaId])
        {
            return DescribeMedia(Uri.UnescapeDataString(mediaId), id);
        }

        return Json(HttpStatusCode.BadRequest, """{"error":{"message":"Unsupported request in the Graph API emulator.","type":"GraphMethodException","code":100,"fbtrace_id":"EmuPath"}}""");
    }

    /// <summary>Refuses a token that was revoked, or that was not added while tokens are checked.</summary>
    private HttpResponseMessage? RefuseToken(string token, bool whatsApp)
    {
        bool revoked, unknown;
        lock (_gate)
        {
            revoked = _revokedTokens.Contains(token);
            unknown = !revoked && _tokens.Count > 0 && !_tokens.Contains(token);
        }

        var status = whatsApp ? HttpStatusCode.Unauthorized : HttpStatusCode.BadRequest;
        return revoked
            ? Json(status, GraphError(190, "Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.", "OAuthException", 460, whatsAppDetails: null))
            : unknown
                ? Json(status, GraphError(190, "Invalid OAuth access token - Cannot parse access token", "OAuthException", subcode: null, whatsAppDetails: null))
                : null;
    }

    /// <summary>Tells a Cloud API call by its body (<c>"messaging_product":"whatsapp"</c>).</summary>
    private static bool IsWhatsApp(string body)
    {
        if (!body.Contains("whatsapp", StringComparison.Ordinal))
        {
            return false;
        }

        using var document = TryParse(body);
        return document?.RootElement is { ValueKind: JsonValueKind.Object } root && GetString(root, "messaging_product") == "whatsapp";
    }

    private static bool IsBearer(string? authorization)
        => authorization is { Length: > 7 } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal);

    private static JsonDocument? TryParse(string body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string ReadRecipient(JsonDocument? document)
    {
        if (document?.RootElement is { ValueKind: JsonValueKind.Object } root
            && root.TryGetProperty("recipient", out var recipient)
            && recipient.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in recipient.EnumerateObject())
            {
                return property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : string.Empty;
            }
        }

        return string.Empty;
    }

    private static string? GetString(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Answers a Cloud API send or mark-as-read, validating it as the Cloud API does.</summary>
    private HttpResponseMessage SendWhatsApp(JsonElement root, string id)
    {
        if (root.TryGetProperty("status", out _))
        {
            return GetString(root, "status") != "read"
                ? InvalidParameter("Param status must be 'read'.")
                : string.IsNullOrWhiteSpace(GetString(root, "message_id"))
                    ? InvalidParameter("The parameter message_id is required.")
                    : Json(HttpStatusCode.OK, """{"success":true}""");
        }

        var to = GetString(root, "to");
        var recipient = GetString(root, "recipient");
        if (string.IsNullOrWhiteSpace(to) && string.IsNullOrWhiteSpace(recipient))
        {
            return InvalidParameter("The parameter to is required.");
        }

        var type = GetString(root, "type");
        if (type is null)
        {
            return InvalidParameter("The parameter type is required.");
        }

        if (!MessageTypes.Contains(type, StringComparer.Ordinal))
        {
            return InvalidParameter($"Param type must be one of {{{string.Join(", ", MessageTypes).ToUpperInvariant()}}} - got \"{type}\".");
        }

        if (!root.TryGetProperty(type, out var content) || content.ValueKind != JsonValueKind.Object)
        {
            return InvalidParameter($"The parameter {type} is required.");
        }

        if (type == "text")
        {
            var text = GetString(content, "body");
            if (text is null)
            {
                return InvalidParameter("The parameter text['body'] is required.");
            }

            if (text.EnumerateRunes().Count() > MaxTextLength)
            {
                return InvalidParameter($"Param text['body'] must be at most {MaxTextLength} characters long.");
            }
        }

        var input = string.IsNullOrWhiteSpace(to) ? recipient! : to;
        var wamid = "wamid." + Convert.ToBase64String(Encoding.UTF8.GetBytes($"HBg\u0015{input}\u0002{id}\u0011emulated"));
        Accept(wamid, input, type == "text" ? GetString(content, "body") : null);
        return Json(HttpStatusCode.OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("messaging_product", "whatsapp");
            WriteOne(writer, "contacts", contact =>
            {
                contact.WriteString("input", input);
                if (string.IsNullOrWhiteSpace(to))
                {
                    contact.WriteString("user_id", recipient);
                }
                else
                {
                    var digits = new string([.. to.Where(char.IsAsciiDigit)]);
                    contact.WriteString("wa_id", digits.Length > 0 ? digits : to);
                }
            });
            WriteOne(writer, "messages", message =>
            {
                message.WriteString("id", wamid);
                message.WriteString("message_status", "accepted");
            });
            writer.WriteEndObject();
        });
    }

    /// <summary>Answers <c>GET /{version}/{media-id}</c>, issuing a fresh lookaside URL.</summary>
    private HttpResponseMessage DescribeMedia(string mediaId, string id)
    {
        Media? media;
        DateTimeOffset expiresAt;
        lock (_gate)
        {
            if (_media.TryGetValue(mediaId, out media))
            {
                expiresAt = _time.GetUtcNow() + _mediaUrlLifetime;
                _mediaUrls[id] = (mediaId, expiresAt);
            }
            else
            {
                expiresAt = default;
            }
        }

        if (media is null)
        {
            var message = $"Unsupported get request. Object with ID '{mediaId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.";
            return Json(HttpStatusCode.BadRequest, GraphError(100, message, "GraphMethodException", subcode: 33, whatsAppDetails: null));
        }

        var url = string.Create(
            CultureInfo.InvariantCulture,
            $"https://{LookasideHost}{LookasidePath}?mid={Uri.EscapeDataString(mediaId)}&ext={expiresAt.ToUnixTimeSeconds()}&hash={id}");
        return Json(HttpStatusCode.OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("messaging_product", "whatsapp");
            writer.WriteString("url", url);
            writer.WriteString("mime_type", media.MimeType);
            writer.WriteString("sha256", media.Sha256);
            writer.WriteNumber("file_size", media.Content.Length);
            writer.WriteString("id", mediaId);
            writer.WriteEndObject();
        });
    }

    /// <summary>Answers <c>GET</c> of a lookaside URL: the bytes while it is valid, with the Bearer token.</summary>
    private HttpResponseMessage DownloadMedia(Uri uri, string? authorization)
    {
        if (!IsBearer(authorization))
        {
            return new HttpResponseMessage(HttpStatusCode.Unauthorized);
        }

        var mediaId = QueryValue(uri.Query, "mid");
        var hash = QueryValue(uri.Query, "hash");
        Media? media = null;
        lock (_gate)
        {
            if (uri.AbsolutePath == LookasidePath
                && hash is not null
                && _mediaUrls.TryGetValue(hash, out var issued)
                && issued.MediaId == mediaId
                && _time.GetUtcNow() < issued.ExpiresAt)
            {
                _media.TryGetValue(issued.MediaId, out media);
            }
        }

        if (media is null)
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        }

        var content = new ByteArrayContent(media.Content);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(media.MimeType);
        content.Headers.ContentLength = media.Content.Length;
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    private static string? QueryValue(string query, string name)
    {
        foreach (var pair in query.TrimStart('?').Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && pair.AsSpan(0, equals).Equals(name, StringComparison.Ordinal))
            {
                return Uri.UnescapeDataString(pair[(equals + 1)..]);
            }
        }

        return null;
    }

    private HttpResponseMessage InvalidParameter(string details)
        => Json(HttpStatusCode.BadRequest, GraphError(100, CloudApiMessage(100), "OAuthException", subcode: null, details));

    private static string CloudApiMessage(int code) => string.Create(CultureInfo.InvariantCulture, $"(#{code}) {CloudApiTitle(code)}");

    private static string CloudApiTitle(int code) => code switch
    {
        100 => "Invalid parameter",
        190 => "Invalid OAuth access token",
        130429 => "Rate limit hit",
        131026 => "Message undeliverable",
        131047 => "Re-engagement message",
        131056 => "(Business Account, Consumer Account) pair rate limit hit",
        132001 => "Template name does not exist in the translation",
        _ => "Emulated Cloud API error",
    };

    private void Accept(string messageId, string recipient, string? text)
    {
        lock (_gate)
        {
            _accepted.Add(new AcceptedMessage(messageId, recipient, text));
        }
    }

    private void Enqueue(Failure failure)
    {
        lock (_gate)
        {
            _failures.Enqueue(failure);
        }
    }

    /// <summary>Writes Graph's error object, with the Cloud API's <c>error_data</c> when details are given.</summary>
    private string GraphError(int code, string message, string type, int? subcode, string? whatsAppDetails, bool transient = false)
        => Encoding.UTF8.GetString(Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("message", message);
            writer.WriteString("type", type);
            writer.WriteNumber("code", code);
            if (subcode is { } sub)
            {
                writer.WriteNumber("error_subcode", sub);
            }

            if (transient)
            {
                writer.WriteBoolean("is_transient", true);
            }

            if (whatsAppDetails is not null)
            {
                writer.WriteStartObject("error_data");
                writer.WriteString("messaging_product", "whatsapp");
                writer.WriteString("details", whatsAppDetails);
                writer.WriteEndObject();
            }

            writer.WriteString("fbtrace_id", "Emu" + Interlocked.Increment(ref _ids).ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }));

    private static HttpResponseMessage Json(HttpStatusCode status, string json)
        => new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Json(HttpStatusCode status, Action<Utf8JsonWriter> write)
        => Json(status, Encoding.UTF8.GetString(Write(write)));

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var body = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(body))
        {
            write(writer);
        }

        return body.WrittenSpan.ToArray();
    }

    /// <summary>Writes <c>"name":[{…}]</c> with one object.</summary>
    private static void WriteOne(Utf8JsonWriter writer, string arrayName, Action<Utf8JsonWriter> writeItem)
    {
        writer.WriteStartArray(arrayName);
        writer.WriteStartObject();
        writeItem(writer);
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    private static string Seconds(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static byte[] Messaging(string pageId, string psid, DateTimeOffset at, bool fromPage, Action<Utf8JsonWriter> writeEvent)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(psid);
        return Envelope("page", pageId, at.ToUnixTimeMilliseconds(), "messaging", writer =>
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

    /// <summary>Writes a WhatsApp inbound message with its contact.</summary>
    private static byte[] WhatsAppInbound(string wabaId, string phoneNumberId, string from, string? userId, string name, string messageId, DateTimeOffset sentAt, string type, Action<Utf8JsonWriter> writeContent)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(from);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        return WhatsAppChange(wabaId, phoneNumberId, value =>
        {
            WriteOne(value, "contacts", contact =>
            {
                contact.WriteStartObject("profile");
                contact.WriteString("name", name);
                contact.WriteEndObject();
                contact.WriteString("wa_id", from);
                if (userId is not null)
                {
                    contact.WriteString("user_id", userId);
                }
            });
            WriteOne(value, "messages", message =>
            {
                message.WriteString("from", from);
                if (userId is not null)
                {
                    message.WriteString("from_user_id", userId);
                }

                message.WriteString("id", messageId);
                message.WriteString("timestamp", Seconds(sentAt));
                message.WriteString("type", type);
                message.WriteStartObject(type);
                writeContent(message);
                message.WriteEndObject();
            });
        });
    }

    /// <summary>Writes <c>{"object":"whatsapp_business_account","entry":[{"id","changes":[{"value":{…},"field":"messages"}]}]}</c>.</summary>
    private static byte[] WhatsAppChange(string wabaId, string phoneNumberId, Action<Utf8JsonWriter> writeValue)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(phoneNumberId);
        return Envelope("whatsapp_business_account", wabaId, time: null, "changes", writer =>
        {
            writer.WriteStartObject("value");
            writer.WriteString("messaging_product", "whatsapp");
            writer.WriteStartObject("metadata");
            writer.WriteString("display_phone_number", DisplayPhoneNumber);
            writer.WriteString("phone_number_id", phoneNumberId);
            writer.WriteEndObject();
            writeValue(writer);
            writer.WriteEndObject();
            writer.WriteString("field", "messages");
        });
    }

    /// <summary>Writes <c>{"object":…,"entry":[{"id","time"?,&lt;items&gt;:[{…}]}]}</c> with one item.</summary>
    private static byte[] Envelope(string objectType, string entryId, long? time, string items, Action<Utf8JsonWriter> writeItem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entryId);
        return Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("object", objectType);
            WriteOne(writer, "entry", entry =>
            {
                entry.WriteString("id", entryId);
                if (time is { } t)
                {
                    entry.WriteNumber("time", t);
                }

                WriteOne(entry, items, writeItem);
            });
            writer.WriteEndObject();
        });
    }

    private sealed record Media(byte[] Content, string MimeType, string Sha256);

    /// <summary>A queued failure: an answer rendered for the product called (Cloud API or not), or a connection failure.</summary>
    private sealed record Failure(TimeSpan? RetryAfter, Func<bool, (int Status, string Body)>? Render, bool ConnectionError = false);
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
