using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Twitter.Tests;

public sealed class XRegistrationTests
{
    internal static void Valid(XOptions o)
    {
        o.ConsumerKey = "consumer-key";
        o.ConsumerSecret = XFixtures.ConsumerSecret;
        o.Accounts.Add(new XAccountOptions { UserId = XFixtures.BrandId, ScreenName = XFixtures.BrandScreenName, AccessToken = "brand-token", AccessTokenSecret = "brand-token-secret" });
    }

    private static string Fail(Action<XOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddSocialCare().AddX(configure);
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<XOptions>>().Value);
        return error.Message;
    }

    private static string FailValid(Action<XOptions> change) => Fail(o =>
    {
        Valid(o);
        change(o);
    });

    [Fact]
    public void AddX_Twice_RegistersOneAdapterAndAppliesBothConfigurations()
    {
        var services = new ServiceCollection();
        services.AddSocialCare().AddX(Valid).AddX(o => o.RetweetsOpenTickets = true);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var adapter = Assert.Single(provider.GetServices<IChannelAdapter>(), a => a.Channel == ChannelId.X);
        Assert.IsAssignableFrom<ITextMeasure>(adapter);
        Assert.Same(adapter, provider.GetRequiredKeyedService<IMediaDownloader>(ChannelId.X.Value));
        var options = provider.GetRequiredService<IOptions<XOptions>>().Value;
        Assert.True(options.RetweetsOpenTickets);
        Assert.Single(options.Accounts);
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<XOptions>));
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(XListeningService));
        Assert.NotNull(provider.GetRequiredService<IXTokenStore>());
    }

    [Fact]
    public void AddX_NullArguments_Throw()
    {
        var builder = new ServiceCollection().AddSocialCare();

        Assert.Throws<ArgumentNullException>(() => builder.AddX(null!));
        Assert.Throws<ArgumentNullException>(() => XSocialCareBuilderExtensions.AddX(null!, Valid));
    }

    [Fact]
    public void Capabilities_DmAndPublicLimitsApart()
    {
        var services = new ServiceCollection();
        services.AddSocialCare().AddX(Valid);
        using var provider = services.BuildServiceProvider();
        var capabilities = provider.GetServices<IChannelAdapter>().Single(a => a.Channel == ChannelId.X).Capabilities;

        Assert.True(capabilities.Supports(ChannelFeatures.PublicReplies | ChannelFeatures.PrivateRepliesToPublic));
        Assert.False(capabilities.Supports(ChannelFeatures.Templates));
        Assert.Equal(10_000, capabilities.MaxTextLength);
        Assert.Equal(280, capabilities.MaxPublicTextLength);
        Assert.Null(capabilities.ReplyWindow);
    }

    [Fact]
    public void Options_BindFromConfiguration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SocialCare:X:ConsumerKey"] = "ck",
            ["SocialCare:X:ConsumerSecret"] = "cs",
            ["SocialCare:X:BearerToken"] = "app-bearer",
            ["SocialCare:X:Accounts:0:UserId"] = "1278843152204431360",
            ["SocialCare:X:Accounts:0:OAuth2AccessToken"] = "user-access",
            ["SocialCare:X:Accounts:0:OAuth2RefreshToken"] = "user-refresh",
            ["SocialCare:X:OAuth2ClientId"] = "client",
            ["SocialCare:X:Listening:Rules:0:Tag"] = "brand",
            ["SocialCare:X:Listening:Rules:0:Query"] = "nimbus -is:retweet",
            ["SocialCare:X:Listening:PollInterval"] = "00:02:00",
            ["SocialCare:X:Resilience:MaxRateLimitWait"] = "00:00:03",
        }).Build();
        var services = new ServiceCollection();
        services.AddSocialCare().AddX(o => configuration.GetSection(XDefaults.ConfigurationSection).Bind(o));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<XOptions>>().Value;

        Assert.Equal("user-refresh", options.Accounts[0].OAuth2RefreshToken);
        Assert.Equal("nimbus -is:retweet", options.Listening.Rules[0].Query);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Listening.PollInterval);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Resilience.MaxRateLimitWait);
    }

    [Fact]
    public async Task InvalidOptions_StopTheHostAtStartUp_NamingTheOption()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSocialCare().AddX(o => Valid(o) /* then break it */);
        builder.Services.Configure<XOptions>(o => o.ConsumerSecret = string.Empty);
        using var host = builder.Build();

        var error = await Assert.ThrowsAnyAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("SocialCare:X:ConsumerSecret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("consumer-secret", "SocialCare:X:ConsumerSecret")]
    [InlineData("no-accounts", "SocialCare:X:Accounts")]
    [InlineData("handle-as-id", "SocialCare:X:Accounts:0:UserId")]
    [InlineData("duplicate-account", "SocialCare:X:Accounts:1:UserId")]
    [InlineData("half-oauth1", "SocialCare:X:Accounts:0:AccessToken")]
    [InlineData("no-credentials", "SocialCare:X:Accounts:0: needs user-context credentials")]
    [InlineData("no-consumer-key", "SocialCare:X:ConsumerKey")]
    [InlineData("refresh-without-client", "SocialCare:X:OAuth2ClientId")]
    [InlineData("relative-base", "SocialCare:X:ApiBaseUrl")]
    [InlineData("app-id", "SocialCare:X:AppId")]
    [InlineData("media-size", "SocialCare:X:MaxMediaSize")]
    [InlineData("retries", "SocialCare:X:Resilience:MaxRetryAttempts")]
    [InlineData("attempt-timeout", "SocialCare:X:Resilience:AttemptTimeout")]
    [InlineData("rate-wait", "SocialCare:X:Resilience:MaxRateLimitWait")]
    [InlineData("rule-tag", "SocialCare:X:Listening:Rules:0:Tag")]
    [InlineData("rule-query", "SocialCare:X:Listening:Rules:0:Query")]
    [InlineData("rule-twice", "SocialCare:X:Listening:Rules:1:Tag")]
    [InlineData("listening-account", "SocialCare:X:Listening:Account")]
    [InlineData("poll-interval", "SocialCare:X:Listening:PollInterval")]
    [InlineData("max-results", "SocialCare:X:Listening:MaxResults")]
    [InlineData("no-bearer", "SocialCare:X:BearerToken")]
    public void BadOption_FailsNamingIt(string change, string named)
    {
        var message = FailValid(o =>
        {
            switch (change)
            {
                case "consumer-secret": o.ConsumerSecret = " "; break;
                case "no-accounts": o.Accounts.Clear(); break;
                case "handle-as-id": o.Accounts[0].UserId = "@NimbusCare"; break;
                case "duplicate-account": o.Accounts.Add(new XAccountOptions { UserId = XFixtures.BrandId, OAuth2AccessToken = "t" }); break;
                case "half-oauth1": o.Accounts[0].AccessTokenSecret = null; break;
                case "no-credentials": o.Accounts[0].AccessToken = o.Accounts[0].AccessTokenSecret = null; break;
                case "no-consumer-key": o.ConsumerKey = string.Empty; break;
                case "refresh-without-client": o.Accounts[0].OAuth2RefreshToken = "r"; break;
                case "relative-base": o.ApiBaseUrl = new Uri("/x", UriKind.Relative); break;
                case "app-id": o.AppId = "our-app"; break;
                case "media-size": o.MaxMediaSize = 0; break;
                case "retries": o.Resilience.MaxRetryAttempts = 11; break;
                case "attempt-timeout": o.Resilience.AttemptTimeout = TimeSpan.FromMinutes(1); break;
                case "rate-wait": o.Resilience.MaxRateLimitWait = TimeSpan.FromHours(1); break;
                case "rule-tag": o.Listening.Rules.Add(new XListeningRule { Query = "nimbus" }); o.BearerToken = "b"; break;
                case "rule-query": o.Listening.Rules.Add(new XListeningRule { Tag = "brand", Query = new string('a', 513) }); o.BearerToken = "b"; break;
                case "rule-twice":
                    o.Listening.Rules.Add(new XListeningRule { Tag = "brand", Query = "nimbus" });
                    o.Listening.Rules.Add(new XListeningRule { Tag = "brand", Query = "nimbus help" });
                    o.BearerToken = "b";
                    break;
                case "listening-account": o.Listening.Account = "42"; break;
                case "poll-interval": o.Listening.PollInterval = TimeSpan.FromSeconds(1); break;
                case "max-results": o.Listening.MaxResults = 5; break;
                case "no-bearer": o.Listening.Rules.Add(new XListeningRule { Tag = "brand", Query = "nimbus" }); break;
            }
        });

        Assert.Contains(named, message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidOptions_WithOAuth2AccountsAndListeningWithoutPolling_Pass()
    {
        var services = new ServiceCollection();
        services.AddSocialCare().AddX(o =>
        {
            o.ConsumerSecret = "cs";
            o.OAuth2ClientId = "client";
            o.Accounts.Add(new XAccountOptions { UserId = "1", OAuth2AccessToken = "a", OAuth2RefreshToken = "r" });
            o.Listening.Rules.Add(new XListeningRule { Tag = "brand", Query = "nimbus" });
            o.Listening.Poll = false; // filtered-stream deliveries only: no bearer token needed
        });
        using var provider = services.BuildServiceProvider();

        Assert.Equal("1", provider.GetRequiredService<IOptions<XOptions>>().Value.Accounts[0].UserId);
    }

    [Fact]
    public void SecretsNeverAppearInValidationMessages()
    {
        var message = FailValid(o =>
        {
            o.Accounts[0].AccessTokenSecret = null;
            o.Accounts[0].AccessToken = "super-secret-token-value";
        });

        Assert.DoesNotContain("super-secret-token-value", message, StringComparison.Ordinal);
        Assert.DoesNotContain(XFixtures.ConsumerSecret, message, StringComparison.Ordinal);
    }
}
