using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialCare.Abstractions;
using SocialCare.Channels.Facebook;
using SocialCare.Channels.Twitter;
using SocialCare.Channels.WhatsApp;

namespace SocialCare.Docs.Tests.Snippets;

/// <summary>The code of docs/connecting-accounts.md; <c>ConnectingAccountsTests</c> runs it.</summary>
internal static class AccountsSnippets
{
    /// <summary>The three channels set in code, with secrets from configuration (a secret store, environment variables).</summary>
    public static ISocialCareBuilder AddChannelsInCode(IServiceCollection services, IConfiguration secrets)
    {
        #region snippet:accounts-in-code
        return services.AddSocialCare()
            .AddFacebook(o =>
            {
                o.AppSecret = secrets["Meta:AppSecret"]!;
                o.VerifyToken = secrets["Meta:VerifyToken"]!;
                o.Pages.Add(new FacebookPageOptions { PageId = "108372615940281", AccessToken = secrets["Meta:PageToken"]!, Name = "Acme Shop" });
            })
            .AddWhatsApp(o =>
            {
                o.AppSecret = secrets["Meta:AppSecret"]!;                 // the same Meta app may serve both
                o.VerifyToken = secrets["Meta:VerifyToken"]!;
                o.AccessToken = secrets["Meta:SystemUserToken"]!;
                o.PhoneNumbers.Add(new WhatsAppPhoneNumberOptions { PhoneNumberId = "116450937281045", Name = "Acme Shop" });
                o.Templates.Add(new TemplateDefinition("order_update", "en") { Category = TemplateCategory.Utility, BodyParameters = 2 });
            })
            .AddX(o =>
            {
                o.ConsumerKey = secrets["X:ConsumerKey"]!;
                o.ConsumerSecret = secrets["X:ConsumerSecret"]!;
                o.Accounts.Add(new XAccountOptions
                {
                    UserId = "1790000000000000001",
                    ScreenName = "AcmeCare",
                    AccessToken = secrets["X:AccessToken"],
                    AccessTokenSecret = secrets["X:AccessTokenSecret"],
                });
            });
        #endregion
    }

    /// <summary>Rotating the Meta app secret and the X consumer secret without losing webhooks.</summary>
    public static ISocialCareBuilder Rotate(ISocialCareBuilder socialCare, IConfiguration secrets)
    {
        #region snippet:accounts-rotation
        return socialCare
            .AddFacebook(o =>
            {
                o.AppSecret = secrets["Meta:AppSecret"]!;                 // the new secret
                o.PreviousAppSecret = secrets["Meta:PreviousAppSecret"];  // still accepted until you remove it
            })
            .AddX(o =>
            {
                o.ConsumerSecret = secrets["X:ConsumerSecret"]!;
                o.PreviousConsumerSecret = secrets["X:PreviousConsumerSecret"];
            });
        #endregion
    }
}
