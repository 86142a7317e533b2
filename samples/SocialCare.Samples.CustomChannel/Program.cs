using SocialCare.Samples.CustomChannel.Sms;

// A web app with one custom channel: the SMS gateway's callbacks arrive at POST /webhooks/sms, signed; agents' replies go
// out through the gateway's API. Settings come from "SocialCare:Sms" (appsettings.json holds demo values that point at a
// gateway on this machine; set real ones through environment variables or user secrets, SocialCare__Sms__ApiKey=…).
// A missing or bad setting stops start-up with a message that names it.
#region snippet:custom-host
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSocialCare()
    .AddSms(o => builder.Configuration.GetSection(SmsDefaults.ConfigurationSection).Bind(o));

var app = builder.Build();
app.MapSocialCareWebhooks();
app.Run();
#endregion
