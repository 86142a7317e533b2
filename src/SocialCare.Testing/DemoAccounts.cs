namespace SocialCare.Testing;

/// <summary>
/// The made-up accounts that <see cref="NetworkEmulators"/> knows and <see cref="WebhookDriver"/> signs with by default:
/// a Facebook Page, a WhatsApp business number and an X brand account, with their secrets and tokens.
/// </summary>
/// <remarks>
/// Configure the Facebook, WhatsApp and X channels with these values and their base addresses with
/// <see cref="NetworkEmulators.GraphBaseUrl"/> and <see cref="NetworkEmulators.XBaseUrl"/>: their sends then succeed on
/// the emulators, and the webhooks the driver sends pass their signature checks. None of them works on a real network.
/// </remarks>
public static class DemoAccounts
{
    /// <summary>The Meta app secret Facebook webhooks are signed with (<c>SocialCare:Facebook:AppSecret</c>).</summary>
    public const string FacebookAppSecret = "demo-facebook-app-secret-4f1c8a2e";

    /// <summary>The verify token of Facebook's webhook set-up handshake (<c>SocialCare:Facebook:VerifyToken</c>).</summary>
    public const string FacebookVerifyToken = "demo-facebook-verify-token";

    /// <summary>The Facebook Page's id.</summary>
    public const string PageId = "108372615940281";

    /// <summary>The Facebook Page's access token (<c>SocialCare:Facebook:PageAccessToken</c>), which the Graph emulator accepts.</summary>
    public const string PageAccessToken = "EAADemoPageAccessToken108372615940281";

    /// <summary>The Meta app secret WhatsApp webhooks are signed with (<c>SocialCare:WhatsApp:AppSecret</c>).</summary>
    public const string WhatsAppAppSecret = "demo-whatsapp-app-secret-9b27d6c3";

    /// <summary>The verify token of WhatsApp's webhook set-up handshake (<c>SocialCare:WhatsApp:VerifyToken</c>).</summary>
    public const string WhatsAppVerifyToken = "demo-whatsapp-verify-token";

    /// <summary>The WhatsApp access token (<c>SocialCare:WhatsApp:AccessToken</c>), which the Graph emulator accepts.</summary>
    public const string WhatsAppAccessToken = "EAADemoWhatsAppAccessToken116450937281";

    /// <summary>The WhatsApp business number's id (<c>SocialCare:WhatsApp:PhoneNumberId</c>).</summary>
    public const string PhoneNumberId = "116450937281045";

    /// <summary>The WhatsApp Business Account's id (the <c>entry[].id</c> of WhatsApp webhooks).</summary>
    public const string WabaId = "102938475610293";

    /// <summary>The X app's consumer key (<c>SocialCare:X:ConsumerKey</c>).</summary>
    public const string XConsumerKey = "demoXConsumerKey7Qm2Lp";

    /// <summary>The X app's consumer secret (<c>SocialCare:X:ConsumerSecret</c>): X webhooks and CRC answers are signed with it.</summary>
    public const string XConsumerSecret = "demoXConsumerSecret9Rt4Wn8Kc2Vb6Hd1";

    /// <summary>The brand account's OAuth 1.0a access token (<c>SocialCare:X:AccessToken</c>).</summary>
    public const string XAccessToken = "1790000000000000001-demoXAccessToken5Gh8";

    /// <summary>The brand account's OAuth 1.0a access token secret (<c>SocialCare:X:AccessTokenSecret</c>).</summary>
    public const string XAccessTokenSecret = "demoXAccessTokenSecret3Jk7Pw";

    /// <summary>The brand account's X user id (<c>SocialCare:X:BrandUserId</c>).</summary>
    public const string XBrandUserId = "1790000000000000001";

    /// <summary>The brand account's handle, without <c>@</c>.</summary>
    public const string XBrandScreenName = "DemoCare";
}
