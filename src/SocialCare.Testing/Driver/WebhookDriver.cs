using System.Collections.Frozen;
using System.Globalization;
using System.Net.Http.Headers;
using SocialCare.Abstractions;
using SocialCare.Testing.Meta;

namespace SocialCare.Testing;

/// <summary>
/// Drives an application from the networks' side over real HTTP: sends the signed webhooks Facebook, WhatsApp and X
/// would send (a customer writes, comments or mentions the brand; a message is delivered, read or fails late; the same
/// webhook arrives twice) and the set-up handshakes, and returns what the application answered.
/// </summary>
/// <remarks>
/// <para>
/// The client's <see cref="HttpClient.BaseAddress"/> is the application's webhook prefix, such as
/// <c>http://127.0.0.1:5123/webhooks/</c> (with the trailing slash); each channel's path is appended to it
/// (<see cref="WebhookDriverOptions.FacebookPath"/>…). Bodies are built with the payload builders of this package
/// (<see cref="GraphApiEmulator"/>'s webhook statics, <see cref="XWebhooks"/>) and signed as the networks sign them
/// (<c>X-Hub-Signature-256</c> through <see cref="WebhookSignatureVerifier.Compute"/>, as <c>MetaWebhookSigner</c> does;
/// <see cref="XWebhooks.Sign"/>) with the secrets of <see cref="WebhookDriverOptions"/>.
/// </para>
/// <para>
/// Each customer message gets a new, realistic network id: <c>m_…</c> for Messenger, <c>{post}_{comment}</c> for
/// comments, <c>wamid.…</c> for WhatsApp, and snowflake-like numbers for X; ids never repeat within a process. The
/// answer is returned whatever its status; nothing is thrown for a 4xx or 5xx. Thread-safe.
/// </para>
/// </remarks>
public sealed class WebhookDriver
{
    private const long TwitterEpochMilliseconds = 1288834974657;
    private const string XSignatureHeader = "x-twitter-webhooks-signature";
    private const string MetaSignatureHeader = "X-Hub-Signature-256";
    private static readonly string[] StatusOrder = ["sent", "delivered", "read", "played"];
    private static long _sequence;

    private readonly HttpClient _client;
    private readonly WebhookDriverOptions _options;

    /// <summary>Initializes a new instance of the <see cref="WebhookDriver"/> class.</summary>
    /// <param name="client">The client to send with; its <see cref="HttpClient.BaseAddress"/> is the application's webhook prefix.</param>
    /// <param name="options">The secrets, accounts and paths; <see cref="DemoAccounts"/> and <c>facebook</c>, <c>whatsapp</c>, <c>x</c> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The client has no base address.</exception>
    public WebhookDriver(HttpClient client, WebhookDriverOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client.BaseAddress is null)
        {
            throw new ArgumentException("The client's BaseAddress must be the application's webhook prefix, such as http://127.0.0.1:5123/webhooks/.", nameof(client));
        }

        _client = client;
        _options = options ?? new WebhookDriverOptions();
    }

    /// <summary>Sends the Messenger webhook of a customer's text message to the Page.</summary>
    /// <remarks>Messenger webhooks carry no name: Meta gives it only through its User Profile API.</remarks>
    /// <param name="psid">The customer's Page-scoped id.</param>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The delivery, with the message's new <c>m_…</c> id.</returns>
    /// <exception cref="ArgumentException"><paramref name="psid"/> or <paramref name="text"/> is null or empty.</exception>
    public Task<WebhookDelivery> MessengerTextAsync(string psid, string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(psid);
        ArgumentException.ThrowIfNullOrEmpty(text);
        var mid = NetworkIds.MessengerMessageId();
        return SendAsync(ChannelId.Facebook, GraphApiEmulator.TextMessageWebhook(_options.PageId, psid, mid, text, Now()), mid, cancellationToken);
    }

    /// <summary>Sends the Messenger <c>delivery</c> webhook: the customer's device received the Page's messages.</summary>
    /// <param name="psid">The customer's Page-scoped id.</param>
    /// <param name="messageIds">The delivered messages' <c>mid</c>s (the ids the Send API answered).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The delivery; its <see cref="WebhookDelivery.NetworkMessageId"/> is the first id given.</returns>
    /// <exception cref="ArgumentException"><paramref name="psid"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="messageIds"/> is <see langword="null"/>.</exception>
    public Task<WebhookDelivery> MessengerDeliveredAsync(string psid, IEnumerable<string> messageIds, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(psid);
        ArgumentNullException.ThrowIfNull(messageIds);
        string[] mids = [.. messageIds];
        return SendAsync(ChannelId.Facebook, GraphApiEmulator.DeliveryWebhook(_options.PageId, psid, mids, Now()), mids.FirstOrDefault(), cancellationToken);
    }

    /// <summary>Sends the Messenger <c>read</c> webhook: the customer read every message the Page sent until now (the watermark).</summary>
    /// <param name="psid">The customer's Page-scoped id.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The delivery.</returns>
    /// <exception cref="ArgumentException"><paramref name="psid"/> is null or empty.</exception>
    public Task<WebhookDelivery> MessengerReadAsync(string psid, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(psid);
        return SendAsync(ChannelId.Facebook, GraphApiEmulator.ReadWebhook(_options.PageId, psid, Now()), null, cancellationToken);
    }

    /// <summary>Sends the Page feed webhook of a customer's comment on a Page post.</summary>
    /// <param name="postId">The post, as <c>{page-id}_{post}</c>.</param>
    /// <param name="fromId">The author's id.</param>
    /// <param name="fromName">The author's name.</param>
    /// <param name="text">The comment.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The delivery, with the comment's new id (<c>{post}_{comment}</c>).</returns>
    /// <exception cref="ArgumentException">An argument is null or empty.</exception>
    public Task<WebhookDelivery> PageCommentAsync(string postId, string fromId, string fromName, string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(postId);
        ArgumentException.ThrowIfNullOrWhiteSpace(fromId);
        ArgumentException.ThrowIfNullOrWhiteSpace(fromName);
        ArgumentException.ThrowIfNullOrEmpty(text);
        var commentId = NetworkIds.CommentId(postId);
        return SendAsync(ChannelId.Facebook, GraphApiEmulator.CommentWebhook(_options.PageId, postId, commentId, fromId, fromName, text, Now()), commentId, cancellationToken);
    }

    /// <summary>Sends the WhatsApp <c>messages</c> webhook of a customer's text message.</summary>
    /// <param name="from">The customer's phone number, digits only (their <c>wa_id</c>).</param>
    /// <param name="name">The customer's profile name.</param>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The delivery, with the message's new <c>wamid.…</c>.</returns>
    /// <exception cref="ArgumentException">An argument is null or empty.</exception>
    public Task<WebhookDelivery> WhatsAppTextAsync(string from, string name, string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(from);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentException.ThrowIfNullOrEmpty(text);
        var wamid = NetworkIds.WhatsAppMessageId(from);
        return SendAsync(ChannelId.WhatsApp, GraphApiEmulator.WhatsAppTextWebhook(_options.WabaId, _options.PhoneNumberId, from, null, name, wamid, text, Now()), wamid, cancellationToken);
    }

    /// <summary>
    /// Sends one WhatsApp <c>statuses</c> webhook holding the given statuses of a business message, in the order given
    /// (such as <c>"read", "delivered", "sent"</c>: out of order, as they can arrive). Each status's timestamp follows its
    /// real order (sent, delivered, read, played), one second apart, the latest now.
    /// </summary>
    /// <param name="messageId">The <c>wamid</c> the send answered.</param>
    /// <param name="recipient">The customer's phone number (<c>recipient_id</c>).</param>
    /// <param name="statuses">The statuses: <c>sent</c>, <c>delivered</c>, <c>read</c> or <c>played</c>.</param>
    /// <returns>The delivery.</returns>
    /// <exception cref="ArgumentException">An id is null or empty, no status is given, or a status is unknown.</exception>
    public Task<WebhookDelivery> WhatsAppStatusesAsync(string messageId, string recipient, params string[] statuses)
        => WhatsAppStatusesAsync(messageId, recipient, statuses, CancellationToken.None);

    /// <summary>Sends one WhatsApp <c>statuses</c> webhook holding the given statuses, in the order given (see the other overload).</summary>
    /// <param name="messageId">The <c>wamid</c> the send answered.</param>
    /// <param name="recipient">The customer's phone number (<c>recipient_id</c>).</param>
    /// <param name="statuses">The statuses: <c>sent</c>, <c>delivered</c>, <c>read</c> or <c>played</c>.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The delivery.</returns>
    /// <exception cref="ArgumentException">An id is null or empty, no status is given, or a status is unknown.</exception>
    public Task<WebhookDelivery> WhatsAppStatusesAsync(string messageId, string recipient, IEnumerable<string> statuses, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        ArgumentException.ThrowIfNullOrWhiteSpace(recipient);
        ArgumentNullException.ThrowIfNull(statuses);
        string[] list = [.. statuses];
        if (list.Length == 0)
        {
            throw new ArgumentException("At least one status is needed.", nameof(statuses));
        }

        var ranks = list.Select(status => Array.IndexOf(StatusOrder, status)).ToArray();
        if (Array.IndexOf(ranks, -1) is var unknown and >= 0)
        {
            throw new ArgumentException($"Unknown status '{list[unknown]}': use sent, delivered, read or played (or WhatsAppLateFailureAsync).", nameof(statuses));
        }

        var now = Now();
        var latest = ranks.Max();
        var timed = list.Select((status, i) => (status, now.AddSeconds(ranks[i] - latest))).ToList();
        return SendAsync(ChannelId.WhatsApp, GraphApiEmulator.WhatsAppStatusesWebhook(_options.WabaId, _options.PhoneNumberId, messageId, recipient, timed), messageId, cancellationToken);
    }

    /// <summary>Sends the WhatsApp <c>failed</c> status of a message the Cloud API had accepted: a delivery failure that arrives late.</summary>
    /// <param name="messageId">The <c>wamid</c> the send answered.</param>
    /// <param name="recipient">The customer's phone number (<c>recipient_id</c>).</param>
    /// <param name="code">The error code: 131026 (undeliverable) by default, or such as 131047 (24-hour window closed) or 131049.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The delivery.</returns>
    /// <exception cref="ArgumentException">An id is null or empty.</exception>
    public Task<WebhookDelivery> WhatsAppLateFailureAsync(string messageId, string recipient, int code = 131026, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        ArgumentException.ThrowIfNullOrWhiteSpace(recipient);
        var body = GraphApiEmulator.WhatsAppStatusWebhook(_options.WabaId, _options.PhoneNumberId, messageId, "failed", recipient, Now(), errorCode: code);
        return SendAsync(ChannelId.WhatsApp, body, messageId, cancellationToken);
    }

    /// <summary>Sends the X Account Activity webhook of a customer's Direct Message to the brand.</summary>
    /// <param name="senderId">The customer's user id.</param>
    /// <param name="screenName">The customer's handle, without <c>@</c>.</param>
    /// <param name="name">The customer's display name.</param>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The delivery, with the DM event's new id.</returns>
    /// <exception cref="ArgumentException">An argument is null or empty.</exception>
    public Task<WebhookDelivery> XDirectMessageAsync(string senderId, string screenName, string name, string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(senderId);
        ArgumentException.ThrowIfNullOrWhiteSpace(screenName);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentException.ThrowIfNullOrEmpty(text);
        var now = Now();
        var id = NetworkIds.XId(now);
        return SendAsync(ChannelId.X, XWebhooks.DirectMessage(_options.XBrandUserId, id, senderId, _options.XBrandUserId, text, now, name, screenName), id, cancellationToken);
    }

    /// <summary>
    /// Sends the X Account Activity webhook of a customer's public post that mentions the brand, or replies to one of its
    /// posts. The text gets <c>@{brand}</c> in front when it does not name the brand, as X's own copies do.
    /// </summary>
    /// <param name="authorId">The customer's user id.</param>
    /// <param name="screenName">The customer's handle, without <c>@</c> (also used as the display name).</param>
    /// <param name="text">The text.</param>
    /// <param name="inReplyToPostId">The brand's post it replies to, or <see langword="null"/> for a new post.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The delivery, with the post's new id.</returns>
    /// <exception cref="ArgumentException">An argument is null or empty.</exception>
    public Task<WebhookDelivery> XMentionAsync(string authorId, string screenName, string text, string? inReplyToPostId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(authorId);
        ArgumentException.ThrowIfNullOrWhiteSpace(screenName);
        ArgumentException.ThrowIfNullOrEmpty(text);
        var handle = "@" + _options.XBrandScreenName;
        if (!text.Contains(handle, StringComparison.OrdinalIgnoreCase))
        {
            text = handle + " " + text;
        }

        var now = Now();
        var id = NetworkIds.XId(now);
        var body = XWebhooks.Mention(_options.XBrandUserId, id, authorId, screenName, text, now, inReplyToPostId, _options.XBrandScreenName);
        return SendAsync(ChannelId.X, body, id, cancellationToken);
    }

    /// <summary>Sends the X <c>direct_message_mark_read_events</c> webhook: the customer read the brand's DMs up to one.</summary>
    /// <param name="senderId">The customer's user id.</param>
    /// <param name="lastReadEventId">The last DM event read (the <c>dm_event_id</c> the send answered).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The delivery; its <see cref="WebhookDelivery.NetworkMessageId"/> is <paramref name="lastReadEventId"/>.</returns>
    /// <exception cref="ArgumentException">An id is null or empty.</exception>
    public Task<WebhookDelivery> XReadAsync(string senderId, string lastReadEventId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(senderId);
        ArgumentException.ThrowIfNullOrWhiteSpace(lastReadEventId);
        return SendAsync(ChannelId.X, XWebhooks.DirectMessageRead(_options.XBrandUserId, senderId, lastReadEventId, Now()), lastReadEventId, cancellationToken);
    }

    /// <summary>Sends a webhook again, byte for byte with the same signature: the duplicate delivery networks make when an answer is slow or lost.</summary>
    /// <param name="delivery">A delivery this or another driver made.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The new delivery, with the application's new answer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="delivery"/> is <see langword="null"/>.</exception>
    public Task<WebhookDelivery> RedeliverAsync(WebhookDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        return SendRawAsync(delivery with { StatusCode = 0, ResponseBody = string.Empty }, cancellationToken);
    }

    /// <summary>
    /// Sends a body built elsewhere (another payload builder, a fixture) as a signed webhook of a channel: Facebook and
    /// WhatsApp bodies get <c>X-Hub-Signature-256</c> with the channel's app secret, X bodies
    /// <c>x-twitter-webhooks-signature</c>.
    /// </summary>
    /// <param name="channel">Facebook, WhatsApp or X.</param>
    /// <param name="body">The exact body bytes.</param>
    /// <param name="networkMessageId">The id to report in the delivery, if any.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The delivery.</returns>
    /// <exception cref="ArgumentException"><paramref name="channel"/> is not one the driver knows how to sign for.</exception>
    public Task<WebhookDelivery> SendAsync(ChannelId channel, ReadOnlyMemory<byte> body, string? networkMessageId = null, CancellationToken cancellationToken = default)
    {
        var (path, header, signature) = channel == ChannelId.Facebook
            ? (_options.FacebookPath, MetaSignatureHeader, MetaSignature(body.Span, _options.FacebookAppSecret))
            : channel == ChannelId.WhatsApp
                ? (_options.WhatsAppPath, MetaSignatureHeader, MetaSignature(body.Span, _options.WhatsAppAppSecret))
                : channel == ChannelId.X
                    ? (_options.XPath, XSignatureHeader, XWebhooks.Sign(body.ToArray(), _options.XConsumerSecret))
                    : throw new ArgumentException($"The driver signs webhooks of facebook, whatsapp and x, not '{channel}'.", nameof(channel));
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [header] = signature,
            ["Content-Type"] = "application/json",
        };
        var delivery = new WebhookDelivery(channel, 0, string.Empty, networkMessageId)
        {
            Method = "POST",
            Path = path,
            Body = body,
            Headers = headers.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase),
        };
        return SendRawAsync(delivery, cancellationToken);
    }

    /// <summary>Sends Meta's webhook set-up handshake: <c>GET {path}?hub.mode=subscribe&amp;hub.verify_token=…&amp;hub.challenge=…</c>.</summary>
    /// <param name="channel">Facebook or WhatsApp (or another channel, at the path of its name).</param>
    /// <param name="verifyToken">The verify token typed into the App Dashboard.</param>
    /// <param name="challenge">The challenge the application must echo.</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The delivery; <see cref="WebhookDelivery.ResponseBody"/> is the echoed challenge when the token matched.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public Task<WebhookDelivery> MetaVerifyAsync(ChannelId channel, string verifyToken, string challenge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(verifyToken);
        ArgumentNullException.ThrowIfNull(challenge);
        var path = channel == ChannelId.Facebook ? _options.FacebookPath : channel == ChannelId.WhatsApp ? _options.WhatsAppPath : channel.Value;
        var query = "hub.mode=subscribe&hub.verify_token=" + Uri.EscapeDataString(verifyToken) + "&hub.challenge=" + Uri.EscapeDataString(challenge);
        return SendRawAsync(new WebhookDelivery(channel, 0, string.Empty, null) { Method = "GET", Path = path + "?" + query }, cancellationToken);
    }

    /// <summary>Sends X's Challenge-Response Check: <c>GET {x path}?crc_token=…</c>.</summary>
    /// <param name="crcToken">The token; the application must answer <c>{"response_token":"sha256=…"}</c> (see <see cref="XWebhooks.CrcResponseToken"/>).</param>
    /// <param name="cancellationToken">A token to cancel the operation.</param>
    /// <returns>The delivery, with the application's answer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="crcToken"/> is <see langword="null"/>.</exception>
    public Task<WebhookDelivery> XCrcAsync(string crcToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(crcToken);
        var path = _options.XPath + "?crc_token=" + Uri.EscapeDataString(crcToken);
        return SendRawAsync(new WebhookDelivery(ChannelId.X, 0, string.Empty, null) { Method = "GET", Path = path }, cancellationToken);
    }

    /// <summary>Meta's <c>X-Hub-Signature-256</c> value: <c>sha256=</c> and the lower-case hex HMAC-SHA256 of the body (as <c>MetaWebhookSigner</c> computes it).</summary>
    private static string MetaSignature(ReadOnlySpan<byte> body, string appSecret)
        => "sha256=" + WebhookSignatureVerifier.Compute(appSecret, body, SignatureEncoding.Hex);

    private DateTimeOffset Now() => _options.TimeProvider.GetUtcNow();

    private async Task<WebhookDelivery> SendRawAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod(delivery.Method), new Uri(delivery.Path, UriKind.Relative));
        if (!delivery.Method.Equals("GET", StringComparison.OrdinalIgnoreCase))
        {
            request.Content = new ReadOnlyMemoryContent(delivery.Body);
        }

        foreach (var (name, value) in delivery.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                if (request.Content is not null)
                {
                    request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
                }
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await _client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var answer = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return delivery with { StatusCode = (int)response.StatusCode, ResponseBody = answer };
    }

    /// <summary>New network ids, shaped as the networks shape them and unique within the process.</summary>
    private static class NetworkIds
    {
        /// <summary>A Messenger <c>mid</c>: <c>m_</c> and 86 URL-safe base64 characters.</summary>
        public static string MessengerMessageId() => "m_" + Base64Url(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));

        /// <summary>A comment id: <c>{post}_{comment}</c>, the post part being what follows the Page id in the post id.</summary>
        public static string CommentId(string postId)
        {
            var post = postId.Contains('_', StringComparison.Ordinal) ? postId[(postId.LastIndexOf('_') + 1)..] : postId;
            // 15 digits: a random prefix, then a process-wide counter, so that ids never repeat within a process.
            var comment = (System.Security.Cryptography.RandomNumberGenerator.GetInt32(100_000, 1_000_000) * 1_000_000_000L) + (Interlocked.Increment(ref _sequence) % 1_000_000_000);
            return post + "_" + comment.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>A <c>wamid.</c>: base64 of Meta's framing around the customer's number and 20 random hex digits.</summary>
        public static string WhatsAppMessageId(string from)
        {
            var phone = System.Text.Encoding.ASCII.GetBytes(from);
            var random = System.Text.Encoding.ASCII.GetBytes(Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10)));
            byte[] frame = [0x1C, 0x18, (byte)phone.Length, .. phone, 0x15, 0x02, 0x00, 0x12, 0x18, (byte)random.Length, .. random, 0x00];
            return "wamid." + Convert.ToBase64String(frame);
        }

        /// <summary>
        /// A snowflake-like X id: milliseconds since X's epoch in the top bits, and a process-wide counter below with its
        /// top bit set, so that it never equals an id the <see cref="XApiEmulator"/> issues (whose low bits count from 0).
        /// </summary>
        public static string XId(DateTimeOffset at)
        {
            var milliseconds = Math.Max(at.ToUnixTimeMilliseconds() - TwitterEpochMilliseconds, 0);
            var low = 0x200000 | (Interlocked.Increment(ref _sequence) & 0x1FFFFF);
            return ((milliseconds << 22) | low).ToString(CultureInfo.InvariantCulture);
        }

        private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
