using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SocialCare.Abstractions;
using SocialCare.Channels.Meta;
using SocialCare.Channels.WhatsApp;

namespace SocialCare.Storage.Sqlite.Tests;

/// <summary>WhatsApp Cloud API webhooks with one text message each, and the channel's test configuration.</summary>
internal static class WhatsAppWebhooks
{
    public const string AppSecret = "sqlite-test-app-secret-5c1d";
    public const string PhoneNumberId = "109283746501234";
    public const string WabaId = "118273645501928";
    public const string Path = "/webhooks/whatsapp";

    /// <summary>The body of a webhook carrying one text message from <paramref name="from"/> (digits of a phone number).</summary>
    public static byte[] Text(string wamid, string from, string text, DateTimeOffset sentAt)
    {
        var json = $$"""
            {"object":"whatsapp_business_account","entry":[{"id":"{{WabaId}}","changes":[{"value":{"messaging_product":"whatsapp",
            "metadata":{"display_phone_number":"15557771234","phone_number_id":"{{PhoneNumberId}}"},
            "contacts":[{"profile":{"name":"Customer {{from}}"},"wa_id":"{{from}}"}],
            "messages":[{"from":"{{from}}","id":"{{wamid}}","timestamp":"{{sentAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}}","type":"text","text":{"body":{{JsonSerializer.Serialize(text)}} } }]},
            "field":"messages"}]}]}
            """;
        return Encoding.UTF8.GetBytes(json.ReplaceLineEndings(string.Empty));
    }

    public static string Sign(byte[] body, string secret = AppSecret) => MetaWebhookSigner.Sign(body, secret);

    public static WebhookRequest Request(byte[] body) => MetaWebhookSigner.CreateRequest(body, AppSecret, Path);

    /// <summary>Configures the WhatsApp channel for <see cref="PhoneNumberId"/>, verifying with <paramref name="secret"/>.</summary>
    public static ISocialCareBuilder AddTestWhatsApp(this ISocialCareBuilder builder, string secret = AppSecret)
        => builder.AddWhatsApp(o =>
        {
            o.AppSecret = secret;
            o.VerifyToken = "verify-token";
            o.AccessToken = "test-access-token";
            o.GraphApiBaseUrl = new Uri("https://graph.test/");
            o.PhoneNumbers.Add(new WhatsAppPhoneNumberOptions { PhoneNumberId = PhoneNumberId, Name = "Example Shop" });
        });
}
