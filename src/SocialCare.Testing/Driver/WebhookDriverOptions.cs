namespace SocialCare.Testing;

/// <summary>What a <see cref="WebhookDriver"/> signs with and where it sends: by default the <see cref="DemoAccounts"/>.</summary>
public sealed class WebhookDriverOptions
{
    /// <summary>Gets or sets the Meta app secret Facebook webhooks are signed with.</summary>
    /// <value>The default is <see cref="DemoAccounts.FacebookAppSecret"/>.</value>
    public string FacebookAppSecret { get; set; } = DemoAccounts.FacebookAppSecret;

    /// <summary>Gets or sets the Meta app secret WhatsApp webhooks are signed with.</summary>
    /// <value>The default is <see cref="DemoAccounts.WhatsAppAppSecret"/>.</value>
    public string WhatsAppAppSecret { get; set; } = DemoAccounts.WhatsAppAppSecret;

    /// <summary>Gets or sets the X consumer secret X webhooks are signed with.</summary>
    /// <value>The default is <see cref="DemoAccounts.XConsumerSecret"/>.</value>
    public string XConsumerSecret { get; set; } = DemoAccounts.XConsumerSecret;

    /// <summary>Gets or sets the Facebook Page the Messenger and comment webhooks are for.</summary>
    /// <value>The default is <see cref="DemoAccounts.PageId"/>.</value>
    public string PageId { get; set; } = DemoAccounts.PageId;

    /// <summary>Gets or sets the WhatsApp business number's id the WhatsApp webhooks are for.</summary>
    /// <value>The default is <see cref="DemoAccounts.PhoneNumberId"/>.</value>
    public string PhoneNumberId { get; set; } = DemoAccounts.PhoneNumberId;

    /// <summary>Gets or sets the WhatsApp Business Account the WhatsApp webhooks come from.</summary>
    /// <value>The default is <see cref="DemoAccounts.WabaId"/>.</value>
    public string WabaId { get; set; } = DemoAccounts.WabaId;

    /// <summary>Gets or sets the X brand account the X webhooks are for (<c>for_user_id</c>).</summary>
    /// <value>The default is <see cref="DemoAccounts.XBrandUserId"/>.</value>
    public string XBrandUserId { get; set; } = DemoAccounts.XBrandUserId;

    /// <summary>Gets or sets the X brand account's handle, without <c>@</c>, which mentions name.</summary>
    /// <value>The default is <see cref="DemoAccounts.XBrandScreenName"/>.</value>
    public string XBrandScreenName { get; set; } = DemoAccounts.XBrandScreenName;

    /// <summary>Gets or sets the Facebook webhook's path, relative to the client's base address.</summary>
    /// <value>The default is <c>facebook</c>.</value>
    public string FacebookPath { get; set; } = "facebook";

    /// <summary>Gets or sets the WhatsApp webhook's path, relative to the client's base address.</summary>
    /// <value>The default is <c>whatsapp</c>.</value>
    public string WhatsAppPath { get; set; } = "whatsapp";

    /// <summary>Gets or sets the X webhook's path, relative to the client's base address.</summary>
    /// <value>The default is <c>x</c>.</value>
    public string XPath { get; set; } = "x";

    /// <summary>Gets or sets the clock the webhooks' timestamps and the new ids come from.</summary>
    /// <value>The default is <see cref="TimeProvider.System"/>; use the application's clock when it runs on a fake one.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
