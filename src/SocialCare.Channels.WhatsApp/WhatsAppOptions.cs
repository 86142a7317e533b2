using SocialCare.Abstractions;
using SocialCare.Channels.Meta;

namespace SocialCare.Channels.WhatsApp;

/// <summary>Settings of the WhatsApp channel: the Meta app, the webhook, the Cloud API, and the phone numbers it serves.</summary>
/// <remarks>
/// Bind from configuration (the samples use <see cref="WhatsAppDefaults.ConfigurationSection"/>) or set in code. Invalid
/// settings fail at start-up with a message naming the option.
/// </remarks>
public sealed class WhatsAppOptions
{
    /// <summary>Gets or sets the Meta app secret: webhook signatures are checked with it.</summary>
    public string AppSecret { get; set; } = string.Empty;

    /// <summary>Gets or sets the app secret being replaced, accepted for webhook signatures while Meta switches to the new one.</summary>
    /// <value>The default is <see langword="null"/>: only <see cref="AppSecret"/> is accepted.</value>
    public string? PreviousAppSecret { get; set; }

    /// <summary>Gets or sets the verify token typed into the App Dashboard; the set-up handshake must echo it.</summary>
    public string VerifyToken { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets the access token Cloud API calls are made with (a System User token with
    /// <c>whatsapp_business_messaging</c>), unless a phone number has its own. It is never logged.
    /// </summary>
    public string? AccessToken { get; set; }

    /// <summary>Gets or sets the Graph API base address (an emulator's address in tests).</summary>
    /// <value>The default is <c>https://graph.facebook.com/</c>.</value>
    public Uri GraphApiBaseUrl { get; set; } = new(WhatsAppDefaults.GraphApiBaseUrl);

    /// <summary>Gets or sets the Graph API version, such as <c>v25.0</c>.</summary>
    /// <value>The default is <see cref="WhatsAppDefaults.GraphApiVersion"/>.</value>
    public string GraphApiVersion { get; set; } = WhatsAppDefaults.GraphApiVersion;

    /// <summary>Gets or sets a value indicating whether every call carries <c>appsecret_proof</c> (needed when the app requires it).</summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool UseAppSecretProof { get; set; }

    /// <summary>Gets or sets a value indicating whether text messages ask WhatsApp to show a preview of their first link.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool PreviewLinks { get; set; } = true;

    /// <summary>Gets or sets the label of the button that opens an interactive list (at most 20 characters).</summary>
    /// <value>The default is <c>Options</c>.</value>
    public string ListButtonText { get; set; } = "Options";

    /// <summary>Gets or sets the largest media file <c>DownloadAsync</c> accepts, in bytes; a larger one is refused without being read whole.</summary>
    /// <value>The default is 100 MB, WhatsApp's largest document.</value>
    public long MaxMediaSize { get; set; } = 100L * 1024 * 1024;

    /// <summary>
    /// Gets or sets how many messages in a row one customer may be sent before the pacer spaces them by
    /// <see cref="RecipientInterval"/> (WhatsApp's pair rate limit, error 131056, allows about one message per 6 seconds with short bursts).
    /// </summary>
    /// <value>The default is 5.</value>
    public int RecipientBurst { get; set; } = 5;

    /// <summary>Gets or sets the spacing of messages to one customer once the burst is used.</summary>
    /// <value>The default is 6 seconds.</value>
    public TimeSpan RecipientInterval { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>
    /// Gets or sets the longest a send waits for the number's throughput limiter; when the wait would be longer, the send is
    /// handed back to the outbox as rate-limited, with the time to try again.
    /// </summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan MaxThrottleWait { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the phone numbers this app sends from and receives for.</summary>
    public IList<WhatsAppPhoneNumberOptions> PhoneNumbers { get; } = [];

    /// <summary>
    /// Gets the template catalogue every phone number may send (templates belong to the WhatsApp Business account); a
    /// number's own <see cref="WhatsAppPhoneNumberOptions.Templates"/> add to it.
    /// </summary>
    public IList<TemplateDefinition> Templates { get; } = [];

    /// <summary>Gets the time-outs, retries and circuit breaker of Cloud API calls.</summary>
    public GraphResilienceOptions Resilience { get; } = new();
}

/// <summary>A WhatsApp Business phone number the app answers for.</summary>
public sealed class WhatsAppPhoneNumberOptions
{
    /// <summary>Gets or sets the phone number id (the <c>metadata.phone_number_id</c> of its webhooks; not the phone number itself).</summary>
    public string PhoneNumberId { get; set; } = string.Empty;

    /// <summary>Gets or sets the access token for this number, when it differs from <see cref="WhatsAppOptions.AccessToken"/>. It is never logged.</summary>
    public string? AccessToken { get; set; }

    /// <summary>Gets or sets a display name for logs and samples.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets how many messages per second the number may send: 80 by default, 1,000 once Meta upgrades it, 20 for numbers shared with the WhatsApp Business app.</summary>
    /// <value>The default is <see cref="WhatsAppDefaults.DefaultThroughputPerSecond"/>.</value>
    public int ThroughputPerSecond { get; set; } = WhatsAppDefaults.DefaultThroughputPerSecond;

    /// <summary>Gets the templates only this number may send, besides <see cref="WhatsAppOptions.Templates"/>.</summary>
    public IList<TemplateDefinition> Templates { get; } = [];
}
