using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocialCare.Abstractions;
using SocialCare.Core;
using SocialCare.Testing;

namespace SocialCare.Channels.Twitter.Tests;

/// <summary>
/// SocialCare with the X channel registered by <c>AddX</c>: the <see cref="XApiEmulator"/> as the primary handler of
/// its named <c>HttpClient</c> (behind the real resilience handler), a fake clock, captured logs, and recording health
/// and activity sinks.
/// </summary>
/// <remarks>
/// Two brand accounts: <see cref="Brand"/> (the fixtures' <c>@NimbusCare</c>, OAuth 1.0a) and <see cref="SecondBrand"/>
/// (<c>@NimbusHelp</c>, an OAuth 2.0 user token). Retries wait no time unless a rate-limit reset asks.
/// </remarks>
internal sealed class XHost : IAsyncDisposable
{
    public const string Brand = XFixtures.BrandId;
    public const string SecondBrand = "1600000000000000001";
    public const string ConsumerKey = "test-consumer-key";
    public const string ConsumerSecret = XFixtures.ConsumerSecret;
    public const string AccessToken = "1278843152204431360-test-access-token";
    public const string AccessTokenSecret = "test-access-token-secret";
    public const string SecondAccess = "oauth2-access-1";
    public const string AppBearer = "app-only-bearer";
    public const string WebhookPath = "/webhooks/x";

    /// <summary>2026-10-14 09:00 UTC, the fixtures' day.</summary>
    public static readonly DateTimeOffset Start = new(2026, 10, 14, 9, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _provider;

    public XHost(Action<XOptions>? configure = null, Action<ISocialCareBuilder>? socialCare = null)
    {
        Time = new FakeTimeProvider(Start);
        X = new XApiEmulator(Time);
        X.AddAccount(Brand, ConsumerKey, ConsumerSecret, AccessToken, AccessTokenSecret);
        X.AddBearer(SecondAccess, SecondBrand, Start.AddDays(1));
        X.AddBearer(AppBearer);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddSingleton<IChannelHealthSink>(Health);
        services.AddSingleton<IActivitySink>(Activity);
        var builder = services.AddSocialCare().AddX(o =>
        {
            o.ConsumerKey = ConsumerKey;
            o.ConsumerSecret = ConsumerSecret;
            o.AppId = XFixtures.AppId;
            o.BearerToken = AppBearer;
            o.ApiBaseUrl = new Uri("https://api.x.test/");
            o.Accounts.Add(new XAccountOptions { UserId = Brand, ScreenName = XFixtures.BrandScreenName, AccessToken = AccessToken, AccessTokenSecret = AccessTokenSecret });
            o.Accounts.Add(new XAccountOptions { UserId = SecondBrand, ScreenName = "NimbusHelp", OAuth2AccessToken = SecondAccess, OAuth2ExpiresAt = Start.AddDays(1) });
            o.Resilience.RetryBaseDelay = TimeSpan.Zero;
            configure?.Invoke(o);
        });
        socialCare?.Invoke(builder);
        services.AddHttpClient(XDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => X);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        // Zoe answers; offline, so that automatic assignment leaves tickets unassigned.
        ((InMemoryAgentDirectory)_provider.GetRequiredService<IAgentDirectory>()).Upsert(new Agent(new AgentId("zoe"), "Zoe") { Presence = AgentPresence.Offline });
    }

    public FakeTimeProvider Time { get; }

    public XApiEmulator X { get; }

    public TestLoggerProvider Logs { get; } = new();

    public RecordingHealthSink Health { get; } = new();

    public RecordingActivities Activity { get; } = new();

    public IServiceProvider Services => _provider;

    public IChannelAdapter Adapter => _provider.GetServices<IChannelAdapter>().Single(a => a.Channel == ChannelId.X);

    public XAdapter XAdapter => (XAdapter)Adapter;

    public IWebhookPipeline Pipeline => _provider.GetRequiredService<IWebhookPipeline>();

    public ITicketEngine Engine => _provider.GetRequiredService<ITicketEngine>();

    public TicketScheduler Scheduler => _provider.GetRequiredService<TicketScheduler>();

    public ITicketStore Store => _provider.GetRequiredService<ITicketStore>();

    public XListeningService Listening => _provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<XListeningService>().Single();

    /// <summary>Builds a signed POST to the X webhook path.</summary>
    public static WebhookRequest Signed(byte[] body, string secret = ConsumerSecret)
        => WebhookRequest.Post(WebhookPath, body, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [XDefaults.SignatureHeader] = XWebhookSigner.Sign(body, secret) });

    /// <summary>Posts a signed body through the webhook pipeline, as X would.</summary>
    public Task<WebhookResponse> Post(byte[] body, string secret = ConsumerSecret)
        => Pipeline.ProcessAsync(ChannelId.X, Signed(body, secret), default);

    /// <summary>Posts a shared fixture, with the signature <c>_signatures.json</c> gives it.</summary>
    public Task<WebhookResponse> PostFixture(string name)
    {
        var body = XFixtures.Read(name);
        return Pipeline.ProcessAsync(
            ChannelId.X,
            WebhookRequest.Post(WebhookPath, body, new Dictionary<string, string> { [XDefaults.SignatureHeader] = XFixtures.SignatureOf(name) }),
            default);
    }

    public async Task<IReadOnlyList<Ticket>> TicketsAsync() => await Store.QueryTicketsAsync(new TicketQuery(), default);

    public Task<IReadOnlyList<Message>> MessagesAsync(TicketId id) => Store.GetMessagesAsync(id, default);

    public Task<ReplyResult> ReplyAsync(TicketId id, string text, bool isPrivate = false)
        => Engine.ReplyAsync(new ReplyRequest(id, new AgentId("zoe"), [new TextPart(text)]) { Private = isPrivate });

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}

/// <summary>Records channel health changes.</summary>
internal sealed class RecordingHealthSink : IChannelHealthSink
{
    private readonly List<ChannelHealthChanged> _changes = [];

    public IReadOnlyList<ChannelHealthChanged> Changes
    {
        get
        {
            lock (_changes)
            {
                return [.. _changes];
            }
        }
    }

    public Task OnHealthChangedAsync(ChannelHealthChanged change, CancellationToken cancellationToken)
    {
        lock (_changes)
        {
            _changes.Add(change);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Records activity notices.</summary>
internal sealed class RecordingActivities : IActivitySink
{
    private readonly List<ActivityNotice> _notices = [];

    public IReadOnlyList<ActivityNotice> Notices
    {
        get
        {
            lock (_notices)
            {
                return [.. _notices];
            }
        }
    }

    public Task OnActivityAsync(ActivityNotice notice, CancellationToken cancellationToken)
    {
        lock (_notices)
        {
            _notices.Add(notice);
        }

        return Task.CompletedTask;
    }
}
