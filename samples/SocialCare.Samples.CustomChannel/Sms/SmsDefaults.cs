namespace SocialCare.Samples.CustomChannel.Sms;

/// <summary>The SMS channel's names and limits.</summary>
public static class SmsDefaults
{
    /// <summary>The configuration section the sample binds <see cref="SmsOptions"/> from.</summary>
    public const string ConfigurationSection = "SocialCare:Sms";

    /// <summary>The name of the channel's <c>HttpClient</c>, for <c>IHttpClientFactory</c> (add handlers or a primary handler to it).</summary>
    public const string HttpClientName = "SocialCare.Sms";

    /// <summary>The header that carries a callback's timestamp and signature: <c>t=1795199400,v1=5f1c…</c>.</summary>
    public const string SignatureHeader = "X-Sms-Signature";

    /// <summary>The longest text the gateway sends as one message (ten concatenated SMS segments).</summary>
    public const int MaxTextLength = 1600;
}
