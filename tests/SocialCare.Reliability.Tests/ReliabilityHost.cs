using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocialCare.Abstractions;
using SocialCare.Channels.Facebook;
using SocialCare.Channels.Meta;
using SocialCare.Channels.Twitter;
using SocialCare.Channels.WhatsApp;
using SocialCare.Core;
using SocialCare.Testing;
using SocialCare.Testing.Meta;

namespace SocialCare.Reliability.Tests;

/// <summary>
/// An app as integrators build one: <c>AddSocialCare().AddFacebook(…).AddWhatsApp(…).AddX(…)</c> with secrets, each
/// channel's <c>HttpClient</c> ending in an emulator (behind the channel's real resilience handler and a
/// <see cref="NetworkRecorder"/>), logs captured by the suite at <c>Trace</c>.
/// </summary>
internal sealed class ReliabilityHost : IAsyncDisposable
{
    public const string PageId = "104857392016485";
    public const string WabaId = "118273645501928";
    public const string PhoneNumberId = "109283746501234";
    public const string XBrand = "1278843152204431360";
    public const string XConsumerKey = "rel-consumer-key";

    private readonly ServiceProvider _provider;

    public ReliabilityHost(
        SuiteLogs logs,
        TimeProvider time,
        Action<SocialCareOptions>? options = null,
        Action<ISocialCareBuilder>? socialCare = null,
        Action<GraphResilienceOptions>? graphResilience = null,
        Action<XResilienceOptions>? xResilience = null)
    {
        Time = time;
        FacebookGraph = new GraphApiEmulator(time);
        WhatsAppGraph = new GraphApiEmulator(time);
        X = new XApiEmulator(time);
        X.AddAccount(XBrand, XConsumerKey, Secrets.XConsumerSecret, Secrets.XAccessToken, Secrets.XAccessTokenSecret);
        X.AddBearer(Secrets.XBearer);
        FacebookNetwork = new NetworkRecorder(FacebookGraph);
        WhatsAppNetwork = new NetworkRecorder(WhatsAppGraph);

        var services = new ServiceCollection();
        Register(services, logs, time, options, socialCare, graphResilience, xResilience);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        // Zoe answers; offline, so that automatic assignment leaves tickets unassigned.
        ((InMemoryAgentDirectory)_provider.GetRequiredService<IAgentDirectory>()).Upsert(new Agent(new AgentId("zoe"), "Zoe") { Presence = AgentPresence.Offline });
    }

    /// <summary>Registers SocialCare with the three channels, their secrets, this host's emulators and the suite's logs.</summary>
    public void Register(
        IServiceCollection services,
        SuiteLogs logs,
        TimeProvider time,
        Action<SocialCareOptions>? options = null,
        Action<ISocialCareBuilder>? socialCare = null,
        Action<GraphResilienceOptions>? graphResilience = null,
        Action<XResilienceOptions>? xResilience = null)
    {
        services.AddSingleton(time);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs.Provider));
        services.AddSingleton<IChannelHealthSink>(Health);
        var builder = services.AddSocialCare(o => options?.Invoke(o))
            .AddFacebook(o =>
            {
                o.AppSecret = Secrets.MetaAppSecret;
                o.PreviousAppSecret = Secrets.PreviousMetaAppSecret;
                o.VerifyToken = Secrets.VerifyToken;
                o.AppId = "1398475620193847";
                o.GraphApiBaseUrl = new Uri("https://graph.test/");
                o.Pages.Add(new FacebookPageOptions { PageId = PageId, AccessToken = Secrets.PageToken, Name = "Example Shop" });
                o.Resilience.RetryBaseDelay = TimeSpan.Zero;
                graphResilience?.Invoke(o.Resilience);
            })
            .AddWhatsApp(o =>
            {
                o.AppSecret = Secrets.MetaAppSecret;
                o.PreviousAppSecret = Secrets.PreviousMetaAppSecret;
                o.VerifyToken = Secrets.VerifyToken;
                o.AccessToken = Secrets.WhatsAppToken;
                o.GraphApiBaseUrl = new Uri("https://graph.test/");
                o.PhoneNumbers.Add(new WhatsAppPhoneNumberOptions { PhoneNumberId = PhoneNumberId, Name = "Example Shop" });
                o.Resilience.RetryBaseDelay = TimeSpan.Zero;
                graphResilience?.Invoke(o.Resilience);
            })
            .AddX(o =>
            {
                o.ConsumerKey = XConsumerKey;
                o.ConsumerSecret = Secrets.XConsumerSecret;
                o.AppId = "28817342";
                o.BearerToken = Secrets.XBearer;
                o.ApiBaseUrl = new Uri("https://api.x.test/");
                o.Accounts.Add(new XAccountOptions { UserId = XBrand, ScreenName = "NimbusCare", AccessToken = Secrets.XAccessToken, AccessTokenSecret = Secrets.XAccessTokenSecret });
                o.Resilience.RetryBaseDelay = TimeSpan.Zero;
                xResilience?.Invoke(o.Resilience);
            });
        socialCare?.Invoke(builder);
        services.AddHttpClient(FacebookDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => FacebookNetwork);
        services.AddHttpClient(WhatsAppDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => WhatsAppNetwork);
        services.AddHttpClient(XDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => X);
    }

    public TimeProvider Time { get; }

    public GraphApiEmulator FacebookGraph { get; }

    public GraphApiEmulator WhatsAppGraph { get; }

    public XApiEmulator X { get; }

    public NetworkRecorder FacebookNetwork { get; }

    public NetworkRecorder WhatsAppNetwork { get; }

    public RecordingHealthSink Health { get; } = new();

    public IServiceProvider Services => _provider;

    public IWebhookPipeline Pipeline => _provider.GetRequiredService<IWebhookPipeline>();

    public ITicketEngine Engine => _provider.GetRequiredService<ITicketEngine>();

    public TicketScheduler Scheduler => _provider.GetRequiredService<TicketScheduler>();

    public ITicketStore Store => _provider.GetRequiredService<ITicketStore>();

    /// <summary>Signs a body as the channel's network does and hands it to the pipeline.</summary>
    public Task<WebhookResponse> PostAsync(ChannelId channel, byte[] body, CancellationToken cancellationToken = default)
        => Pipeline.ProcessAsync(channel, Signed(channel, body), cancellationToken);

    /// <summary>A POST to <c>/webhooks/{channel}</c> carrying the channel's signature header over <paramref name="body"/>.</summary>
    public static WebhookRequest Signed(ChannelId channel, byte[] body)
    {
        if (channel == ChannelId.X)
        {
            return WebhookRequest.Post("/webhooks/x", body, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [XDefaults.SignatureHeader] = XWebhookSigner.Sign(body, Secrets.XConsumerSecret) });
        }

        return channel == ChannelId.Facebook
            ? FacebookWebhookSigner.CreateRequest(body, Secrets.MetaAppSecret)
            : MetaWebhookSigner.CreateRequest(body, Secrets.MetaAppSecret, "/webhooks/" + channel.Value);
    }

    /// <summary>The headers a network sends with <paramref name="body"/> (for requests over HTTP).</summary>
    public static IReadOnlyDictionary<string, string> SignatureHeaders(ChannelId channel, byte[] body) => Signed(channel, body).Headers;

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}

/// <summary>Records every answer the emulated network gave: what was asked, the status, and the body.</summary>
internal sealed class NetworkRecorder : DelegatingHandler
{
    private readonly List<NetworkExchange> _exchanges = [];

    public NetworkRecorder(HttpMessageHandler network)
        : base(network)
    {
    }

    public IReadOnlyList<NetworkExchange> Exchanges
    {
        get
        {
            lock (_exchanges)
            {
                return [.. _exchanges];
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var requestBody = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var responseBody = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        lock (_exchanges)
        {
            _exchanges.Add(new NetworkExchange(request.Method.Method, request.RequestUri?.AbsolutePath ?? string.Empty, requestBody, (int)response.StatusCode, responseBody));
        }

        return response;
    }
}

/// <summary>One answer of the emulated network.</summary>
internal sealed record NetworkExchange(string Method, string Path, string RequestBody, int Status, string ResponseBody);

/// <summary>Records health and circuit changes.</summary>
internal sealed class RecordingHealthSink : IChannelHealthSink
{
    private readonly List<ChannelHealthChanged> _changes = [];
    private readonly List<ChannelCircuitChanged> _circuits = [];

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

    public IReadOnlyList<ChannelCircuitChanged> Circuits
    {
        get
        {
            lock (_circuits)
            {
                return [.. _circuits];
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

    public Task OnCircuitChangedAsync(ChannelCircuitChanged change, CancellationToken cancellationToken)
    {
        lock (_circuits)
        {
            _circuits.Add(change);
        }

        return Task.CompletedTask;
    }
}
