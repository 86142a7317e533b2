using System.Collections.Frozen;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocialCare.Abstractions;
using SocialCare.Channels.Meta;
using SocialCare.Core;
using SocialCare.Testing;
using SocialCare.Testing.Meta;

namespace SocialCare.Channels.WhatsApp.Tests;

/// <summary>
/// SocialCare with the WhatsApp channel: the Graph API emulator as the primary handler of its named <c>HttpClient</c>
/// (behind the real resilience handler), a fake clock at the shared fixtures' time, and captured logs.
/// </summary>
/// <remarks>
/// Two phone numbers are configured, both with <see cref="AccessToken"/>: <see cref="Fixtures.PhoneNumberId"/> (the
/// fixtures' number) and <see cref="SecondPhoneNumberId"/> (the second number of the batch fixture). Retries wait no time
/// (<c>Resilience.RetryBaseDelay = 0</c>) unless a <c>Retry-After</c> header asks, and that wait runs on <see cref="Time"/>.
/// </remarks>
internal sealed class WhatsAppHost : IAsyncDisposable
{
    public const string AppSecret = Fixtures.AppSecret;
    public const string PreviousAppSecret = "old-app-secret-1f2e3d";
    public const string VerifyToken = Fixtures.VerifyToken;
    public const string AccessToken = "EAAG-wa-token";
    public const string PhoneNumberId = Fixtures.PhoneNumberId;
    public const string SecondPhoneNumberId = "120394857610293";
    public const string WebhookPath = "/webhooks/whatsapp";

    /// <summary>The time of the shared WhatsApp fixtures (their <c>timestamp</c>, 1795199400 s: 2026-11-20 18:30 UTC).</summary>
    public static readonly DateTimeOffset FixtureTime = DateTimeOffset.FromUnixTimeSeconds(1795199400);

    private readonly ServiceProvider _provider;

    /// <param name="configure">Changes the options after the defaults above are set.</param>
    /// <param name="services">Adds or replaces services (an extra <c>DelegatingHandler</c>, a health sink instance…).</param>
    /// <param name="socialCare">Configures the SocialCare builder (<c>AddChannelHealthSink&lt;T&gt;()</c>…).</param>
    /// <param name="start">The clock's start; the fixtures' time by default.</param>
    public WhatsAppHost(
        Action<WhatsAppOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        Action<ISocialCareBuilder>? socialCare = null,
        DateTimeOffset? start = null)
    {
        Time = new FakeTimeProvider(start ?? FixtureTime);
        Graph = new GraphApiEmulator(Time);
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(Time);
        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        var builder = collection.AddSocialCare()
            .AddWhatsApp(o =>
            {
                o.AppSecret = AppSecret;
                o.PreviousAppSecret = PreviousAppSecret;
                o.VerifyToken = VerifyToken;
                o.AccessToken = AccessToken;
                o.GraphApiBaseUrl = new Uri("https://graph.test/");
                o.PhoneNumbers.Add(new WhatsAppPhoneNumberOptions { PhoneNumberId = PhoneNumberId, Name = "Example Shop" });
                o.PhoneNumbers.Add(new WhatsAppPhoneNumberOptions { PhoneNumberId = SecondPhoneNumberId, Name = "Example Shop (support)" });
                o.Resilience.RetryBaseDelay = TimeSpan.Zero;
                configure?.Invoke(o);
            });
        socialCare?.Invoke(builder);
        collection.AddHttpClient(WhatsAppDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Graph);
        services?.Invoke(collection);
        _provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        // Zoe answers; offline, so that automatic assignment leaves tickets unassigned.
        ((InMemoryAgentDirectory)_provider.GetRequiredService<IAgentDirectory>()).Upsert(new Agent(new AgentId("zoe"), "Zoe") { Presence = AgentPresence.Offline });
    }

    public FakeTimeProvider Time { get; }

    public GraphApiEmulator Graph { get; }

    public TestLoggerProvider Logs { get; } = new();

    public IServiceProvider Services => _provider;

    public IChannelAdapter Adapter => _provider.GetServices<IChannelAdapter>().Single(a => a.Channel == ChannelId.WhatsApp);

    public IChannelActions Actions => (IChannelActions)Adapter;

    public ITemplateCatalog Catalog => (ITemplateCatalog)Adapter;

    public IMediaDownloader Media => _provider.GetRequiredKeyedService<IMediaDownloader>(ChannelId.WhatsApp.Value);

    public IWebhookPipeline Pipeline => _provider.GetRequiredService<IWebhookPipeline>();

    public ITicketEngine Engine => _provider.GetRequiredService<ITicketEngine>();

    public TicketScheduler Scheduler => _provider.GetRequiredService<TicketScheduler>();

    public ITicketStore Store => _provider.GetRequiredService<ITicketStore>();

    /// <summary>Builds a POST to the WhatsApp webhook path, signed with <paramref name="secret"/> (no signature header when <see langword="null"/>).</summary>
    public static WebhookRequest Signed(byte[] body, string? secret = AppSecret)
        => secret is null
            ? WebhookRequest.Post(WebhookPath, body, FrozenDictionary<string, string>.Empty)
            : MetaWebhookSigner.CreateRequest(body, secret, WebhookPath);

    /// <summary>Builds a POST to the WhatsApp webhook path with the given <c>X-Hub-Signature-256</c> header value.</summary>
    public static WebhookRequest WithSignature(byte[] body, string header)
        => WebhookRequest.Post(WebhookPath, body, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [MetaDefaults.SignatureHeader] = header });

    /// <summary>Hands a signed body straight to the adapter.</summary>
    public ValueTask<WebhookResult> ReceiveAsync(byte[] body, string? secret = AppSecret)
        => Adapter.ReceiveAsync(Signed(body, secret), default);

    /// <summary>Hands a request straight to the adapter.</summary>
    public ValueTask<WebhookResult> ReceiveAsync(WebhookRequest request)
        => Adapter.ReceiveAsync(request, default);

    /// <summary>Posts a body signed with the app secret through the webhook pipeline, as Meta would.</summary>
    public Task<WebhookResponse> Post(byte[] body)
        => Pipeline.ProcessAsync(ChannelId.WhatsApp, Signed(body), default);

    /// <summary>Sends Meta's set-up handshake through the webhook pipeline.</summary>
    public Task<WebhookResponse> Handshake(string token, string challenge)
        => Pipeline.ProcessAsync(ChannelId.WhatsApp, MetaWebhookSigner.CreateHandshake(token, challenge, WebhookPath), default);

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
