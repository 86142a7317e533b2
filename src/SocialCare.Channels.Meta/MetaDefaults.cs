namespace SocialCare.Channels.Meta;

/// <summary>Names shared by Meta's products (Messenger, Page feed, WhatsApp Cloud API).</summary>
public static class MetaDefaults
{
    /// <summary>The header Meta signs webhook bodies in: <c>X-Hub-Signature-256</c>.</summary>
    public const string SignatureHeader = "X-Hub-Signature-256";

    /// <summary>The legacy SHA-1 signature header, no longer accepted on its own: <c>X-Hub-Signature</c>.</summary>
    public const string LegacySignatureHeader = "X-Hub-Signature";

    /// <summary>The Graph API base address used when none is configured.</summary>
    public const string GraphApiBaseUrl = "https://graph.facebook.com/";

    /// <summary>The Graph API version used when none is configured: <c>v25.0</c> (available until 2028-07-29).</summary>
    public const string GraphApiVersion = "v25.0";
}
