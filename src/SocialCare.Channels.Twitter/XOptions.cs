namespace SocialCare.Channels.Twitter;

/// <summary>Settings of the X channel: the X app, the accounts it serves, sending, and keyword listening.</summary>
/// <remarks>
/// Bind from configuration (the samples use <see cref="XDefaults.ConfigurationSection"/>) or set in code. Invalid settings
/// fail at start-up with a message naming the option. Secrets and tokens are never logged.
/// </remarks>
public sealed class XOptions
{
    /// <summary>Gets or sets the app's consumer key (API key), sent with OAuth 1.0a requests.</summary>
    public string ConsumerKey { get; set; } = string.Empty;

    /// <summary>Gets or sets the app's consumer secret (API key secret): the CRC answer and webhook signatures are computed with it, and OAuth 1.0a requests signed.</summary>
    public string ConsumerSecret { get; set; } = string.Empty;

    /// <summary>Gets or sets the consumer secret being replaced, accepted for webhook signatures during a rotation.</summary>
    /// <value>The default is <see langword="null"/>: only <see cref="ConsumerSecret"/> is accepted.</value>
    public string? PreviousConsumerSecret { get; set; }

    /// <summary>Gets or sets the OAuth 2.0 client id, needed to refresh OAuth 2.0 user tokens.</summary>
    public string? OAuth2ClientId { get; set; }

    /// <summary>
    /// Gets or sets the OAuth 2.0 client secret of a confidential client: refresh calls authenticate with it, and a webhook
    /// that carries only <c>x-twitter-webhooks-signature-oauth2</c> is checked with it.
    /// </summary>
    public string? OAuth2ClientSecret { get; set; }

    /// <summary>Gets or sets the app-only bearer token, used only to read public posts (recent search for listening); never to send.</summary>
    public string? BearerToken { get; set; }

    /// <summary>Gets or sets the app's numeric id: Direct Messages whose <c>source_app_id</c> is this id were sent through this app.</summary>
    public string? AppId { get; set; }

    /// <summary>Gets or sets the X API base address (an emulator's address in tests).</summary>
    /// <value>The default is <c>https://api.x.com/</c>.</value>
    public Uri ApiBaseUrl { get; set; } = new(XDefaults.ApiBaseUrl);

    /// <summary>Gets the X accounts (the brand's handles) this app receives for and sends from.</summary>
    public IList<XAccountOptions> Accounts { get; } = [];

    /// <summary>Gets or sets a value indicating whether a retweet of a post that mentions a brand account is recorded as a customer message (opening a ticket); retweets of the brand's own posts never are.</summary>
    /// <value>The default is <see langword="false"/>: retweets open nothing.</value>
    public bool RetweetsOpenTickets { get; set; }

    /// <summary>Gets or sets a value indicating whether a quote of a brand post (without a mention) is a customer message; quotes are often complaints.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool QuotesOpenTickets { get; set; } = true;

    /// <summary>Gets or sets the largest DM media file <c>DownloadAsync</c> accepts, in bytes.</summary>
    /// <value>The default is 512 MB, X's largest DM video.</value>
    public long MaxMediaSize { get; set; } = 512L * 1024 * 1024;

    /// <summary>Gets the time-outs, retries, rate-limit waits and circuit breaker of X API calls.</summary>
    public XResilienceOptions Resilience { get; } = new();

    /// <summary>Gets the keyword and brand listening settings (recent-search polling and filtered-stream deliveries).</summary>
    public XListeningOptions Listening { get; } = new();
}

/// <summary>One X account (a brand handle) and the user-context credentials the app acts for it with.</summary>
/// <remarks>
/// Give either OAuth 1.0a tokens (<see cref="AccessToken"/> and <see cref="AccessTokenSecret"/>) or OAuth 2.0 user tokens
/// (<see cref="OAuth2AccessToken"/>, with <see cref="OAuth2RefreshToken"/> to renew it). App-only tokens can never send.
/// </remarks>
public sealed class XAccountOptions
{
    /// <summary>Gets or sets the account's numeric user id (the <c>for_user_id</c> of its webhooks).</summary>
    public string UserId { get; set; } = string.Empty;

    /// <summary>Gets or sets the account's handle, without <c>@</c>, for logs and people.</summary>
    public string? ScreenName { get; set; }

    /// <summary>Gets or sets the OAuth 1.0a access token of the account.</summary>
    public string? AccessToken { get; set; }

    /// <summary>Gets or sets the OAuth 1.0a access token secret of the account.</summary>
    public string? AccessTokenSecret { get; set; }

    /// <summary>Gets or sets the OAuth 2.0 user access token (lives 2 hours; renewed with <see cref="OAuth2RefreshToken"/>).</summary>
    public string? OAuth2AccessToken { get; set; }

    /// <summary>
    /// Gets or sets the OAuth 2.0 refresh token (scope <c>offline.access</c>). Refresh tokens are single-use: the renewed
    /// pair is handed to the registered <see cref="IXTokenStore"/>, which must persist it.
    /// </summary>
    public string? OAuth2RefreshToken { get; set; }

    /// <summary>Gets or sets when <see cref="OAuth2AccessToken"/> expires, when known; it is renewed a minute before.</summary>
    public DateTimeOffset? OAuth2ExpiresAt { get; set; }
}

/// <summary>Keyword and brand listening: public posts that do not address the brand, found by rules.</summary>
public sealed class XListeningOptions
{
    /// <summary>
    /// Gets the listening rules. Each is polled through <c>GET /2/tweets/search/recent</c> with <c>since_id</c>; their tags
    /// also name filtered-stream rules whose deliveries reach the webhook.
    /// </summary>
    public IList<XListeningRule> Rules { get; } = [];

    /// <summary>Gets or sets the brand account (user id) listened-to posts are filed under; by default the first account.</summary>
    public string? Account { get; set; }

    /// <summary>Gets or sets how often each rule is polled.</summary>
    /// <value>The default is 1 minute.</value>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the longest wait between polls after errors (waits double from <see cref="PollInterval"/>).</summary>
    /// <value>The default is 15 minutes.</value>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets or sets how many posts one poll asks for (10 to 100).</summary>
    /// <value>The default is 100.</value>
    public int MaxResults { get; set; } = 100;

    /// <summary>Gets or sets a value indicating whether recent search is polled; off, only filtered-stream deliveries are heard.</summary>
    /// <value>The default is <see langword="true"/> (polling runs when there are rules and a <see cref="XOptions.BearerToken"/>).</value>
    public bool Poll { get; set; } = true;
}

/// <summary>A listening rule: an X search query and the tag that names it.</summary>
public sealed class XListeningRule
{
    /// <summary>Gets or sets the rule's name, recorded on each post it finds (<c>MatchedRule</c>).</summary>
    public string Tag { get; set; } = string.Empty;

    /// <summary>Gets or sets the X search query, such as <c>nimbus (broken OR refund) -is:retweet</c> (at most 512 characters).</summary>
    public string Query { get; set; } = string.Empty;
}
