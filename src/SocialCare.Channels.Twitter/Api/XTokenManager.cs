using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Twitter;

/// <summary>What asking for an account's OAuth 2.0 access token came to: the token, or why there is none.</summary>
/// <param name="AccessToken">The access token to send.</param>
/// <param name="Error">Why there is no usable token.</param>
internal readonly record struct XTokenResult(string? AccessToken, ChannelError? Error);

/// <summary>
/// Hands out the OAuth 2.0 user access token of each account and renews it (x.md §6): a minute before
/// <see cref="XTokenPair.ExpiresAt"/>, and once after X answers 401. A renewal is <c>POST {ApiBaseUrl}2/oauth2/token</c>
/// with <c>grant_type=refresh_token&amp;refresh_token=…</c>, plus <c>client_id</c> for a public client, or
/// <c>Authorization: Basic base64(client_id:client_secret)</c> for a confidential one.
/// </summary>
/// <remarks>
/// <para>
/// X refresh tokens are single-use: the renewed pair (with its new refresh token) is saved to the
/// <see cref="IXTokenStore"/> before the new access token is used. If saving fails, the pair is kept in memory, the call
/// fails as transient, and the next call saves it again before using it.
/// </para>
/// <para>
/// Thread-safe. One renewal at a time per account (a <see cref="SemaphoreSlim"/>); callers that waited use the pair the
/// first one saved. Tokens are never logged or put in errors.
/// </para>
/// </remarks>
internal sealed class XTokenManager
{
    /// <summary>How long before expiry a token is renewed: 1 minute.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(1);

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly XOptions _options;
    private readonly IXTokenStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, XTokenPair> _unsaved = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="XTokenManager"/> class.</summary>
    /// <param name="httpClientFactory">Creates the channel's named client for the token endpoint.</param>
    /// <param name="options">The channel's options: the API address, the OAuth 2.0 client id and secret.</param>
    /// <param name="store">Where renewed pairs are kept.</param>
    /// <param name="time">The clock expiries are measured by.</param>
    /// <param name="logger">The logger.</param>
    public XTokenManager(IHttpClientFactory httpClientFactory, XOptions options, IXTokenStore store, TimeProvider time, ILogger logger)
    {
        _httpClientFactory = httpClientFactory;
        _options = options;
        _store = store;
        _time = time;
        _logger = logger;
    }

    /// <summary>Returns the account's access token, renewing it first when it expires within a minute.</summary>
    /// <param name="account">The account.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The token, or the error.</returns>
    public async Task<XTokenResult> GetAccessTokenAsync(XAccountOptions account, CancellationToken cancellationToken)
    {
        if (!_unsaved.IsEmpty && _unsaved.ContainsKey(account.UserId))
        {
            return await RenewAsync(account, rejectedToken: null, cancellationToken).ConfigureAwait(false);
        }

        var pair = await CurrentAsync(account, cancellationToken).ConfigureAwait(false);
        if (pair is null)
        {
            return new XTokenResult(null, NoToken(account.UserId));
        }

        return NeedsRenewal(pair)
            ? await RenewAsync(account, rejectedToken: null, cancellationToken).ConfigureAwait(false)
            : new XTokenResult(pair.AccessToken, null);
    }

    /// <summary>Renews the account's token after X rejected <paramref name="rejectedToken"/> with 401, unless another call already did.</summary>
    /// <param name="account">The account.</param>
    /// <param name="rejectedToken">The access token X rejected.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new token, or the error (Unauthorized when the token cannot be renewed).</returns>
    public Task<XTokenResult> RenewAfterRejectionAsync(XAccountOptions account, string rejectedToken, CancellationToken cancellationToken)
        => RenewAsync(account, rejectedToken, cancellationToken);

    private async Task<XTokenResult> RenewAsync(XAccountOptions account, string? rejectedToken, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(account.UserId, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_unsaved.TryGetValue(account.UserId, out var pending))
            {
                // Renewed earlier but not saved: save it before anything uses it.
                var saveError = await SaveAsync(account.UserId, pending, cancellationToken).ConfigureAwait(false);
                if (saveError is not null)
                {
                    return new XTokenResult(null, saveError);
                }
            }

            var pair = await CurrentAsync(account, cancellationToken).ConfigureAwait(false);
            if (pair is null)
            {
                return new XTokenResult(null, NoToken(account.UserId));
            }

            var renewed = rejectedToken is null
                ? !NeedsRenewal(pair)
                : !string.Equals(pair.AccessToken, rejectedToken, StringComparison.Ordinal) && !NeedsRenewal(pair);
            if (renewed)
            {
                // Fresh enough, or another call renewed it while this one waited.
                return new XTokenResult(pair.AccessToken, null);
            }

            var reason = string.IsNullOrEmpty(pair.RefreshToken)
                ? "no refresh token (the app needs the offline.access scope)"
                : string.IsNullOrWhiteSpace(_options.OAuth2ClientId) ? "no OAuth2ClientId is configured" : null;
            if (reason is not null)
            {
                _logger.XTokenNotRenewable(account.UserId, reason);
                return rejectedToken is null && !string.IsNullOrEmpty(pair.AccessToken)
                    ? new XTokenResult(pair.AccessToken, null) // X decides; a 401 comes back here
                    : new XTokenResult(null, new ChannelError("token_expired", $"The OAuth 2.0 token of X account {account.UserId} is rejected or expired and cannot be renewed: {reason}. Authorise the account again.")
                    {
                        Kind = ChannelErrorKind.Unauthorized,
                        StatusCode = rejectedToken is null ? null : 401,
                    });
            }

            return await RefreshAsync(account.UserId, pair, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<XTokenResult> RefreshAsync(string userId, XTokenPair pair, CancellationToken cancellationToken)
    {
        var clientId = _options.OAuth2ClientId!;
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "refresh_token"),
            new("refresh_token", pair.RefreshToken!),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(XApiClient.BaseAddress(_options), "2/oauth2/token"));
        if (string.IsNullOrEmpty(_options.OAuth2ClientSecret))
        {
            form.Add(new("client_id", clientId));
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes(clientId + ":" + _options.OAuth2ClientSecret)));
        }

        request.Content = new FormUrlEncodedContent(form);
        int status;
        byte[] body;
        try
        {
            using var response = await _httpClientFactory.CreateClient(XDefaults.HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            status = (int)response.StatusCode;
            body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return new XTokenResult(null, RefreshRefused(userId, status, body, response));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or BrokenCircuitException or OperationCanceledException)
        {
            _logger.XCallUnanswered("token-refresh", userId, ex.GetType().Name, ex);
            return new XTokenResult(null, XErrors.Transport("transport_error", "X's token endpoint could not be reached to renew the account's OAuth 2.0 token; trying again later may succeed."));
        }

        if (!XRequests.TryReadTokenAnswer(body, out var access, out var refresh, out var expiresIn))
        {
            _logger.XTokenRefreshFailed(userId, status, "no access_token");
            return new XTokenResult(null, new ChannelError("token_refresh_failed", "X's token endpoint answered without an access token.") { StatusCode = status, Kind = ChannelErrorKind.Transient, IsTransient = true });
        }

        // Rotation: the old refresh token is spent now; without a new one, keep the old (X then refuses it, which asks for re-authorisation).
        var renewed = new XTokenPair(access!, refresh ?? pair.RefreshToken, expiresIn is { } seconds ? _time.GetUtcNow().AddSeconds(seconds) : null);
        var saveError = await SaveAsync(userId, renewed, cancellationToken).ConfigureAwait(false);
        if (saveError is not null)
        {
            return new XTokenResult(null, saveError);
        }

        _logger.XTokenRefreshed(userId, renewed.ExpiresAt);
        return new XTokenResult(renewed.AccessToken, null);
    }

    private async Task<ChannelError?> SaveAsync(string userId, XTokenPair pair, CancellationToken cancellationToken)
    {
        try
        {
            await _store.SaveAsync(userId, pair, cancellationToken).ConfigureAwait(false);
            _unsaved.TryRemove(userId, out _);
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _unsaved[userId] = pair;
            throw;
        }
        catch (Exception ex)
        {
            // The old refresh token is spent: keep the new pair so that it is not lost, and save it before its first use.
            _unsaved[userId] = pair;
            _logger.XCallUnanswered("token-save", userId, ex.GetType().Name, ex);
            return new ChannelError("token_store_failed", "The renewed OAuth 2.0 token could not be saved to the token store; it will be saved before its first use. Trying again later may succeed.")
            {
                Kind = ChannelErrorKind.Transient,
                IsTransient = true,
            };
        }
    }

    private ChannelError RefreshRefused(string userId, int status, byte[] body, HttpResponseMessage response)
    {
        var problem = XProblem.TryRead(body);
        _logger.XTokenRefreshFailed(userId, status, problem?.OAuthError);
        if (status is 400 or 401)
        {
            var error = problem?.OAuthError is { Length: > 0 and <= 64 } e && e.All(c => char.IsAsciiLetter(c) || c == '_') ? e : null;
            return new ChannelError(
                "token_refresh_failed",
                string.Create(CultureInfo.InvariantCulture, $"X refused to renew the OAuth 2.0 token of account {userId}{(error is null ? string.Empty : " (" + error + ")")}: the refresh token is spent, revoked or expired, so the account must be authorised again."))
            {
                StatusCode = status,
                Kind = ChannelErrorKind.Unauthorized,
                ErrorType = error,
            };
        }

        return XErrors.Map(status, problem, status == 429 ? XRateLimitHeaders.WaitAfterRateLimit(response, _time.GetUtcNow()) : null);
    }

    private async ValueTask<XTokenPair?> CurrentAsync(XAccountOptions account, CancellationToken cancellationToken)
    {
        if (_unsaved.TryGetValue(account.UserId, out var pending))
        {
            return pending;
        }

        var stored = await _store.GetAsync(account.UserId, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            return stored;
        }

        return string.IsNullOrWhiteSpace(account.OAuth2AccessToken) && string.IsNullOrWhiteSpace(account.OAuth2RefreshToken)
            ? null
            : new XTokenPair(account.OAuth2AccessToken ?? string.Empty, account.OAuth2RefreshToken, string.IsNullOrWhiteSpace(account.OAuth2AccessToken) ? DateTimeOffset.MinValue : account.OAuth2ExpiresAt);
    }

    private bool NeedsRenewal(XTokenPair pair)
        => string.IsNullOrEmpty(pair.AccessToken) || (pair.ExpiresAt is { } expires && _time.GetUtcNow() + RenewBefore >= expires);

    private static ChannelError NoToken(string userId) => new(
        "no_token",
        $"No OAuth 2.0 token is known for X account {userId}: configure its tokens or authorise it again.")
    {
        Kind = ChannelErrorKind.Unauthorized,
    };
}
