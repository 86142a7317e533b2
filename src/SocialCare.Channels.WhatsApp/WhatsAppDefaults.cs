namespace SocialCare.Channels.WhatsApp;

/// <summary>Public constants of the WhatsApp channel: names, limits and default values (meta.md §7–§8).</summary>
public static class WhatsAppDefaults
{
    /// <summary>The configuration section the samples bind <c>WhatsAppOptions</c> from: <c>SocialCare:WhatsApp</c>.</summary>
    public const string ConfigurationSection = "SocialCare:WhatsApp";

    /// <summary>The name of the <c>HttpClient</c> the adapter sends Cloud API calls with.</summary>
    public const string HttpClientName = "SocialCare.WhatsApp";

    /// <summary>The Graph API version used when none is configured: <c>v25.0</c>.</summary>
    public const string GraphApiVersion = "v25.0";

    /// <summary>The Graph API base address used when none is configured.</summary>
    public const string GraphApiBaseUrl = "https://graph.facebook.com/";

    /// <summary>The webhook <c>object</c> of WhatsApp Business accounts: <c>whatsapp_business_account</c>.</summary>
    public const string WebhookObject = "whatsapp_business_account";

    /// <summary>The longest text message: 4,096 characters.</summary>
    public const int MaxTextLength = 4096;

    /// <summary>The longest media caption, and the longest body of an interactive message: 1,024 characters.</summary>
    public const int MaxCaptionLength = 1024;

    /// <summary>The most reply buttons one interactive message may offer: 3.</summary>
    public const int MaxButtons = 3;

    /// <summary>The longest reply-button title: 20 characters.</summary>
    public const int MaxButtonTitleLength = 20;

    /// <summary>The most rows an interactive list may hold, over all its sections: 10.</summary>
    public const int MaxListRows = 10;

    /// <summary>The most sections an interactive list may hold: 10.</summary>
    public const int MaxListSections = 10;

    /// <summary>The longest list-row title: 24 characters.</summary>
    public const int MaxListRowTitleLength = 24;

    /// <summary>The longest list-row description: 72 characters.</summary>
    public const int MaxListRowDescriptionLength = 72;

    /// <summary>The longest list button label and section title: 20 and 24 characters; this is the button's (20).</summary>
    public const int MaxListButtonTextLength = 20;

    /// <summary>The messages per second a registered number may send by default: 80.</summary>
    public const int DefaultThroughputPerSecond = 80;

    /// <summary>Gets how long after the customer's last message free-form messages are allowed: 24 hours.</summary>
    public static TimeSpan ReplyWindow { get; } = TimeSpan.FromHours(24);
}
