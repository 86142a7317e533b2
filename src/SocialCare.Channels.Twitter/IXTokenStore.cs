namespace SocialCare.Channels.Twitter;

/// <summary>An OAuth 2.0 user token pair of an X account.</summary>
/// <param name="AccessToken">The access token (lives 2 hours).</param>
/// <param name="RefreshToken">The refresh token that renews it, when the app has <c>offline.access</c>.</param>
/// <param name="ExpiresAt">When the access token expires, when known.</param>
public sealed record XTokenPair(string AccessToken, string? RefreshToken, DateTimeOffset? ExpiresAt)
{
    /// <summary>Returns the type name only, so that tokens never reach a log through <c>ToString()</c>.</summary>
    /// <returns><c>XTokenPair { … }</c> with the expiry.</returns>
    public override string ToString() => $"XTokenPair {{ ExpiresAt = {ExpiresAt:O} }}";
}

/// <summary>
/// Keeps the OAuth 2.0 tokens of X accounts across restarts. X refresh tokens are single-use: each refresh returns a new
/// pair and invalidates the old refresh token, so the new pair must be saved before it is used. Register one with
/// <c>services.AddSingleton&lt;IXTokenStore, MyStore&gt;()</c>; the default keeps tokens in memory, starting from the
/// configured ones, and loses renewed tokens on restart.
/// </summary>
/// <remarks>Implementations are thread-safe and never log the tokens.</remarks>
public interface IXTokenStore
{
    /// <summary>Returns the latest saved token pair of an account.</summary>
    /// <param name="userId">The account's user id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pair, or <see langword="null"/> when none was saved (the configured tokens are used).</returns>
    ValueTask<XTokenPair?> GetAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Saves a renewed token pair, durably, before it is used.</summary>
    /// <param name="userId">The account's user id.</param>
    /// <param name="tokens">The new pair.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the pair is saved.</returns>
    ValueTask SaveAsync(string userId, XTokenPair tokens, CancellationToken cancellationToken);
}
