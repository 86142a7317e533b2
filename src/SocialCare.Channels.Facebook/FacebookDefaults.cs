using SocialCare.Channels.Meta;

namespace SocialCare.Channels.Facebook;

/// <summary>Public constants of the Facebook channel: names, default values and well-known ids.</summary>
public static class FacebookDefaults
{
    /// <summary>The configuration section the samples bind <see cref="FacebookOptions"/> from: <c>SocialCare:Facebook</c>.</summary>
    public const string ConfigurationSection = "SocialCare:Facebook";

    /// <summary>The name of the <c>HttpClient</c> the adapter sends Graph API calls with.</summary>
    public const string HttpClientName = "SocialCare.Facebook";

    /// <summary>The Graph API version used when none is configured: <c>v25.0</c>.</summary>
    public const string GraphApiVersion = MetaDefaults.GraphApiVersion;

    /// <summary>The Graph API base address used when none is configured.</summary>
    public const string GraphApiBaseUrl = MetaDefaults.GraphApiBaseUrl;

    /// <summary>The header Meta signs webhook bodies in: <c>X-Hub-Signature-256</c>.</summary>
    public const string SignatureHeader = MetaDefaults.SignatureHeader;

    /// <summary>
    /// The app id of Meta's Page Inbox (Meta Business Suite), the usual target when a bot hands a Messenger conversation
    /// to people.
    /// </summary>
    public const string PageInboxAppId = "263902037430900";

    /// <summary>The messaging tag for replies a person writes between 24 hours and 7 days after the customer's last message.</summary>
    public const string HumanAgentTag = "HUMAN_AGENT";

    /// <summary>The longest Messenger text message: 2,000 characters.</summary>
    public const int MaxMessageTextLength = 2000;

    /// <summary>The longest comment: 8,000 characters.</summary>
    public const int MaxCommentTextLength = 8000;

    /// <summary>The most quick replies one Messenger message may offer: 13.</summary>
    public const int MaxQuickReplies = 13;

    /// <summary>The longest quick-reply title: 20 characters.</summary>
    public const int MaxQuickReplyTitleLength = 20;

    /// <summary>Gets how long after the customer's last message free replies are allowed: 24 hours.</summary>
    public static TimeSpan ReplyWindow { get; } = TimeSpan.FromHours(24);

    /// <summary>Gets how long after the customer's last message a person may reply with the <c>HUMAN_AGENT</c> tag: 7 days.</summary>
    public static TimeSpan HumanAgentWindow { get; } = TimeSpan.FromDays(7);

    /// <summary>Gets how long after a comment its author may be answered privately, once: 7 days.</summary>
    public static TimeSpan PrivateReplyWindow { get; } = TimeSpan.FromDays(7);
}
