using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocialCare.Abstractions;
using SocialCare.Channels.Facebook;
using SocialCare.Core;
using SocialCare.Testing;
using SocialCare.Testing.Meta;

namespace SocialCare.Channels.Facebook.Tests;

/// <summary>SocialCare with the Facebook channel, the Graph API emulator as its HTTP handler, a fake clock and captured logs.</summary>
internal sealed class FacebookHost : IAsyncDisposable
{
    public const string AppSecret = "shared-fixture-app-secret-9a7b3c";
    public const string PreviousAppSecret = "old-app-secret-1f2e3d";
    public const string VerifyToken = "vt-3f9c2e71a8";
    public const string PageId = "104857392016485";
    public const string SecondPageId = "100928374651029";
    public const string PageToken = "EAAG-page-token-104857";
    public const string AppId = "1398475620193847";

    private readonly ServiceProvider _provider;

    public FacebookHost(Action<FacebookOptions>? configure = null, Action<IServiceCollection>? services = null, DateTimeOffset? start = null)
    {
        Time = new FakeTimeProvider(start ?? DateTimeOffset.FromUnixTimeMilliseconds(1795097141000));
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(Time);
        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        collection.AddSocialCare()
            .AddFacebook(o =>
            {
                o.AppSecret = AppSecret;
                o.PreviousAppSecret = PreviousAppSecret;
                o.VerifyToken = VerifyToken;
                o.AppId = AppId;
                o.GraphApiBaseUrl = new Uri("https://graph.test/");
                o.Pages.Add(new FacebookPageOptions { PageId = PageId, AccessToken = PageToken, Name = "Example Shop" });
                o.Pages.Add(new FacebookPageOptions { PageId = SecondPageId, AccessToken = "EAAG-page-token-100928" });
                o.Resilience.RetryBaseDelay = TimeSpan.Zero;
                configure?.Invoke(o);
            });
        collection.AddHttpClient(FacebookDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Graph);
        services?.Invoke(collection);
        _provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        // Zoe answers; offline, so that automatic assignment leaves tickets unassigned.
        ((InMemoryAgentDirectory)_provider.GetRequiredService<IAgentDirectory>()).Upsert(new Agent(new AgentId("zoe"), "Zoe") { Presence = AgentPresence.Offline });
    }

    public FakeTimeProvider Time { get; }

    public GraphApiEmulator Graph { get; } = new();

    public TestLoggerProvider Logs { get; } = new();

    public IServiceProvider Services => _provider;

    public IChannelAdapter Adapter => _provider.GetServices<IChannelAdapter>().Single(a => a.Channel == ChannelId.Facebook);

    public IChannelActions Actions => (IChannelActions)Adapter;

    public IWebhookPipeline Pipeline => _provider.GetRequiredService<IWebhookPipeline>();

    public ITicketEngine Engine => _provider.GetRequiredService<ITicketEngine>();

    public TicketScheduler Scheduler => _provider.GetRequiredService<TicketScheduler>();

    public ITicketStore Store => _provider.GetRequiredService<ITicketStore>();

    public ValueTask<WebhookResult> ReceiveAsync(byte[] body, string? secret = AppSecret)
        => Adapter.ReceiveAsync(secret is null ? WebhookRequest.Post("/webhooks/facebook", body, new Dictionary<string, string>()) : FacebookWebhookSigner.CreateRequest(body, secret), default);

    public Task<WebhookResponse> PostAsync(byte[] body)
        => Pipeline.ProcessAsync(ChannelId.Facebook, FacebookWebhookSigner.CreateRequest(body, AppSecret), default);

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
