using System.Collections.Concurrent;

namespace SocialCare.Channels.Twitter;

/// <summary>
/// The default <see cref="IXTokenStore"/>: keeps each account's latest OAuth 2.0 token pair in memory, starting from the
/// configured ones. Renewed pairs are lost on restart, and since X refresh tokens are single-use, the configured refresh
/// token no longer works after the first renewal: production hosts register a durable store.
/// </summary>
/// <remarks>Thread-safe; a singleton. Never logs the tokens.</remarks>
internal sealed class InMemoryXTokenStore : IXTokenStore
{
    private readonly ConcurrentDictionary<string, XTokenPair> _pairs = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="InMemoryXTokenStore"/> class, empty.</summary>
    public InMemoryXTokenStore()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InMemoryXTokenStore"/> class with the configured OAuth 2.0 tokens of each account.</summary>
    /// <param name="options">The channel's options; accounts with an <see cref="XAccountOptions.OAuth2AccessToken"/> are seeded.</param>
    public InMemoryXTokenStore(XOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var account in options.Accounts)
        {
            if (!string.IsNullOrWhiteSpace(account.UserId) && !string.IsNullOrWhiteSpace(account.OAuth2AccessToken))
            {
                _pairs[account.UserId] = new XTokenPair(account.OAuth2AccessToken, account.OAuth2RefreshToken, account.OAuth2ExpiresAt);
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask<XTokenPair?> GetAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return ValueTask.FromResult(_pairs.TryGetValue(userId, out var pair) ? pair : null);
    }

    /// <inheritdoc/>
    public ValueTask SaveAsync(string userId, XTokenPair tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ArgumentNullException.ThrowIfNull(tokens);
        _pairs[userId] = tokens;
        return ValueTask.CompletedTask;
    }
}
