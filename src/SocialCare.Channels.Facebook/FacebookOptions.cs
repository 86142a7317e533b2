using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

using SocialCare.Channels.Meta;

namespace SocialCare.Channels.Facebook;

/// <summary>Settings of the Facebook channel: the Meta app, the webhook, the Graph API and the Pages it serves.</summary>
/// <remarks>Bind from configuration (the samples use <see cref="FacebookDefaults.ConfigurationSection"/>) or set in code. Invalid settings fail at start-up.</remarks>
public sealed class FacebookOptions
{
    /// <summary>Gets or sets the Meta app secret: webhook signatures are checked with it, and <c>appsecret_proof</c> is computed from it.</summary>
    [Required]
    public string AppSecret { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets the app secret being replaced, accepted for webhook signatures while Meta switches to the new one.
    /// </summary>
    /// <value>The default is <see langword="null"/>: only <see cref="AppSecret"/> is accepted.</value>
    public string? PreviousAppSecret { get; set; }

    /// <summary>Gets or sets the verify token typed into the App Dashboard; the set-up handshake must echo it.</summary>
    [Required]
    public string VerifyToken { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets the Meta app id. Messenger echoes carrying it are this app's own sends; echoes from other apps (Meta
    /// Business Suite, another bot) are recorded as messages the Page sent from elsewhere.
    /// </summary>
    /// <value>The default is <see langword="null"/>: echoes are matched by the metadata SocialCare attaches to each send.</value>
    public string? AppId { get; set; }

    /// <summary>Gets or sets the Graph API base address (an emulator's address in tests).</summary>
    /// <value>The default is <c>https://graph.facebook.com/</c>.</value>
    [Required]
    public Uri GraphApiBaseUrl { get; set; } = new(FacebookDefaults.GraphApiBaseUrl);

    /// <summary>Gets or sets the Graph API version, such as <c>v25.0</c>.</summary>
    /// <value>The default is <see cref="FacebookDefaults.GraphApiVersion"/>.</value>
    [Required]
    [RegularExpression(@"^v\d{1,3}\.\d{1,3}$")]
    public string GraphApiVersion { get; set; } = FacebookDefaults.GraphApiVersion;

    /// <summary>Gets or sets a value indicating whether every Graph call carries <c>appsecret_proof</c> (needed when the app requires it).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool UseAppSecretProof { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether replies a person writes between 24 hours and 7 days after the customer's
    /// last message are sent with the <c>HUMAN_AGENT</c> tag (the app needs that permission from Meta's App Review).
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool UseHumanAgentTag { get; set; } = true;

    /// <summary>Gets the Pages this app answers for, each with its Page access token.</summary>
    [ValidateEnumeratedItems]
    public IList<FacebookPageOptions> Pages { get; } = [];

    /// <summary>Gets the time-outs, retries and circuit breaker of Graph API calls (checked by <see cref="GraphResilienceOptions.Validate"/>).</summary>
    public GraphResilienceOptions Resilience { get; } = new();
}

/// <summary>A Facebook Page the app answers for.</summary>
public sealed class FacebookPageOptions
{
    /// <summary>Gets or sets the Page id (the <c>entry[].id</c> of its webhooks).</summary>
    [Required]
    [RegularExpression(@"^\d{1,32}$")]
    public string PageId { get; set; } = string.Empty;

    /// <summary>Gets or sets the Page access token Graph calls for this Page are made with. It is never logged.</summary>
    [Required]
    public string AccessToken { get; set; } = string.Empty;

    /// <summary>Gets or sets a display name for logs and samples.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? Name { get; set; }
}

/// <summary>Validates <see cref="FacebookOptions"/> from its attributes, without reflection.</summary>
[OptionsValidator]
internal sealed partial class FacebookOptionsValidator : IValidateOptions<FacebookOptions>;
