using System.ComponentModel.DataAnnotations;

namespace SocialCare.Samples.Console.Webchat;

/// <summary>Options for the webchat channel, set through <c>builder.AddWebchat(o => …)</c>.</summary>
/// <remarks>Validated when the host starts: a missing secret or site id stops start-up with a message that names it.</remarks>
public sealed class WebchatOptions
{
    /// <summary>Gets or sets the secret the widget signs its callbacks with (HMAC-SHA256 over the raw body).</summary>
    /// <value>The default is empty, which fails validation: set it. At least 16 characters.</value>
    [Required]
    [MinLength(16)]
    public string Secret { get; set; } = string.Empty;

    /// <summary>Gets or sets the previous secret, still accepted while the widget switches to <see cref="Secret"/>.</summary>
    /// <value>The default is <see langword="null"/>: only <see cref="Secret"/> is accepted.</value>
    public string? PreviousSecret { get; set; }

    /// <summary>Gets or sets the id of the site the widget is installed on; callbacks for another site are refused.</summary>
    /// <value>The default is empty, which fails validation: set it.</value>
    [Required]
    public string SiteId { get; set; } = string.Empty;
}
