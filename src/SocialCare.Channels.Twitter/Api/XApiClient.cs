using System.Collections.Frozen;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Twitter;

/// <summary>What a send came to: the new DM event's or post's id, or the error.</summary>
/// <param name="Id">The network id (<c>dm_event_id</c> or the post's <c>id</c>), on success.</param>
/// <param name="Error">The error, on failure.</param>
internal readonly record struct XApiResult(string? Id, ChannelError? Error);

/// <summary>What a recent search came to: the raw answer body, or the error.</summary>
/// <param name="Body">The 200 answer's bytes (<c>{data, includes, meta}</c>), on success.</param>
/// <param name="Error">The error (with <see cref="ChannelError.RetryAfter"/> on a rate limit), on failure.</param>
internal readonly record struct XSearchResult(byte[]? Body, ChannelError? Error);

/// <summary>
/// Calls the X API for the channel (x.md §5, §6, §8): Direct Messages, posts and replies, recent search, and DM media
/// downloads. Every failure comes back as a <see cref="ChannelError"/>; only the caller's cancellation throws.
/// </summary>
/// <remarks>
/// <para>
/// User context per account: OAuth 1.0a when the account has <see cref="XAccountOptions.AccessToken"/> and
/// <see cref="XAccountOptions.AccessTokenSecret"/> (the exact URL called is signed, host included), else its OAuth 2.0
/// user token from <see cref="XTokenManager"/> (renewed before expiry, and once after a 401). The app-only
/// <see cref="XOptions.BearerToken"/> is used for recent search only, never to send.
/// </para>
/// <para>
/// Rate limits: every answer's <c>x-rate-limit-*</c> headers are recorded per account and endpoint. Before a call whose
/// window is known to be used up, the client waits for the reset when it is within
/// <see cref="XResilienceOptions.MaxRateLimitWait"/>, and otherwise fails with <c>rate_limited</c> and
/// <see cref="ChannelError.RetryAfter"/> without calling X. 429 answers are retried by the <see cref="XResilienceHandler"/>
/// when the reset is near.
/// </para>
/// <para>Thread-safe; one instance serves every account. Tokens and texts are never logged.</para>
/// </remarks>
internal sealed class XApiClient
{
    /// <summary>The <c>tweet.fields</c> recent search asks for.</summary>
    public const string SearchTweetFields = "author_id,conversation_id,created_at,entities,in_reply_to_user_id,referenced_tweets,edit_history_tweet_ids";

    /// <summary>The <c>user.fields</c> recent search asks for.</summary>
    public const string SearchUserFields = "name,username";

    /// <summary>The rate-limit key of <c>POST /2/dm_conversations/with/:participant_id/messages</c>.</summary>
    public const string DirectMessageEndpoint = "POST /2/dm_conversations/with/:participant_id/messages";

    /// <summary>The rate-limit key of <c>POST /2/tweets</c>.</summary>
    public const string PostEndpoint = "POST /2/tweets";

    /// <summary>The rate-limit key of <c>GET /2/tweets/search/recent</c>.</summary>
    public const string SearchEndpoint = "GET /2/tweets/search/recent";

    /// <summary>The rate-limit key of <c>GET /2/dm_conversations/media/:dm_id/:media_id/:resource_id</c>.</summary>
    public const string MediaEndpoint = "GET /2/dm_conversations/media/:dm_id/:media_id/:resource_id";

    private const int MaxPostMedia = 4;

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly XOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly XTokenManager _tokens;
    private readonly Uri _baseAddress;
    private readonly FrozenDictionary<string, Account> _accounts;

    /// <summary>Initializes a new instance of the <see cref="XApiClient"/> class.</summary>
    /// <param name="httpClientFactory">Creates the channel's named client (<see cref="XDefaults.HttpClientName"/>).</param>
    /// <param name="options">The channel's options.</param>
    /// <param name="tokens">Where OAuth 2.0 token pairs are kept and renewed pairs saved.</param>
    /// <param name="time">The clock of rate-limit resets and token expiries.</param>
    /// <param name="logger">The logger.</param>
    public XApiClient(IHttpClientFactory httpClientFactory, XOptions options, IXTokenStore tokens, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _httpClientFactory = httpClientFactory;
        _options = options;
        _time = time;
        _logger = logger;
        _tokens = new XTokenManager(httpClientFactory, options, tokens, time, logger);
        _baseAddress = BaseAddress(options);
        var accounts = new Dictionary<string, Account>(StringComparer.Ordinal);
        var hasConsumer = !string.IsNullOrWhiteSpace(options.ConsumerKey) && !string.IsNullOrWhiteSpace(options.ConsumerSecret);
        foreach (var account in options.Accounts)
        {
            if (string.IsNullOrWhiteSpace(account.UserId))
            {
                continue;
            }

            if (hasConsumer && !string.IsNullOrWhiteSpace(account.AccessToken) && !string.IsNullOrWhiteSpace(account.AccessTokenSecret))
            {
                accounts[account.UserId] = new Account(account, new XOAuth1Credentials(options.ConsumerKey, options.ConsumerSecret, account.AccessToken, account.AccessTokenSecret));
            }
            else if (!string.IsNullOrWhiteSpace(account.OAuth2AccessToken) || !string.IsNullOrWhiteSpace(account.OAuth2RefreshToken))
            {
                accounts[account.UserId] = new Account(account, null);
            }
        }

        _accounts = accounts.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Gets the recorded rate-limit state (tests and diagnostics).</summary>
    internal XRateLimits RateLimits { get; } = new();

    /// <summary>Returns the API base address with a trailing slash, so that relative paths append to it.</summary>
    /// <param name="options">The channel's options.</param>
    /// <returns>The base address.</returns>
    public static Uri BaseAddress(XOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = options.ApiBaseUrl.AbsoluteUri;
        return text.EndsWith('/') ? options.ApiBaseUrl : new Uri(text + "/");
    }

    /// <summary>
    /// Tells whether an account is configured with user-context credentials: OAuth 1.0a (access token and secret, with
    /// the app's consumer key and secret) or OAuth 2.0 (an access or refresh token).
    /// </summary>
    /// <param name="accountUserId">The account's user id.</param>
    /// <returns><see langword="true"/> when the client can send from it.</returns>
    public bool Knows(string accountUserId) => accountUserId is not null && _accounts.ContainsKey(accountUserId);

    /// <summary>
    /// Sends a Direct Message: <c>POST /2/dm_conversations/with/{participantId}/messages</c> with
    /// <c>{"text":…,"attachments":[{"media_id":…}]}</c>; X answers 201 <c>{data:{dm_conversation_id, dm_event_id}}</c>.
    /// </summary>
    /// <param name="account">The sending account's user id.</param>
    /// <param name="participantId">The customer's user id.</param>
    /// <param name="text">The text, or <see langword="null"/> for media alone.</param>
    /// <param name="mediaId">One media id uploaded for DMs by the same account, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The <c>dm_event_id</c> (which the webhook echo carries), or the error.</returns>
    public async Task<XApiResult> SendDirectMessageAsync(string account, string participantId, string? text, string? mediaId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(participantId);
        const string Operation = "dm-send";
        if (string.IsNullOrEmpty(text) && string.IsNullOrEmpty(mediaId))
        {
            return new XApiResult(null, Refused("empty_message", "A Direct Message needs a text or an attachment."));
        }

        var answer = await CallAsync(
            new Call(Operation, DirectMessageEndpoint, account, HttpMethod.Post, "2/dm_conversations/with/" + Uri.EscapeDataString(participantId) + "/messages", XRequests.DirectMessage(text, mediaId)),
            cancellationToken).ConfigureAwait(false);
        if (answer.Error is { } error)
        {
            return new XApiResult(null, error);
        }

        if (!XRequests.TryReadDirectMessageAnswer(answer.Body, out var eventId, out _))
        {
            _logger.XUnreadableAnswer(Operation, account, answer.StatusCode);
            return new XApiResult(null, new ChannelError("no_message_id", "X accepted the Direct Message but returned no dm_event_id.") { StatusCode = answer.StatusCode });
        }

        return new XApiResult(eventId, null);
    }

    /// <summary>
    /// Creates a post or a public reply: <c>POST /2/tweets</c> with
    /// <c>{"text":…,"reply":{"in_reply_to_tweet_id":…},"media":{"media_ids":[…]}}</c>; X answers 201 <c>{data:{id,text}}</c>.
    /// The text is sent as given: no leading <c>@handle</c> is added (x.md §5.3).
    /// </summary>
    /// <param name="account">The posting account's user id.</param>
    /// <param name="text">The text.</param>
    /// <param name="inReplyToPostId">The post answered, or <see langword="null"/> for a new post.</param>
    /// <param name="mediaIds">Up to four media ids, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new post's id, or the error (<c>reply_not_summoned</c> with <see cref="ChannelErrorKind.PublicReplyRefused"/> when X refuses a public reply).</returns>
    public async Task<XApiResult> CreatePostAsync(string account, string text, string? inReplyToPostId, IReadOnlyList<string>? mediaIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(text);
        const string Operation = "post-create";
        if (text.Length == 0 && mediaIds is not { Count: > 0 })
        {
            return new XApiResult(null, Refused("empty_message", "A post needs a text or media."));
        }

        if (mediaIds is { Count: > MaxPostMedia })
        {
            return new XApiResult(null, Refused("too_many_media", "A post carries at most four media."));
        }

        var answer = await CallAsync(
            new Call(Operation, PostEndpoint, account, HttpMethod.Post, "2/tweets", XRequests.Post(text, inReplyToPostId, mediaIds)),
            cancellationToken).ConfigureAwait(false);
        if (answer.Error is { } error)
        {
            return new XApiResult(null, error);
        }

        if (!XRequests.TryReadPostAnswer(answer.Body, out var id))
        {
            _logger.XUnreadableAnswer(Operation, account, answer.StatusCode);
            return new XApiResult(null, new ChannelError("no_message_id", "X accepted the post but returned no id.") { StatusCode = answer.StatusCode });
        }

        return new XApiResult(id, null);
    }

    /// <summary>
    /// Searches the last seven days of public posts with the app-only bearer token: <c>GET /2/tweets/search/recent</c> with
    /// <c>query</c>, <c>since_id</c>, <c>max_results</c>, <c>tweet.fields</c> (<see cref="SearchTweetFields"/>),
    /// <c>expansions=author_id</c> and <c>user.fields=name,username</c>.
    /// </summary>
    /// <param name="query">The X search query (at most 512 characters).</param>
    /// <param name="sinceId">Only posts newer than this id, or <see langword="null"/>.</param>
    /// <param name="maxResults">How many posts to ask for; clamped to 10–100.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The raw answer body, or the error (with <see cref="ChannelError.RetryAfter"/> on a rate limit).</returns>
    public async Task<XSearchResult> SearchRecentAsync(string query, string? sinceId, int maxResults, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        const string Operation = "search-recent";
        if (string.IsNullOrWhiteSpace(_options.BearerToken))
        {
            _logger.XNotConfigured(Operation, "no BearerToken");
            return new XSearchResult(null, Refused("no_bearer_token", "Recent search needs the app-only BearerToken, which is not configured."));
        }

        var path = string.Create(
            CultureInfo.InvariantCulture,
            $"2/tweets/search/recent?query={Uri.EscapeDataString(query)}{(string.IsNullOrEmpty(sinceId) ? string.Empty : "&since_id=" + Uri.EscapeDataString(sinceId))}&max_results={Math.Clamp(maxResults, 10, 100)}&tweet.fields={Uri.EscapeDataString(SearchTweetFields)}&expansions=author_id&user.fields={Uri.EscapeDataString(SearchUserFields)}");
        var answer = await CallAsync(new Call(Operation, SearchEndpoint, null, HttpMethod.Get, path, null), cancellationToken).ConfigureAwait(false);
        return answer.Error is { } error ? new XSearchResult(null, error) : new XSearchResult(answer.Body, null);
    }

    /// <summary>
    /// Opens a Direct Message attachment with the account's user context: <c>GET /2/dm_conversations/media/{dmId}/{mediaId}/{resourceId}</c>
    /// (the three segments of the <c>ton.twitter.com</c> address). Only the headers are read; the caller streams the body
    /// and disposes the response.
    /// </summary>
    /// <param name="account">The account that took part in the conversation.</param>
    /// <param name="dmId">The DM event id.</param>
    /// <param name="mediaId">The media id.</param>
    /// <param name="resourceId">The resource key (the file name in the ton address).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The open response, or the error (<c>media_too_large</c> beyond <see cref="XOptions.MaxMediaSize"/>).</returns>
    public async Task<(HttpResponseMessage? Response, ChannelError? Error)> OpenDirectMessageMediaAsync(string account, string dmId, string mediaId, string resourceId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dmId);
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaId);
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceId);
        var path = "2/dm_conversations/media/" + Uri.EscapeDataString(dmId) + "/" + Uri.EscapeDataString(mediaId) + "/" + Uri.EscapeDataString(resourceId);
        var answer = await CallAsync(new Call("dm-media", MediaEndpoint, account, HttpMethod.Get, path, null) { Stream = true }, cancellationToken).ConfigureAwait(false);
        if (answer.Error is { } error)
        {
            return (null, error);
        }

        if (answer.Response!.Content.Headers.ContentLength > _options.MaxMediaSize)
        {
            answer.Response.Dispose();
            return (null, Refused("media_too_large", string.Create(CultureInfo.InvariantCulture, $"The attachment is larger than MaxMediaSize ({_options.MaxMediaSize} bytes).")));
        }

        return (answer.Response, null);
    }

    private static ChannelError Refused(string code, string message) => new(code, message) { Kind = ChannelErrorKind.Refused };

    private static bool IsIdempotent(HttpMethod method) => method == HttpMethod.Get || method == HttpMethod.Head;

    /// <summary>Runs one call: rate-limit check, authorisation, the request, headers recorded, a 401 renewal for OAuth 2.0, errors mapped.</summary>
    private async Task<Answer> CallAsync(Call call, CancellationToken cancellationToken)
    {
        Account? account = null;
        if (call.Account is { } user && !_accounts.TryGetValue(user, out account))
        {
            _logger.XUnknownAccount(user, call.Operation);
            return Answer.Failed(XErrors.UnknownAccount(user));
        }

        var rateKey = call.Account ?? XRateLimits.AppAccount;
        if (RateLimits.BlockedUntil(rateKey, call.Endpoint, _time.GetUtcNow()) is { } until)
        {
            var wait = until - _time.GetUtcNow();
            if (wait > _options.Resilience.MaxRateLimitWait)
            {
                _logger.XRateLimitPreempted(call.Operation, rateKey, wait);
                return Answer.Failed(XErrors.RateLimitedBeforeCall(wait));
            }

            if (wait > TimeSpan.Zero)
            {
                _logger.XRateLimitWaiting(call.Operation, rateKey, wait);
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
        }

        var client = _httpClientFactory.CreateClient(XDefaults.HttpClientName);
        string? renewedToken = null;
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(call.Method, new Uri(_baseAddress, call.PathAndQuery));
            if (call.JsonBody is { } body)
            {
                // Buffered bytes (not a stream) so that the resilience handler can send the same request again.
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            }

            string? bearer = null;
            if (account?.OAuth1 is { } oauth1)
            {
                Sign(request, oauth1);
                request.Options.Set(XResilienceHandler.ReauthorizeKey, r => Sign(r, oauth1));
            }
            else if (account is not null)
            {
                // After a 401, the token the renewal returned is used as it is, even if it expires soon.
                var token = renewedToken is null ? await _tokens.GetAccessTokenAsync(account.Options, cancellationToken).ConfigureAwait(false) : new XTokenResult(renewedToken, null);
                if (token.Error is { } tokenError)
                {
                    return Answer.Failed(tokenError);
                }

                bearer = token.AccessToken!;
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            }
            else
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.BearerToken);
            }

            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or OperationCanceledException)
            {
                _logger.XCallUnanswered(call.Operation, rateKey, ex.GetType().Name, ex);
                return Answer.Failed(Unanswered(ex, IsIdempotent(call.Method)));
            }

            RateLimits.Record(rateKey, call.Endpoint, XRateLimitHeaders.Read(response.Headers));
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                _logger.XCallSucceeded(call.Operation, rateKey, status);
                if (call.Stream)
                {
                    return new Answer(response, [], status, null);
                }

                using (response)
                {
                    return new Answer(null, await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false), status, null);
                }
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.Unauthorized && bearer is not null && attempt == 0)
                {
                    _logger.XTokenRejected(rateKey);
                    var renewed = await _tokens.RenewAfterRejectionAsync(account!.Options, bearer, cancellationToken).ConfigureAwait(false);
                    if (renewed.Error is { } renewError)
                    {
                        return Answer.Failed(renewError);
                    }

                    renewedToken = renewed.AccessToken;
                    continue;
                }

                var bytes = await ReadErrorBodyAsync(response, cancellationToken).ConfigureAwait(false);
                var retryAfter = response.StatusCode == HttpStatusCode.TooManyRequests ? XRateLimitHeaders.WaitAfterRateLimit(response, _time.GetUtcNow()) : null;
                var error = XErrors.Map(status, bytes, retryAfter);
                if (error.Kind == ChannelErrorKind.RateLimited)
                {
                    _logger.XRateLimited(call.Operation, rateKey, error.RetryAfter);
                }
                else
                {
                    _logger.XCallFailed(call.Operation, rateKey, status, error.Code, error.ErrorType, error.Kind);
                }

                return new Answer(null, bytes, status, error);
            }
        }
    }

    private void Sign(HttpRequestMessage request, XOAuth1Credentials credentials)
    {
        // JSON bodies are not part of the signature; only the query of the exact URL called is.
        request.Headers.Authorization = new AuthenticationHeaderValue(
            XOAuth1.Scheme,
            XOAuth1.CreateHeaderParameters(request.Method.Method, request.RequestUri!, null, credentials, _time));
    }

    private static async Task<byte[]> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            return [];
        }
    }

    private static ChannelError Unanswered(Exception exception, bool idempotent)
    {
        if (exception is BrokenCircuitException broken)
        {
            return XErrors.Transport("circuit_open", "X API calls are paused after repeated failures; trying again later may succeed.", broken.RetryAfter);
        }

        var surelyNotSent = exception is HttpRequestException failure && XResilienceHandler.SurelyNotSent(failure);
        if (idempotent || surelyNotSent)
        {
            return exception is HttpRequestException
                ? XErrors.Transport("transport_error", "X could not be reached; trying again later may succeed.")
                : XErrors.Transport("timeout", "X did not answer in time; trying again later may succeed.");
        }

        // A send that may have reached X: trying again could post or message twice (X has no idempotency key), so it is
        // not marked transient. The webhook echo of a sent DM or post carries its id, which settles the question.
        return new ChannelError(
            "outcome_unknown",
            "X did not answer the send (" + (exception is HttpRequestException ? "the connection failed" : "time-out") + "), so it may or may not have been sent: check the conversation before sending it again.");
    }

    /// <summary>An account with its OAuth 1.0a credentials, or <see langword="null"/> ones for OAuth 2.0.</summary>
    private sealed record Account(XAccountOptions Options, XOAuth1Credentials? OAuth1);

    /// <summary>One call: the log name, the rate-limit key, the account (or none for app-only), the request.</summary>
    private sealed record Call(string Operation, string Endpoint, string? Account, HttpMethod Method, string PathAndQuery, byte[]? JsonBody)
    {
        /// <summary>Gets a value indicating whether a successful answer is handed over open, headers read, for streaming.</summary>
        public bool Stream { get; init; }
    }

    /// <summary>The outcome of one call.</summary>
    private readonly record struct Answer(HttpResponseMessage? Response, byte[] Body, int StatusCode, ChannelError? Error)
    {
        public static Answer Failed(ChannelError error) => new(null, [], error.StatusCode ?? 0, error);
    }
}
