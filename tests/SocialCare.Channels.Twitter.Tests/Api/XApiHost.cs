using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocialCare.Testing;

namespace SocialCare.Channels.Twitter.Tests.Api;

/// <summary>
/// An <see cref="XApiClient"/> on the real named <c>HttpClient</c> (<see cref="XHttp.AddXHttpClient"/>, with its
/// resilience handler) whose primary handler is the <see cref="XApiEmulator"/>, a fake clock and captured logs.
/// </summary>
/// <remarks>
/// Two accounts: <see cref="Brand"/> signs with OAuth 1.0a, <see cref="OAuth2Brand"/> uses an OAuth 2.0 user token that
/// expires in two hours and can be renewed once with <see cref="Refresh"/> (to <see cref="RenewedAccess"/> and
/// <see cref="RenewedRefresh"/>). Retries wait no time (<c>RetryBaseDelay = 0</c>) unless a rate-limit reset asks, and
/// that wait runs on <see cref="Time"/>.
/// </remarks>
internal sealed class XApiHost : IDisposable
{
    public const string Brand = XFixtures.BrandId;
    public const string OAuth2Brand = "1600000000000000001";
    public const string Customer = "1402938475610284033";
    public const string ConsumerKey = "test-consumer-key";
    public const string ConsumerSecret = XFixtures.ConsumerSecret;
    public const string AccessToken = "1278843152204431360-test-access-token";
    public const string AccessTokenSecret = "test-access-token-secret";
    public const string Access = "oauth2-access-1";
    public const string Refresh = "oauth2-refresh-1";
    public const string RenewedAccess = "oauth2-access-2";
    public const string RenewedRefresh = "oauth2-refresh-2";
    public const string ClientId = "test-client-id";
    public const string AppBearer = "app-only-bearer";

    /// <summary>The fixtures' time: 2026-10-14 09:00 UTC.</summary>
    public static readonly DateTimeOffset Start = new(2026, 10, 14, 9, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _provider;

    public XApiHost(Action<XOptions>? configure = null, IXTokenStore? store = null, bool addRefreshToken = true)
    {
        Time = new FakeTimeProvider(Start);
        X = new XApiEmulator(Time) { OAuth2ClientId = ClientId };
        X.AddAccount(Brand, ConsumerKey, ConsumerSecret, AccessToken, AccessTokenSecret);
        X.AddBearer(Access, OAuth2Brand, Start.AddHours(2));
        X.AddBearer(AppBearer);
        if (addRefreshToken)
        {
            X.AddRefreshToken(Refresh, OAuth2Brand, RenewedAccess, RenewedRefresh);
        }

        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Time);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddOptions<XOptions>().Configure(o =>
        {
            o.ConsumerKey = ConsumerKey;
            o.ConsumerSecret = ConsumerSecret;
            o.OAuth2ClientId = ClientId;
            o.BearerToken = AppBearer;
            o.ApiBaseUrl = new Uri("https://api.x.test");
            o.Accounts.Add(new XAccountOptions { UserId = Brand, ScreenName = XFixtures.BrandScreenName, AccessToken = AccessToken, AccessTokenSecret = AccessTokenSecret });
            o.Accounts.Add(new XAccountOptions { UserId = OAuth2Brand, ScreenName = "NimbusHelp", OAuth2AccessToken = Access, OAuth2RefreshToken = Refresh, OAuth2ExpiresAt = Start.AddHours(2) });
            o.Resilience.RetryBaseDelay = TimeSpan.Zero;
            configure?.Invoke(o);
        });
        XHttp.AddXHttpClient(services);
        services.AddHttpClient(XDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => X);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Options = _provider.GetRequiredService<IOptions<XOptions>>().Value;
        Store = store ?? new RecordingTokenStore(new InMemoryXTokenStore(Options), X);
        Client = new XApiClient(
            _provider.GetRequiredService<IHttpClientFactory>(),
            Options,
            Store,
            Time,
            _provider.GetRequiredService<ILoggerFactory>().CreateLogger("SocialCare.Channels.Twitter.XApiClient"));
    }

    public FakeTimeProvider Time { get; }

    public XApiEmulator X { get; }

    public TestLoggerProvider Logs { get; } = new();

    public XOptions Options { get; }

    public IXTokenStore Store { get; }

    public XApiClient Client { get; }

    public IServiceProvider Services => _provider;

    /// <summary>Runs a call while moving the fake clock forward in small steps, so that waits on it (resets, back-off) pass.</summary>
    public async Task<T> AdvancingAsync<T>(Func<Task<T>> call, TimeSpan? step = null)
    {
        var task = call();
        var watch = Stopwatch.StartNew();
        while (!task.IsCompleted && watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(5);
            if (!task.IsCompleted)
            {
                Time.Advance(step ?? TimeSpan.FromMilliseconds(250));
            }
        }

        return await task.WaitAsync(TimeSpan.FromSeconds(5));
    }

    public void Dispose()
    {
        _provider.Dispose();
        X.Dispose();
        Logs.Dispose();
    }
}

/// <summary>A token store that notes, at each save, how many requests the emulator had received (to prove "saved before use").</summary>
internal sealed class RecordingTokenStore(IXTokenStore inner, XApiEmulator x) : IXTokenStore
{
    private readonly List<(string UserId, XTokenPair Pair, int RequestsSoFar)> _saves = [];

    public Func<XTokenPair, Exception?>? FailSave { get; set; }

    public IReadOnlyList<(string UserId, XTokenPair Pair, int RequestsSoFar)> Saves
    {
        get
        {
            lock (_saves)
            {
                return [.. _saves];
            }
        }
    }

    public ValueTask<XTokenPair?> GetAsync(string userId, CancellationToken cancellationToken) => inner.GetAsync(userId, cancellationToken);

    public ValueTask SaveAsync(string userId, XTokenPair tokens, CancellationToken cancellationToken)
    {
        if (FailSave?.Invoke(tokens) is { } failure)
        {
            throw failure;
        }

        lock (_saves)
        {
            _saves.Add((userId, tokens, x.Requests.Count));
        }

        return inner.SaveAsync(userId, tokens, cancellationToken);
    }
}
