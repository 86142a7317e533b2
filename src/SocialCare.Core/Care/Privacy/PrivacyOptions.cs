namespace SocialCare.Core;

/// <summary>Privacy: how long message content is kept (configuration section <c>SocialCare:Privacy</c>).</summary>
public sealed class PrivacyOptions
{
    /// <summary>
    /// Gets or sets how long message content is kept: older messages lose their text, media and referral (their times,
    /// authors and delivery status stay, so the metrics stay right). Applied by a background service every
    /// <see cref="RetentionInterval"/>, or on demand with <see cref="ICustomerPrivacy.ApplyRetentionAsync"/>.
    /// </summary>
    /// <value>The default is <see langword="null"/>: content is kept until a customer is erased. At least one day.</value>
    public TimeSpan? RetainContentFor { get; set; }

    /// <summary>Gets or sets how often the retention policy runs.</summary>
    /// <value>The default is one hour. Between one minute and one day.</value>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets how many messages one store call redacts; the policy calls again until none are left.</summary>
    /// <value>The default is 500. Between 1 and 10,000.</value>
    public int RetentionBatchSize { get; set; } = 500;
}
