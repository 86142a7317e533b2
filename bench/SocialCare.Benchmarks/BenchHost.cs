using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;
using SocialCare.Channels.Facebook;
using SocialCare.Channels.Twitter;
using SocialCare.Channels.WhatsApp;
using SocialCare.Core;

namespace SocialCare.Benchmarks;

/// <summary>The channels of the issue-9 benchmarks.</summary>
public enum BenchChannel
{
    /// <summary>Facebook Messenger.</summary>
    Messenger,

    /// <summary>WhatsApp Cloud API.</summary>
    WhatsApp,

    /// <summary>X, Direct Messages.</summary>
    XDm,

    /// <summary>X, a public reply to a post.</summary>
    XPost,
}

/// <summary>
/// SocialCare as an application registers it, for one channel: <c>AddSocialCare()</c> with the in-memory store and the
/// channel's real adapter (<c>AddFacebook</c>, <c>AddWhatsApp</c> or <c>AddX</c>, options as the channel tests set
/// them), the channel's named <c>HttpClient</c> with its resilience handler as registered, and only the primary handler
/// swapped for <see cref="CannedHttpHandler"/> when one is given (nothing here reaches a network).
/// </summary>
internal sealed class BenchHost : IDisposable
{
    public const string XConsumerKey = "xvz1evFS4wEEPTGEFPHBog";
    public const string XAccessToken = "1278843152204431360-AbCdEfGhIjKlMnOpQrStUvWxYz0123";
    public const string XAccessTokenSecret = "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE";
    public const string MessengerPageToken = "EAAGm0PX4ZCpsBAbench-page-token";
    public const string WhatsAppToken = "EAAGm0PX4ZCpsBAbench-system-user-token";

    private readonly ServiceProvider _provider;

    private BenchHost(ServiceProvider provider, ChannelId channel)
    {
        _provider = provider;
        Channel = channel;
        Pipeline = provider.GetRequiredService<IWebhookPipeline>();
        Adapter = provider.GetServices<IChannelAdapter>().Single(a => a.Channel == channel);
        Store = (InMemoryTicketStore)provider.GetRequiredService<ITicketStore>();
        Engine = provider.GetRequiredService<ITicketEngine>();
        Scheduler = provider.GetRequiredService<TicketScheduler>();
        Agents = (InMemoryAgentDirectory)provider.GetRequiredService<IAgentDirectory>();
    }

    public ChannelId Channel { get; }

    public IWebhookPipeline Pipeline { get; }

    public IChannelAdapter Adapter { get; }

    public InMemoryTicketStore Store { get; }

    public ITicketEngine Engine { get; }

    public TicketScheduler Scheduler { get; }

    public InMemoryAgentDirectory Agents { get; }

    /// <summary>Builds the services for <paramref name="channel"/>, resolving what an app would before its first webhook (options validated).</summary>
    public static BenchHost Create(BenchChannel channel, TimeProvider? time = null, HttpMessageHandler? network = null)
    {
        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        var socialCare = services.AddSocialCare();
        string client;
        ChannelId id;
        switch (channel)
        {
            case BenchChannel.Messenger:
                socialCare.AddFacebook(o =>
                {
                    o.AppSecret = ChannelBodies.MetaSecret;
                    o.VerifyToken = "bench-verify-token";
                    o.AppId = "1398475620193847";
                    o.GraphApiBaseUrl = new Uri("https://graph.test/");
                    o.Pages.Add(new FacebookPageOptions { PageId = ChannelBodies.PageId, AccessToken = MessengerPageToken, Name = "Example Shop" });
                });
                client = FacebookDefaults.HttpClientName;
                id = ChannelId.Facebook;
                break;
            case BenchChannel.WhatsApp:
                socialCare.AddWhatsApp(o =>
                {
                    o.AppSecret = ChannelBodies.MetaSecret;
                    o.VerifyToken = "bench-verify-token";
                    o.AccessToken = WhatsAppToken;
                    o.GraphApiBaseUrl = new Uri("https://graph.test/");
                    o.PhoneNumbers.Add(new WhatsAppPhoneNumberOptions { PhoneNumberId = ChannelBodies.PhoneNumberId, Name = "Example Shop" });
                });
                client = WhatsAppDefaults.HttpClientName;
                id = ChannelId.WhatsApp;
                break;
            case BenchChannel.XDm or BenchChannel.XPost:
                socialCare.AddX(o =>
                {
                    o.ConsumerKey = XConsumerKey;
                    o.ConsumerSecret = ChannelBodies.XSecret;
                    o.AppId = "28817342";
                    o.ApiBaseUrl = new Uri("https://api.x.test/");
                    o.Accounts.Add(new XAccountOptions { UserId = ChannelBodies.XBrand, ScreenName = "NimbusCare", AccessToken = XAccessToken, AccessTokenSecret = XAccessTokenSecret });
                });
                client = XDefaults.HttpClientName;
                id = ChannelId.X;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown channel.");
        }

        if (network is not null)
        {
            services.AddHttpClient(client).ConfigurePrimaryHttpMessageHandler(() => network);
        }

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        try
        {
            // ValidateOnStart runs when a host starts; there is no host here, so the options are read (and validated) now.
            _ = channel switch
            {
                BenchChannel.Messenger => (object)provider.GetRequiredService<IOptions<FacebookOptions>>().Value,
                BenchChannel.WhatsApp => provider.GetRequiredService<IOptions<WhatsAppOptions>>().Value,
                _ => provider.GetRequiredService<IOptions<XOptions>>().Value,
            };
            return new BenchHost(provider, id);
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    public void Dispose() => _provider.Dispose();
}
