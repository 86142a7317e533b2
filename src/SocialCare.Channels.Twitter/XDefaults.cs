namespace SocialCare.Channels.Twitter;

/// <summary>Public constants of the X channel: names, header names, limits and default values (x.md).</summary>
public static class XDefaults
{
    /// <summary>The configuration section the samples bind <c>XOptions</c> from: <c>SocialCare:X</c>.</summary>
    public const string ConfigurationSection = "SocialCare:X";

    /// <summary>The name of the <c>HttpClient</c> the adapter calls the X API with.</summary>
    public const string HttpClientName = "SocialCare.X";

    /// <summary>The X API base address used when none is configured: <c>https://api.x.com/</c>.</summary>
    public const string ApiBaseUrl = "https://api.x.com/";

    /// <summary>The header that carries the webhook signature: <c>x-twitter-webhooks-signature</c>.</summary>
    public const string SignatureHeader = "x-twitter-webhooks-signature";

    /// <summary>The header some OAuth 2.0 apps receive instead, keyed by the OAuth 2.0 client secret (x.md §2, unverified).</summary>
    public const string OAuth2SignatureHeader = "x-twitter-webhooks-signature-oauth2";

    /// <summary>The longest public post, in weighted characters as X counts them: 280.</summary>
    public const int MaxPostLength = 280;

    /// <summary>The longest Direct Message text: 10,000 characters.</summary>
    public const int MaxDirectMessageLength = 10_000;

    /// <summary>The weighted length of every link in a post, whatever its own length: 23.</summary>
    public const int UrlLength = 23;
}
