using System.ComponentModel.DataAnnotations;

namespace SocialCare.Samples.CustomChannel.Sms;

#region snippet:custom-options
/// <summary>Options for the SMS channel, set through <c>builder.AddSms(o => …)</c>.</summary>
/// <remarks>Validated when the host starts: a missing or bad value stops start-up with a message that names it.</remarks>
public sealed class SmsOptions
{
    /// <summary>Gets or sets the brand's number in E.164 form (<c>+15550100</c>): messages go out from it, callbacks for another number are refused.</summary>
    /// <value>The default is empty, which fails validation: set it.</value>
    [Required]
    [RegularExpression(@"^\+[1-9][0-9]{6,14}$")]
    public string PhoneNumber { get; set; } = string.Empty;

    /// <summary>Gets or sets the gateway's API address, such as <c>https://api.sms.example/</c>.</summary>
    /// <value>The default is <see langword="null"/>, which fails validation: set it.</value>
    [Required]
    public Uri? GatewayBaseUrl { get; set; }

    /// <summary>Gets or sets the API key sends are authorised with (<c>Authorization: Bearer …</c>).</summary>
    /// <value>The default is empty, which fails validation: set it.</value>
    [Required]
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>Gets or sets the secret the gateway signs its callbacks with (HMAC-SHA256). At least 16 characters.</summary>
    /// <value>The default is empty, which fails validation: set it.</value>
    [Required]
    [MinLength(16)]
    public string WebhookSecret { get; set; } = string.Empty;

    /// <summary>Gets or sets the previous secret, still accepted while the gateway switches to <see cref="WebhookSecret"/>.</summary>
    /// <value>The default is <see langword="null"/>: only <see cref="WebhookSecret"/> is accepted.</value>
    public string? PreviousWebhookSecret { get; set; }

    /// <summary>Gets or sets how far a callback's signed timestamp may be from the clock before it is refused as a replay.</summary>
    /// <value>The default is 5 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:30", "01:00:00")]
    public TimeSpan SignatureTolerance { get; set; } = TimeSpan.FromMinutes(5);
}
#endregion
