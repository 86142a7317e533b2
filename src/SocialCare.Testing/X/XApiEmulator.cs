using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SocialCare.Testing;

/// <summary>
/// An in-process stand-in for the X API v2 (x.md §5, §6, §7, §8), used as the primary handler of the X channel's
/// <c>HttpClient</c>. It records every request, checks authentication as X does (its own OAuth 1.0a signature check,
/// bearer tokens, the OAuth 2.0 token endpoint with rotating refresh tokens), enforces the rules that shape a care
/// integration (duplicate posts, the self-serve summoning rule, rate limits), and answers with X's bodies and headers.
/// </summary>
/// <remarks>
/// <para>
/// Endpoints: <c>POST /2/dm_conversations/with/{participant_id}/messages</c> (201 <c>{data:{dm_conversation_id,
/// dm_event_id}}</c>), <c>POST /2/tweets</c> (201 <c>{data:{edit_history_tweet_ids,id,text}}</c>),
/// <c>GET /2/tweets/search/recent</c> (results added with <see cref="AddSearchResult"/>, newest first, honouring
/// <c>since_id</c> and <c>max_results</c>, with <c>meta.newest_id</c>), <c>POST /2/oauth2/token</c>
/// (<c>grant_type=refresh_token</c>) and <c>GET /2/dm_conversations/media/{dm_id}/{media_id}/{resource_id}</c>. Anything
/// else answers 404 with a v2 problem. New ids are increasing and snowflake-like (their top bits are the clock's time).
/// </para>
/// <para>
/// Authentication comes first (except on the token endpoint): an <c>OAuth …</c> header must be signed with the consumer
/// and access secrets of an account added with <see cref="AddAccount"/>, over the exact URL, the query and any form
/// body (not a JSON body), with a timestamp within 5 minutes of the clock and a nonce not used before; failures answer
/// 401 with v1.1 code 32 (135 for the timestamp). A <c>Bearer</c> token must have been added with
/// <see cref="AddBearer"/> or issued by the token endpoint and not be expired; an app-only token may search but not send
/// (403 "Unsupported Authentication"). No or an unknown credential answers 401 <c>Unauthorized</c>.
/// </para>
/// <para>
/// Posting: JSON bodies only (else the 400 invalid-request of x.md §7.3); a post from the same account with the same
/// text as an earlier one answers X's 403 duplicate-content problem while <see cref="DetectDuplicates"/> is on; with
/// <see cref="RequireSummoning"/> on, a reply to a post not marked with <see cref="MarkSummoned"/> answers the 403
/// summoning refusal; a reply to a post marked with <see cref="MarkDeleted"/> answers the 403 "deleted or not visible";
/// a text over 280 weighted characters answers 400 "Your Tweet text is too long" (weights approximated: code points up
/// to U+10FF count 1, others 2, http(s) links 23, emoji modifiers, joiners and variation selectors 0).
/// </para>
/// <para>
/// Rate limits are per endpoint (all callers together), set with <see cref="SetRateLimit"/> and
/// <see cref="SetDailyLimit"/>: each counted request decrements the window and the answer carries
/// <c>x-rate-limit-*</c> (and <c>x-user-limit-24hour-*</c> or <c>x-app-limit-24hour-*</c>) headers; at 0 the endpoint
/// answers 429 until the reset, after which a window starts again with its full limit (15 minutes, or 24 hours).
/// Queued failures (<see cref="FailNext(int, string, TimeSpan?)"/> and its helpers: <see cref="FailNextWithRateLimit"/>,
/// <see cref="FailNextWithServerError"/>, <see cref="FailNextWithInvalidToken"/>, <see cref="FailNextWithConnectionError"/>,
/// <see cref="DropNextResponse"/>) answer the next request, whatever it is. Slow answers come from
/// <see cref="DelayNext"/> and <see cref="ResponseDelay"/>; <see cref="RevokeAccessToken"/> invalidates an account's token.
/// </para>
/// <para>
/// As an <see cref="INetworkFaults"/> (for <see cref="ChannelAdapterContractTests"/>): <see cref="AcceptedMessages"/>
/// lists the Direct Messages and posts accepted, a rate limit is a 429 whose <c>x-rate-limit-reset</c> lies the asked
/// wait ahead of the clock, and <see cref="INetworkFaults.FailNextOutsideWindow"/> throws
/// <see cref="NotSupportedException"/>: X has no reply window.
/// </para>
/// <para>Thread-safe.</para>
/// </remarks>
public sealed class XApiEmulator : HttpMessageHandler, INetworkFaults
{
    /// <summary>The <c>detail</c> of X's duplicate-content refusal (x.md §5.5).</summary>
    public const string DuplicateContentDetail = "You are not allowed to create a Tweet with duplicate content.";

    /// <summary>The <c>detail</c> of X's refusal of an unsummoned reply (x.md §5.3).</summary>
    public const string SummoningDetail = "Reply to this conversation is not allowed because you have not been mentioned or otherwise engaged by the author of the post you are replying to.";

    /// <summary>The endpoint name of Direct Message sends, for <see cref="SetRateLimit"/>.</summary>
    public const string DirectMessageEndpoint = "POST /2/dm_conversations/with/:participant_id/messages";

    /// <summary>The endpoint name of posts and replies, for <see cref="SetRateLimit"/>.</summary>
    public const string PostEndpoint = "POST /2/tweets";

    /// <summary>The endpoint name of recent search, for <see cref="SetRateLimit"/>.</summary>
    public const string SearchEndpoint = "GET /2/tweets/search/recent";

    /// <summary>The endpoint name of DM media downloads, for <see cref="SetRateLimit"/>.</summary>
    public const string MediaEndpoint = "GET /2/dm_conversations/media/:dm_id/:media_id/:resource_id";

    private const long TwitterEpochMilliseconds = 1288834974657;
    private const string InvalidTokenBody = """{"errors":[{"code":89,"message":"Invalid or expired token."}]}""";
    private const int MaxPostLength = 280;
    private const string ProblemBase = "https://api.x.com/2/problems/";
    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly List<XApiRequest> _requests = [];
    private readonly List<XSentDirectMessage> _directMessages = [];
    private readonly List<XCreatedPost> _posts = [];
    private readonly List<AcceptedMessage> _accepted = [];
    private readonly Queue<Failure> _failures = new();
    private readonly Dictionary<string, OAuthAccount> _oauthAccounts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nonces = new(StringComparer.Ordinal);
    private readonly HashSet<string> _revokedTokens = new(StringComparer.Ordinal);
    private readonly Queue<TimeSpan> _delays = new();
    private TimeSpan _responseDelay;
    private readonly Dictionary<string, Bearer> _bearers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RefreshGrant> _refreshTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RateWindow> _windows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (RateWindow Window, bool PerApp)> _dailyWindows = new(StringComparer.Ordinal);
    private readonly HashSet<string> _summoned = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deleted = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dmRefusers = new(StringComparer.Ordinal);
    private readonly List<SearchResult> _searchResults = [];
    private readonly Dictionary<(string Dm, string Media, string Resource), (byte[] Content, string ContentType)> _dmMedia = new();
    private long _lastId;
    private int _tokens;
    private bool _detectDuplicates = true;
    private bool _requireSummoning;

    /// <summary>Initializes a new instance of the <see cref="XApiEmulator"/> class on the system clock.</summary>
    public XApiEmulator()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="XApiEmulator"/> class.</summary>
    /// <param name="timeProvider">The clock of ids, OAuth timestamps, token expiries and rate-limit windows.</param>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is <see langword="null"/>.</exception>
    public XApiEmulator(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
    }

    /// <summary>Gets every request received so far, in order (failed and refused ones included).</summary>
    public IReadOnlyList<XApiRequest> Requests => Locked(() => (IReadOnlyList<XApiRequest>)[.. _requests]);

    /// <summary>Gets the Direct Messages accepted so far, in order.</summary>
    public IReadOnlyList<XSentDirectMessage> DirectMessages => Locked(() => (IReadOnlyList<XSentDirectMessage>)[.. _directMessages]);

    /// <summary>Gets the posts and replies accepted so far, in order.</summary>
    public IReadOnlyList<XCreatedPost> Posts => Locked(() => (IReadOnlyList<XCreatedPost>)[.. _posts]);

    /// <summary>Gets the Direct Messages (to their participant) and posts (to the post they answer, or empty) accepted so far, in order.</summary>
    public IReadOnlyList<AcceptedMessage> AcceptedMessages => Locked(() => (IReadOnlyList<AcceptedMessage>)[.. _accepted]);

    /// <summary>Gets or sets the OAuth 2.0 client id the token endpoint expects (as <c>client_id</c>, or in the Basic header when a secret is set).</summary>
    /// <value>The default is <see langword="null"/>: any client is accepted.</value>
    public string? OAuth2ClientId { get; set; }

    /// <summary>Gets or sets the OAuth 2.0 client secret of a confidential client; when set, the token endpoint requires <c>Authorization: Basic base64(client_id:client_secret)</c>.</summary>
    /// <value>The default is <see langword="null"/>: a public client (no Basic header needed).</value>
    public string? OAuth2ClientSecret { get; set; }

    /// <summary>Gets or sets the lifetime of access tokens the token endpoint issues.</summary>
    /// <value>The default is 2 hours, as on X.</value>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Gets or sets a value indicating whether a post repeating an earlier text of the same account is refused as duplicate content.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool DetectDuplicates
    {
        get => Locked(() => _detectDuplicates);
        set => Locked(() => _detectDuplicates = value);
    }

    /// <summary>
    /// Gets or sets a value indicating whether X's self-serve summoning rule applies: a reply is accepted only to a post
    /// marked with <see cref="MarkSummoned"/> (its author mentioned or quoted the account).
    /// </summary>
    /// <value>The default is <see langword="false"/> (Enterprise behaviour: any reply is accepted).</value>
    public bool RequireSummoning
    {
        get => Locked(() => _requireSummoning);
        set => Locked(() => _requireSummoning = value);
    }

    /// <summary>Adds an account that signs requests with OAuth 1.0a.</summary>
    /// <param name="userId">The account's user id (the DM sender and post author).</param>
    /// <param name="consumerKey">The app's consumer key.</param>
    /// <param name="consumerSecret">The app's consumer secret.</param>
    /// <param name="accessToken">The account's access token (<c>oauth_token</c>).</param>
    /// <param name="accessTokenSecret">The account's access token secret.</param>
    /// <exception cref="ArgumentException">An argument is null or empty.</exception>
    public void AddAccount(string userId, string consumerKey, string consumerSecret, string accessToken, string accessTokenSecret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(consumerKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(consumerSecret);
        ArgumentException.ThrowIfNullOrWhiteSpace(accessToken);
        ArgumentException.ThrowIfNullOrWhiteSpace(accessTokenSecret);
        Lock(() =>
        {
            _revokedTokens.Remove(accessToken);
            _oauthAccounts[accessToken] = new OAuthAccount(userId, consumerKey, consumerSecret, accessTokenSecret);
        });
    }

    /// <summary>Adds a bearer token: an OAuth 2.0 user access token of <paramref name="userId"/>, or an app-only token when it is <see langword="null"/>.</summary>
    /// <param name="token">The token.</param>
    /// <param name="userId">The account it acts for, or <see langword="null"/> for the app-only token.</param>
    /// <param name="expiresAt">When it stops working (401), or <see langword="null"/> for never.</param>
    /// <exception cref="ArgumentException"><paramref name="token"/> is null or empty.</exception>
    public void AddBearer(string token, string? userId = null, DateTimeOffset? expiresAt = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        Locked(() => _bearers[token] = new Bearer(userId, expiresAt));
    }

    /// <summary>Revokes a bearer token: it answers 401 from now on.</summary>
    /// <param name="token">The token.</param>
    public void RevokeBearer(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        Locked(() => _bearers.Remove(token));
    }

    /// <summary>
    /// Adds a refresh token the token endpoint accepts once: it answers a new access token (valid for
    /// <see cref="AccessTokenLifetime"/>) and a new refresh token, and refuses the old one afterwards with 400
    /// <c>invalid_grant</c>. The new refresh token works the same way, so rotation can go on.
    /// </summary>
    /// <param name="refreshToken">The refresh token.</param>
    /// <param name="userId">The account the issued tokens act for.</param>
    /// <param name="newAccessToken">The access token to issue; a generated one when <see langword="null"/>.</param>
    /// <param name="newRefreshToken">The refresh token to issue; a generated one when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="refreshToken"/> or <paramref name="userId"/> is null or empty.</exception>
    public void AddRefreshToken(string refreshToken, string userId, string? newAccessToken = null, string? newRefreshToken = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(refreshToken);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        Locked(() => _refreshTokens[refreshToken] = new RefreshGrant(userId, newAccessToken, newRefreshToken));
    }

    /// <summary>Makes the next request fail with the given status and body.</summary>
    /// <param name="statusCode">The HTTP status, such as 403, 429 or 503.</param>
    /// <param name="body">The JSON body, such as <see cref="ProblemBody"/> or <see cref="V1ErrorBody"/> (or a fixture's text).</param>
    /// <param name="retryAfter">A <c>Retry-After</c> header to add, if any.</param>
    public void FailNext(int statusCode, string body, TimeSpan? retryAfter = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        Lock(() => _failures.Enqueue(new Failure(FailureKind.Answer, statusCode, body, retryAfter, null)));
    }

    /// <summary>Makes the next request fail with a 429 and used-up <c>x-rate-limit-*</c> headers resetting at <paramref name="reset"/>.</summary>
    /// <param name="reset">When the window resets.</param>
    /// <param name="limit">The window's limit to report.</param>
    public void FailNextWithRateLimit(DateTimeOffset reset, int limit = 15)
        => Lock(() => _failures.Enqueue(new Failure(FailureKind.Answer, 429, ProblemBody(429, "Too Many Requests", "Too Many Requests"), null, (limit, reset))));

    /// <inheritdoc/>
    /// <remarks>A 429 with used-up <c>x-rate-limit-*</c> headers resetting <paramref name="retryAfter"/> (rounded up to a whole second) after the clock's time.</remarks>
    void INetworkFaults.FailNextWithRateLimit(TimeSpan retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryAfter, TimeSpan.Zero);
        FailNextWithRateLimit(_time.GetUtcNow() + TimeSpan.FromSeconds(Math.Ceiling(retryAfter.TotalSeconds)));
    }

    /// <inheritdoc/>
    /// <remarks>Always throws: X has no reply window (whether a user accepts Direct Messages is their setting, <see cref="RefuseDirectMessages"/>).</remarks>
    void INetworkFaults.FailNextOutsideWindow()
        => throw new NotSupportedException("X has no reply window: a Direct Message can be sent whenever the user accepts them (see RefuseDirectMessages).");

    /// <summary>Makes the next request fail before reaching the emulated X: the connection cannot be established (nothing is processed).</summary>
    /// <remarks>
    /// In process the client gets an <see cref="HttpRequestException"/> with <see cref="HttpRequestError.ConnectionError"/>.
    /// Over an <see cref="EmulatorServer"/> the request has already been sent when the connection is aborted, so the
    /// client cannot tell this from <see cref="DropNextResponse"/> (nothing is processed all the same).
    /// </remarks>
    public void FailNextWithConnectionError() => Lock(() => _failures.Enqueue(new Failure(FailureKind.ConnectionError, 0, string.Empty, null, null)));

    /// <summary>Makes the next request be processed (a post or DM is created) but its answer lost: the connection ends before the response.</summary>
    public void DropNextResponse() => Lock(() => _failures.Enqueue(new Failure(FailureKind.DropResponse, 0, string.Empty, null, null)));

    /// <inheritdoc/>
    void INetworkFaults.FailNextWithServerError() => FailNextWithServerError();

    /// <summary>Makes the next request fail with a server error: a v2 problem with the status's title.</summary>
    /// <param name="statusCode">The HTTP status, from 500 to 599.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="statusCode"/> is not a 5xx status.</exception>
    public void FailNextWithServerError(int statusCode = 503)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 500);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        var title = statusCode switch
        {
            500 => "Internal Server Error",
            502 => "Bad Gateway",
            503 => "Service Unavailable",
            504 => "Gateway Timeout",
            _ => "Server Error",
        };
        FailNext(statusCode, ProblemBody(statusCode, title, title));
    }

    /// <summary>Makes the next request fail as with an expired or revoked token: 401 with v1.1 code 89 (<c>Invalid or expired token.</c>).</summary>
    public void FailNextWithInvalidToken() => FailNext(401, InvalidTokenBody);

    /// <summary>
    /// Invalidates an OAuth 1.0a access token, as when the account revokes the app: requests signed with it answer 401
    /// with v1.1 code 89 until the account is added again with <see cref="AddAccount"/>.
    /// </summary>
    /// <param name="accessToken">The access token (<c>oauth_token</c>).</param>
    /// <exception cref="ArgumentException"><paramref name="accessToken"/> is null or empty.</exception>
    public void RevokeAccessToken(string accessToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accessToken);
        Lock(() =>
        {
            _oauthAccounts.Remove(accessToken);
            _revokedTokens.Add(accessToken);
        });
    }

    /// <summary>Gets or sets how long every answer waits (on the emulator's clock) before it is given.</summary>
    /// <value>The default is <see cref="TimeSpan.Zero"/>. A delay queued with <see cref="DelayNext"/> replaces it for one request.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public TimeSpan ResponseDelay
    {
        get => Locked(() => _responseDelay);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Lock(() => _responseDelay = value);
        }
    }

    /// <summary>Makes the next answer wait (on the emulator's clock) before it is given, as a slow network would.</summary>
    /// <param name="delay">How long; replaces <see cref="ResponseDelay"/> for that request. Calls queue up, one per request.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    public void DelayNext(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Lock(() => _delays.Enqueue(delay));
    }

    /// <summary>Forgets the requests recorded so far in <see cref="Requests"/> (accepted DMs and posts stay).</summary>
    public void ClearRequests() => Lock(_requests.Clear);

    /// <summary>Sets an endpoint's rate-limit window; its answers then carry <c>x-rate-limit-*</c> headers, and it answers 429 at 0 until <paramref name="reset"/>.</summary>
    /// <param name="endpoint">The endpoint, such as <see cref="PostEndpoint"/> or <see cref="DirectMessageEndpoint"/>.</param>
    /// <param name="limit">The window's limit.</param>
    /// <param name="remaining">The requests left.</param>
    /// <param name="reset">When the window resets; later windows last 15 minutes.</param>
    public void SetRateLimit(string endpoint, int limit, int remaining, DateTimeOffset reset)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint);
        Locked(() => _windows[endpoint] = new RateWindow(limit, remaining, reset, TimeSpan.FromMinutes(15)));
    }

    /// <summary>Sets an endpoint's daily cap, reported as <c>x-user-limit-24hour-*</c> (or <c>x-app-limit-24hour-*</c>); it answers 429 at 0 until <paramref name="reset"/>.</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="limit">The cap.</param>
    /// <param name="remaining">The requests left.</param>
    /// <param name="reset">When the cap resets; later windows last 24 hours.</param>
    /// <param name="perApp"><see langword="true"/> for the app's cap, <see langword="false"/> for the user's.</param>
    public void SetDailyLimit(string endpoint, int limit, int remaining, DateTimeOffset reset, bool perApp = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint);
        Locked(() => _dailyWindows[endpoint] = (new RateWindow(limit, remaining, reset, TimeSpan.FromHours(24)), perApp));
    }

    /// <summary>Marks a post as summoning the account (its author mentioned or quoted it), so that a reply to it is accepted under <see cref="RequireSummoning"/>.</summary>
    /// <param name="postId">The post's id.</param>
    public void MarkSummoned(string postId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(postId);
        Locked(() => _summoned.Add(postId));
    }

    /// <summary>Marks a post as deleted: replies to it answer 403 "deleted or not visible".</summary>
    /// <param name="postId">The post's id.</param>
    public void MarkDeleted(string postId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(postId);
        Locked(() => _deleted.Add(postId));
    }

    /// <summary>Makes a user refuse Direct Messages: sends to them answer 403 "You cannot send messages to this user."</summary>
    /// <param name="userId">The user's id.</param>
    public void RefuseDirectMessages(string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        Locked(() => _dmRefusers.Add(userId));
    }

    /// <summary>Adds a public post recent search finds.</summary>
    /// <param name="postId">The post's id (numeric, so that <c>since_id</c> can compare).</param>
    /// <param name="authorId">The author's user id.</param>
    /// <param name="authorUsername">The author's handle, without <c>@</c>.</param>
    /// <param name="text">The text.</param>
    /// <param name="createdAt">When it was posted; the clock's time when <see langword="null"/>.</param>
    /// <param name="authorName">The author's display name; the handle when <see langword="null"/>.</param>
    /// <param name="inReplyToPostId">The post it replies to, if any (<c>referenced_tweets</c> <c>replied_to</c>).</param>
    /// <param name="inReplyToUserId">The author it replies to, if any.</param>
    /// <param name="query">Only this exact query finds it; any query when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">An id, the handle or the text is null or empty, or the id is not numeric.</exception>
    public void AddSearchResult(string postId, string authorId, string authorUsername, string text, DateTimeOffset? createdAt = null, string? authorName = null, string? inReplyToPostId = null, string? inReplyToUserId = null, string? query = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(postId);
        ArgumentException.ThrowIfNullOrWhiteSpace(authorId);
        ArgumentException.ThrowIfNullOrWhiteSpace(authorUsername);
        ArgumentNullException.ThrowIfNull(text);
        if (!ulong.TryParse(postId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            throw new ArgumentException("Post ids are numeric: " + postId, nameof(postId));
        }

        var result = new SearchResult(id, postId, authorId, authorUsername, authorName ?? authorUsername, text, createdAt ?? _time.GetUtcNow(), inReplyToPostId, inReplyToUserId, query);
        Lock(() => _searchResults.Add(result));
    }

    /// <summary>Adds the bytes of a DM attachment, served at <c>GET /2/dm_conversations/media/{dmId}/{mediaId}/{resourceId}</c> with user context.</summary>
    /// <param name="dmId">The DM event id.</param>
    /// <param name="mediaId">The media id.</param>
    /// <param name="resourceId">The resource key.</param>
    /// <param name="content">The bytes; copied.</param>
    /// <param name="contentType">The media type, such as <c>image/jpeg</c>.</param>
    /// <exception cref="ArgumentException">An id or the media type is null or empty.</exception>
    public void AddDirectMessageMedia(string dmId, string mediaId, string resourceId, byte[] content, string contentType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dmId);
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaId);
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceId);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        byte[] copy = [.. content];
        Locked(() => _dmMedia[(dmId, mediaId, resourceId)] = (copy, contentType));
    }

    /// <summary>Writes a v2 problem body: <c>{"title","detail","type","status"}</c>.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="title">The title, such as <c>Forbidden</c>.</param>
    /// <param name="detail">The detail.</param>
    /// <param name="type">The problem type; <c>about:blank</c> by default.</param>
    /// <returns>The JSON text.</returns>
    public static string ProblemBody(int status, string title, string detail, string type = "about:blank")
        => Encoding.UTF8.GetString(Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("title", title);
            writer.WriteString("detail", detail);
            writer.WriteString("type", type);
            writer.WriteNumber("status", status);
            writer.WriteEndObject();
        }));

    /// <summary>Writes a v1.1 error body: <c>{"errors":[{"code","message"}]}</c>.</summary>
    /// <param name="code">The v1.1 code, such as 32, 88, 187 or 349.</param>
    /// <param name="message">The message.</param>
    /// <returns>The JSON text.</returns>
    public static string V1ErrorBody(int code, string message)
        => Encoding.UTF8.GetString(Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("errors");
            writer.WriteStartObject();
            writer.WriteNumber("code", code);
            writer.WriteString("message", message);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }));

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no address.");
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var contentType = request.Content?.Headers.ContentType?.MediaType;
        var recorded = new XApiRequest(request.Method.Method, uri.AbsolutePath, uri.Query.TrimStart('?'), body)
        {
            Authorization = request.Headers.Authorization?.ToString(),
            ContentType = contentType,
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

        switch (failure?.Kind)
        {
            case FailureKind.Answer:
                var failed = Json((HttpStatusCode)failure.Status, failure.Body);
                if (failure.RetryAfter is { } after)
                {
                    failed.Headers.RetryAfter = new RetryConditionHeaderValue(after);
                }

                if (failure.RateLimit is { } window)
                {
                    AddWindowHeaders(failed, "x-rate-limit", window.Limit, 0, window.Reset);
                }

                return failed;
            case FailureKind.ConnectionError:
                throw new HttpRequestException(HttpRequestError.ConnectionError, "Emulated connection failure (nothing was sent).");
        }

        var response = Route(request, uri, body, contentType);
        if (failure?.Kind == FailureKind.DropResponse)
        {
            response.Dispose();
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "Emulated connection loss after the request was processed.");
        }

        return response;
    }

    private HttpResponseMessage Route(HttpRequestMessage request, Uri uri, string body, string? contentType)
    {
        var segments = uri.AbsolutePath.Trim('/').Split('/');
        var method = request.Method;
        if (method == HttpMethod.Post && segments is ["2", "oauth2", "token"])
        {
            return Token(request, body, contentType);
        }

        var caller = Authenticate(request, uri, body, contentType, out var refused);
        if (refused is not null)
        {
            return refused;
        }

        return (method.Method, segments) switch
        {
            ("POST", ["2", "dm_conversations", "with", var participant, "messages"]) =>
                Limited(DirectMessageEndpoint, () => SendDirectMessage(caller, Uri.UnescapeDataString(participant), body, contentType)),
            ("POST", ["2", "tweets"]) => Limited(PostEndpoint, () => CreatePost(caller, body, contentType)),
            ("GET", ["2", "tweets", "search", "recent"]) => Limited(SearchEndpoint, () => Search(uri)),
            ("GET", ["2", "dm_conversations", "media", var dm, var media, var resource]) =>
                Limited(MediaEndpoint, () => Media(caller, Uri.UnescapeDataString(dm), Uri.UnescapeDataString(media), Uri.UnescapeDataString(resource))),
            _ => Json(HttpStatusCode.NotFound, ProblemBody(404, "Not Found Error", "Sorry, that page does not exist.", ProblemBase + "resource-not-found")),
        };
    }

    /// <summary>Checks the request's credential; returns the caller (a user id, or <see langword="null"/> for the app).</summary>
    private string? Authenticate(HttpRequestMessage request, Uri uri, string body, string? contentType, out HttpResponseMessage? refused)
    {
        refused = null;
        var authorization = request.Headers.Authorization;
        if (authorization is { Scheme: "Bearer", Parameter: { Length: > 0 } token })
        {
            Bearer? bearer;
            lock (_gate)
            {
                _bearers.TryGetValue(token, out bearer);
            }

            if (bearer is not null && !(bearer.ExpiresAt <= _time.GetUtcNow()))
            {
                return bearer.UserId;
            }
        }
        else if (authorization is { Scheme: "OAuth", Parameter: { } parameters })
        {
            return CheckOAuth1(request.Method.Method, uri, parameters, contentType == "application/x-www-form-urlencoded" ? body : null, out refused);
        }

        refused = Unauthorized();
        return null;
    }

    private string? CheckOAuth1(string method, Uri uri, string header, string? form, out HttpResponseMessage? refused)
    {
        refused = null;
        var oauth = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in header.Split(','))
        {
            var pair = part.Trim();
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || pair.Length < equals + 3 || pair[equals + 1] != '"' || pair[^1] != '"')
            {
                refused = V1Unauthorized(215, "Bad Authentication data.");
                return null;
            }

            oauth[Uri.UnescapeDataString(pair[..equals])] = Uri.UnescapeDataString(pair[(equals + 2)..^1]);
        }

        OAuthAccount? account = null;
        if (!oauth.TryGetValue("oauth_token", out var token)
            || !oauth.TryGetValue("oauth_consumer_key", out var consumerKey)
            || !oauth.TryGetValue("oauth_signature", out var signature)
            || !oauth.TryGetValue("oauth_nonce", out var nonce)
            || !oauth.TryGetValue("oauth_timestamp", out var timestamp)
            || !string.Equals(oauth.GetValueOrDefault("oauth_signature_method"), "HMAC-SHA1", StringComparison.Ordinal))
        {
            refused = V1Unauthorized(215, "Bad Authentication data.");
            return null;
        }

        bool revoked;
        lock (_gate)
        {
            _oauthAccounts.TryGetValue(token, out account);
            revoked = _revokedTokens.Contains(token);
        }

        if (account is null && revoked)
        {
            refused = Json(HttpStatusCode.Unauthorized, InvalidTokenBody);
            return null;
        }

        if (account is null || !string.Equals(account.ConsumerKey, consumerKey, StringComparison.Ordinal))
        {
            refused = V1Unauthorized(32, "Could not authenticate you.");
            return null;
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || (DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799)) - _time.GetUtcNow()).Duration() > MaxClockSkew)
        {
            refused = V1Unauthorized(135, "Timestamp out of bounds.");
            return null;
        }

        // The emulator's own signature check: RFC 3986 encoding by Uri.EscapeDataString, parameters sorted by name then value.
        var parameters = ParseForm(uri.Query)
            .Concat(form is null ? [] : ParseForm(form))
            .Concat(oauth.Where(p => p.Key != "oauth_signature" && p.Key != "realm"))
            .Select(p => (Name: Uri.EscapeDataString(p.Key), Value: Uri.EscapeDataString(p.Value)))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        var baseUrl = uri.GetLeftPart(UriPartial.Path);
        var baseString = method.ToUpperInvariant() + "&" + Uri.EscapeDataString(baseUrl) + "&" + Uri.EscapeDataString(string.Join("&", parameters.Select(p => p.Name + "=" + p.Value)));
        var key = Encoding.UTF8.GetBytes(Uri.EscapeDataString(account.ConsumerSecret) + "&" + Uri.EscapeDataString(account.TokenSecret));
#pragma warning disable CA5350 // OAuth 1.0a prescribes HMAC-SHA1.
        var expected = HMACSHA1.HashData(key, Encoding.UTF8.GetBytes(baseString));
#pragma warning restore CA5350
        byte[] given;
        try
        {
            given = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            given = [];
        }

        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            refused = V1Unauthorized(32, "Could not authenticate you.");
            return null;
        }

        lock (_gate)
        {
            if (!_nonces.Add(token + "\n" + timestamp + "\n" + nonce))
            {
                refused = V1Unauthorized(32, "Could not authenticate you.");
                return null;
            }
        }

        return account.UserId;
    }

    private HttpResponseMessage SendDirectMessage(string? caller, string participant, string body, string? contentType)
    {
        if (caller is null)
        {
            return UnsupportedAuthentication();
        }

        if (!IsJson(contentType))
        {
            return JsonRequired();
        }

        using var document = TryParse(body);
        if (document?.RootElement is not { ValueKind: JsonValueKind.Object } root)
        {
            return InvalidRequest("Request body is not valid JSON.");
        }

        var text = GetString(root, "text");
        var attachments = root.TryGetProperty("attachments", out var list) && list.ValueKind == JsonValueKind.Array ? list : default;
        var mediaIds = attachments.ValueKind == JsonValueKind.Array
            ? attachments.EnumerateArray().Select(a => a.ValueKind == JsonValueKind.Object ? GetString(a, "media_id") : null).ToList()
            : [];
        if (text is { Length: 0 })
        {
            return InvalidRequest("$.text: must be at least 1 characters long.");
        }

        if (text is null && mediaIds.Count == 0)
        {
            return InvalidRequest("One of text or attachments is required.");
        }

        if (mediaIds.Count > 1 || mediaIds.Any(string.IsNullOrEmpty))
        {
            return InvalidRequest("$.attachments: there must be exactly one attachment with a media_id.");
        }

        lock (_gate)
        {
            if (_dmRefusers.Contains(participant))
            {
                return Json(HttpStatusCode.Forbidden, ProblemBody(403, "Forbidden", "You cannot send messages to this user."));
            }

            var eventId = NextId();
            var conversation = CompareIds(caller, participant) <= 0 ? caller + "-" + participant : participant + "-" + caller;
            _directMessages.Add(new XSentDirectMessage(eventId, conversation, caller, participant, text, mediaIds.FirstOrDefault()));
            _accepted.Add(new AcceptedMessage(eventId, participant, text));
            return Json(HttpStatusCode.Created, writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartObject("data");
                writer.WriteString("dm_conversation_id", conversation);
                writer.WriteString("dm_event_id", eventId);
                writer.WriteEndObject();
                writer.WriteEndObject();
            });
        }
    }

    private HttpResponseMessage CreatePost(string? caller, string body, string? contentType)
    {
        if (caller is null)
        {
            return UnsupportedAuthentication();
        }

        if (!IsJson(contentType))
        {
            return JsonRequired();
        }

        using var document = TryParse(body);
        if (document?.RootElement is not { ValueKind: JsonValueKind.Object } root)
        {
            return InvalidRequest("Request body is not valid JSON.");
        }

        var text = GetString(root, "text") ?? string.Empty;
        var replyTo = root.TryGetProperty("reply", out var reply) && reply.ValueKind == JsonValueKind.Object ? GetString(reply, "in_reply_to_tweet_id") : null;
        var mediaIds = root.TryGetProperty("media", out var media) && media.ValueKind == JsonValueKind.Object
            && media.TryGetProperty("media_ids", out var ids) && ids.ValueKind == JsonValueKind.Array
                ? ids.EnumerateArray().Select(i => i.ValueKind == JsonValueKind.String ? i.GetString()! : string.Empty).ToList()
                : [];
        if (text.Length == 0 && mediaIds.Count == 0)
        {
            return InvalidRequest("You must specify either text or media.");
        }

        if (mediaIds.Count > 4 || mediaIds.Any(string.IsNullOrEmpty))
        {
            return InvalidRequest("$.media.media_ids: must contain 1 to 4 media ids.");
        }

        if (ApproximateWeightedLength(text) > MaxPostLength)
        {
            return InvalidRequest("Your Tweet text is too long. For more information on how Twitter determines text length see https://github.com/twitter/twitter-text.");
        }

        lock (_gate)
        {
            if (replyTo is not null && _deleted.Contains(replyTo))
            {
                return Json(HttpStatusCode.Forbidden, ProblemBody(403, "Forbidden", "You attempted to reply to a Tweet that is deleted or not visible to you."));
            }

            if (replyTo is not null && _requireSummoning && !_summoned.Contains(replyTo) && !_posts.Any(p => p.Id == replyTo && p.AuthorId == caller))
            {
                return Json(HttpStatusCode.Forbidden, ProblemBody(403, "Forbidden", SummoningDetail));
            }

            if (_detectDuplicates && text.Length > 0 && _posts.Any(p => p.AuthorId == caller && string.Equals(p.Text, text, StringComparison.Ordinal)))
            {
                return Json(HttpStatusCode.Forbidden, ProblemBody(403, "Forbidden", DuplicateContentDetail));
            }

            var id = NextId();
            _posts.Add(new XCreatedPost(id, caller, text, replyTo, mediaIds));
            _accepted.Add(new AcceptedMessage(id, replyTo ?? string.Empty, text.Length == 0 ? null : text));
            return Json(HttpStatusCode.Created, writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartObject("data");
                writer.WriteStartArray("edit_history_tweet_ids");
                writer.WriteStringValue(id);
                writer.WriteEndArray();
                writer.WriteString("id", id);
                writer.WriteString("text", text);
                writer.WriteEndObject();
                writer.WriteEndObject();
            });
        }
    }

    private HttpResponseMessage Search(Uri uri)
    {
        var query = ParseForm(uri.Query).ToLookup(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var text = query["query"].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(text))
        {
            return InvalidRequest("The `query` query parameter can not be empty");
        }

        var max = 10;
        if (query["max_results"].FirstOrDefault() is { } maxText
            && (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max is < 10 or > 100))
        {
            return InvalidRequest($"The `max_results` query parameter value [{maxText}] is not between 10 and 100");
        }

        ulong since = 0;
        if (query["since_id"].FirstOrDefault() is { } sinceText && !ulong.TryParse(sinceText, NumberStyles.None, CultureInfo.InvariantCulture, out since))
        {
            return InvalidRequest($"The `since_id` query parameter value [{sinceText}] is not valid");
        }

        List<SearchResult> found;
        lock (_gate)
        {
            found = [.. _searchResults
                .Where(r => r.NumericId > since && (r.Query is null || string.Equals(r.Query, text, StringComparison.Ordinal)))
                .OrderByDescending(r => r.NumericId)
                .Take(max)];
        }

        return Json(HttpStatusCode.OK, writer =>
        {
            writer.WriteStartObject();
            if (found.Count > 0)
            {
                writer.WriteStartArray("data");
                foreach (var post in found)
                {
                    WriteSearchPost(writer, post);
                }

                writer.WriteEndArray();
                writer.WriteStartObject("includes");
                writer.WriteStartArray("users");
                foreach (var author in found.DistinctBy(p => p.AuthorId))
                {
                    writer.WriteStartObject();
                    writer.WriteString("id", author.AuthorId);
                    writer.WriteString("name", author.AuthorName);
                    writer.WriteString("username", author.AuthorUsername);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteStartObject("meta");
            if (found.Count > 0)
            {
                writer.WriteString("newest_id", found[0].Id);
                writer.WriteString("oldest_id", found[^1].Id);
            }

            writer.WriteNumber("result_count", found.Count);
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
    }

    private static void WriteSearchPost(Utf8JsonWriter writer, SearchResult post)
    {
        writer.WriteStartObject();
        writer.WriteString("id", post.Id);
        writer.WriteString("text", post.Text);
        writer.WriteString("author_id", post.AuthorId);
        writer.WriteString("conversation_id", post.InReplyToPostId ?? post.Id);
        writer.WriteString("created_at", post.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        writer.WriteStartArray("edit_history_tweet_ids");
        writer.WriteStringValue(post.Id);
        writer.WriteEndArray();
        if (post.InReplyToUserId is not null)
        {
            writer.WriteString("in_reply_to_user_id", post.InReplyToUserId);
        }

        if (post.InReplyToPostId is not null)
        {
            writer.WriteStartArray("referenced_tweets");
            writer.WriteStartObject();
            writer.WriteString("type", "replied_to");
            writer.WriteString("id", post.InReplyToPostId);
            writer.WriteEndObject();
            writer.WriteEndArray();
        }

        var mentions = Mentions(post.Text);
        if (mentions.Count > 0)
        {
            writer.WriteStartObject("entities");
            writer.WriteStartArray("mentions");
            foreach (var (start, end, username) in mentions)
            {
                writer.WriteStartObject();
                writer.WriteNumber("start", start);
                writer.WriteNumber("end", end);
                writer.WriteString("username", username);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private HttpResponseMessage Media(string? caller, string dm, string media, string resource)
    {
        if (caller is null)
        {
            return UnsupportedAuthentication();
        }

        (byte[] Content, string ContentType) found;
        lock (_gate)
        {
            if (!_dmMedia.TryGetValue((dm, media, resource), out found))
            {
                return Json(HttpStatusCode.NotFound, ProblemBody(404, "Not Found Error", "Could not find the requested media.", ProblemBase + "resource-not-found"));
            }
        }

        var content = new ByteArrayContent(found.Content);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(found.ContentType);
        content.Headers.ContentLength = found.Content.Length;
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    private HttpResponseMessage Token(HttpRequestMessage request, string body, string? contentType)
    {
        if (contentType != "application/x-www-form-urlencoded")
        {
            return OAuthError(HttpStatusCode.BadRequest, "invalid_request", "Content-Type must be application/x-www-form-urlencoded.");
        }

        var form = ParseForm(body).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(OAuth2ClientSecret))
        {
            var expected = Convert.ToBase64String(Encoding.UTF8.GetBytes(OAuth2ClientId + ":" + OAuth2ClientSecret));
            if (request.Headers.Authorization is not { Scheme: "Basic" } basic || !string.Equals(basic.Parameter, expected, StringComparison.Ordinal))
            {
                return OAuthError(HttpStatusCode.Unauthorized, "invalid_client", "Missing valid authorization header");
            }
        }
        else if (!string.IsNullOrEmpty(OAuth2ClientId) && !string.Equals(form.GetValueOrDefault("client_id"), OAuth2ClientId, StringComparison.Ordinal))
        {
            return OAuthError(HttpStatusCode.BadRequest, "invalid_request", "Missing required parameter [client_id].");
        }

        if (form.GetValueOrDefault("grant_type") != "refresh_token")
        {
            return OAuthError(HttpStatusCode.BadRequest, "unsupported_grant_type", "Only grant_type=refresh_token is emulated.");
        }

        string access, refresh;
        DateTimeOffset expiresAt;
        lock (_gate)
        {
            if (!form.TryGetValue("refresh_token", out var old) || !_refreshTokens.Remove(old, out var grant))
            {
                return OAuthError(HttpStatusCode.BadRequest, "invalid_grant", "Value passed for the token was invalid.");
            }

            _tokens++;
            access = grant.NewAccessToken ?? "emu-access-" + _tokens.ToString(CultureInfo.InvariantCulture);
            refresh = grant.NewRefreshToken ?? "emu-refresh-" + _tokens.ToString(CultureInfo.InvariantCulture);
            expiresAt = _time.GetUtcNow() + AccessTokenLifetime;
            _bearers[access] = new Bearer(grant.UserId, expiresAt);
            _refreshTokens[refresh] = new RefreshGrant(grant.UserId, null, null);
        }

        return Json(HttpStatusCode.OK, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("token_type", "bearer");
            writer.WriteNumber("expires_in", (long)AccessTokenLifetime.TotalSeconds);
            writer.WriteString("access_token", access);
            writer.WriteString("scope", "tweet.read tweet.write users.read dm.read dm.write offline.access");
            writer.WriteString("refresh_token", refresh);
            writer.WriteEndObject();
        });
    }

    /// <summary>Applies the endpoint's rate limits around a handler: 429 when used up, otherwise a decrement and the headers.</summary>
    private HttpResponseMessage Limited(string endpoint, Func<HttpResponseMessage> handle)
    {
        RateWindow? window, daily;
        bool perApp;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            window = Advance(_windows, endpoint, now);
            (daily, perApp) = _dailyWindows.TryGetValue(endpoint, out var d) ? (Advance(d.Window, now), d.PerApp) : (null, false);
            if (daily is not null)
            {
                _dailyWindows[endpoint] = (daily, perApp);
            }

            var exhausted = window is { Remaining: <= 0 } || daily is { Remaining: <= 0 };
            if (!exhausted)
            {
                if (window is not null)
                {
                    window = window with { Remaining = window.Remaining - 1 };
                    _windows[endpoint] = window;
                }

                if (daily is not null)
                {
                    daily = daily with { Remaining = daily.Remaining - 1 };
                    _dailyWindows[endpoint] = (daily, perApp);
                }
            }
            else
            {
                var limited = Json(HttpStatusCode.TooManyRequests, ProblemBody(429, "Too Many Requests", "Too Many Requests"));
                AddHeaders(limited, window, daily, perApp);
                return limited;
            }
        }

        var response = handle();
        AddHeaders(response, window, daily, perApp);
        return response;
    }

    private static RateWindow? Advance(Dictionary<string, RateWindow> windows, string endpoint, DateTimeOffset now)
    {
        if (!windows.TryGetValue(endpoint, out var window))
        {
            return null;
        }

        window = Advance(window, now);
        windows[endpoint] = window;
        return window;
    }

    private static RateWindow Advance(RateWindow window, DateTimeOffset now)
    {
        if (now < window.Reset)
        {
            return window;
        }

        var reset = window.Reset;
        while (reset <= now)
        {
            reset += window.Length;
        }

        return window with { Remaining = window.Limit, Reset = reset };
    }

    private static void AddHeaders(HttpResponseMessage response, RateWindow? window, RateWindow? daily, bool perApp)
    {
        if (window is not null)
        {
            AddWindowHeaders(response, "x-rate-limit", window.Limit, window.Remaining, window.Reset);
        }

        if (daily is not null)
        {
            AddWindowHeaders(response, perApp ? "x-app-limit-24hour" : "x-user-limit-24hour", daily.Limit, daily.Remaining, daily.Reset);
        }
    }

    private static void AddWindowHeaders(HttpResponseMessage response, string prefix, int limit, int remaining, DateTimeOffset reset)
    {
        response.Headers.TryAddWithoutValidation(prefix + "-limit", limit.ToString(CultureInfo.InvariantCulture));
        response.Headers.TryAddWithoutValidation(prefix + "-remaining", Math.Max(remaining, 0).ToString(CultureInfo.InvariantCulture));
        response.Headers.TryAddWithoutValidation(prefix + "-reset", reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Issues a snowflake-like id: milliseconds since X's epoch in the top bits, increasing. Called under the lock.</summary>
    private string NextId()
    {
        var milliseconds = Math.Max(_time.GetUtcNow().ToUnixTimeMilliseconds() - TwitterEpochMilliseconds, 0);
        var id = Math.Max(milliseconds << 22, _lastId + 1);
        _lastId = id;
        return id.ToString(CultureInfo.InvariantCulture);
    }

    private static int CompareIds(string a, string b)
        => ulong.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out var x) && ulong.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            ? x.CompareTo(y)
            : string.CompareOrdinal(a, b);

    /// <summary>The emulator's approximation of X's weighted length: see the class remarks.</summary>
    private static int ApproximateWeightedLength(string text)
    {
        var length = 0;
        foreach (var word in text.Split(' '))
        {
            if (word.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || word.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                length += 23;
                continue;
            }

            foreach (var rune in word.EnumerateRunes())
            {
                length += rune.Value switch
                {
                    0x200D or 0xFE0F or 0xFE0E or 0x20E3 or (>= 0x1F3FB and <= 0x1F3FF) or (>= 0xE0020 and <= 0xE007F) => 0,
                    <= 0x10FF => 1,
                    _ => 2,
                };
            }
        }

        return length + text.Count(c => c == ' ');
    }

    private static List<(int Start, int End, string Username)> Mentions(string text)
    {
        var found = new List<(int, int, string)>();
        var runes = text.EnumerateRunes().ToArray();
        for (var i = 0; i < runes.Length; i++)
        {
            if (runes[i].Value != '@' || (i > 0 && IsHandleRune(runes[i - 1])))
            {
                continue;
            }

            var end = i + 1;
            while (end < runes.Length && end - i <= 15 && IsHandleRune(runes[end]))
            {
                end++;
            }

            if (end > i + 1)
            {
                found.Add((i, end, string.Concat(runes[(i + 1)..end].Select(r => r.ToString()))));
            }

            i = end - 1;
        }

        return found;
    }

    private static bool IsHandleRune(Rune rune) => rune.IsAscii && (char.IsAsciiLetterOrDigit((char)rune.Value) || rune.Value == '_');

    private static List<KeyValuePair<string, string>> ParseForm(string encoded)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in encoded.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? string.Empty : part[(equals + 1)..];
            pairs.Add(new(Uri.UnescapeDataString(name.Replace('+', ' ')), Uri.UnescapeDataString(value.Replace('+', ' '))));
        }

        return pairs;
    }

    private static bool IsJson(string? contentType) => string.Equals(contentType, "application/json", StringComparison.OrdinalIgnoreCase);

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

    private static string? GetString(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static HttpResponseMessage Unauthorized()
        => Json(HttpStatusCode.Unauthorized, ProblemBody(401, "Unauthorized", "Unauthorized"));

    private static HttpResponseMessage V1Unauthorized(int code, string message)
        => Json(HttpStatusCode.Unauthorized, V1ErrorBody(code, message));

    private static HttpResponseMessage UnsupportedAuthentication() => Json(HttpStatusCode.Forbidden, ProblemBody(
        403,
        "Unsupported Authentication",
        "Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].",
        ProblemBase + "unsupported-authentication"));

    private static HttpResponseMessage JsonRequired() => InvalidRequest("Requests with bodies must have content-type of application/json.");

    private static HttpResponseMessage InvalidRequest(string message) => Json(HttpStatusCode.BadRequest, writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartArray("errors");
        writer.WriteStartObject();
        writer.WriteStartObject("parameters");
        writer.WriteEndObject();
        writer.WriteString("message", message);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteString("title", "Invalid Request");
        writer.WriteString("detail", "One or more parameters to your request was invalid.");
        writer.WriteString("type", ProblemBase + "invalid-request");
        writer.WriteEndObject();
    });

    private static HttpResponseMessage OAuthError(HttpStatusCode status, string error, string description) => Json(status, writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("error", error);
        writer.WriteString("error_description", description);
        writer.WriteEndObject();
    });

    private static HttpResponseMessage Json(HttpStatusCode status, string json)
        => new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Json(HttpStatusCode status, Action<Utf8JsonWriter> write)
        => Json(status, Encoding.UTF8.GetString(Write(write)));

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private void Lock(Action change)
    {
        lock (_gate)
        {
            change();
        }
    }

    private T Locked<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    private enum FailureKind
    {
        Answer,
        ConnectionError,
        DropResponse,
    }

    private sealed record Failure(FailureKind Kind, int Status, string Body, TimeSpan? RetryAfter, (int Limit, DateTimeOffset Reset)? RateLimit);

    private sealed record OAuthAccount(string UserId, string ConsumerKey, string ConsumerSecret, string TokenSecret);

    private sealed record Bearer(string? UserId, DateTimeOffset? ExpiresAt);

    private sealed record RefreshGrant(string UserId, string? NewAccessToken, string? NewRefreshToken);

    private sealed record RateWindow(int Limit, int Remaining, DateTimeOffset Reset, TimeSpan Length);

    private sealed record SearchResult(ulong NumericId, string Id, string AuthorId, string AuthorUsername, string AuthorName, string Text, DateTimeOffset CreatedAt, string? InReplyToPostId, string? InReplyToUserId, string? Query);
}

/// <summary>A request the <see cref="XApiEmulator"/> received.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, such as <c>/2/tweets</c>.</param>
/// <param name="Query">The query string without its <c>?</c>, still encoded.</param>
/// <param name="Body">The body, as text.</param>
public sealed record XApiRequest(string Method, string Path, string Query, string Body)
{
    /// <summary>Gets the <c>Authorization</c> header, if any.</summary>
    public string? Authorization { get; init; }

    /// <summary>Gets the body's media type, if any.</summary>
    public string? ContentType { get; init; }
}

/// <summary>A Direct Message the <see cref="XApiEmulator"/> accepted.</summary>
/// <param name="EventId">The <c>dm_event_id</c> it answered.</param>
/// <param name="ConversationId">The <c>dm_conversation_id</c> (<c>{smaller id}-{larger id}</c>).</param>
/// <param name="SenderId">The sending account.</param>
/// <param name="ParticipantId">The recipient.</param>
/// <param name="Text">The text, if any.</param>
/// <param name="MediaId">The attached media id, if any.</param>
public sealed record XSentDirectMessage(string EventId, string ConversationId, string SenderId, string ParticipantId, string? Text, string? MediaId);

/// <summary>A post or reply the <see cref="XApiEmulator"/> accepted.</summary>
/// <param name="Id">The post's id.</param>
/// <param name="AuthorId">The posting account.</param>
/// <param name="Text">The text.</param>
/// <param name="InReplyToPostId">The post it replies to, if any.</param>
/// <param name="MediaIds">The attached media ids.</param>
public sealed record XCreatedPost(string Id, string AuthorId, string Text, string? InReplyToPostId, IReadOnlyList<string> MediaIds);
