using Microsoft.Extensions.DependencyInjection;
using SocialCare.Abstractions;
using SocialCare.Core;
using SocialCare.Samples.CustomChannel.Sms;
using SocialCare.Testing;

namespace SocialCare.Samples.CustomChannel.Tests;

/// <summary>SocialCare with the SMS channel registered by <c>AddSms</c>, the gateway's fake as its HTTP handler and a fake clock.</summary>
internal sealed class SmsHost : IAsyncDisposable
{
    public const string Number = "+15550100";
    public const string ApiKey = "test-api-key-7f3a";
    public const string WebhookSecret = "test-webhook-secret-5b8e21";
    public const string PreviousWebhookSecret = "old-webhook-secret-0c4d19";
    public const string WebhookPath = "/webhooks/sms";

    /// <summary>2026-11-20 18:30 UTC, the payloads' time.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 18, 30, 0, TimeSpan.Zero);

    public static readonly ChannelId Channel = new("sms");

    private readonly ServiceProvider _provider;

    public SmsHost(Action<SmsOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddLogging();
        services.AddSocialCare().AddSms(o =>
        {
            o.PhoneNumber = Number;
            o.GatewayBaseUrl = new Uri("https://api.sms.test/");
            o.ApiKey = ApiKey;
            o.WebhookSecret = WebhookSecret;
            o.PreviousWebhookSecret = PreviousWebhookSecret;
            configure?.Invoke(o);
        });
        services.AddHttpClient(SmsDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Gateway);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public SmsGatewayFake Gateway { get; } = new(ApiKey);

    public IServiceProvider Services => _provider;

    public IChannelAdapter Adapter => _provider.GetServices<IChannelAdapter>().Single(a => a.Channel == Channel);

    public IWebhookPipeline Pipeline => _provider.GetRequiredService<IWebhookPipeline>();

    public ITicketStore Store => _provider.GetRequiredService<ITicketStore>();

    /// <summary>A callback POST signed with <paramref name="secret"/> at <paramref name="at"/> (the clock's time by default).</summary>
    public WebhookRequest Signed(byte[] body, string secret = WebhookSecret, DateTimeOffset? at = null)
        => WebhookRequest.Post(WebhookPath, body, new Dictionary<string, string> { [SmsDefaults.SignatureHeader] = SmsSigner.Sign(body, secret, at ?? Time.GetUtcNow()) });

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
