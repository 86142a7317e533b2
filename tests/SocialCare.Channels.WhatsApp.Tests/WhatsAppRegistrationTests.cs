using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;

namespace SocialCare.Channels.WhatsApp.Tests;

public sealed class WhatsAppRegistrationTests
{
    private static void Valid(WhatsAppOptions o)
    {
        o.AppSecret = "secret";
        o.VerifyToken = "token";
        o.AccessToken = "EAAG-wa-token";
        o.PhoneNumbers.Add(new WhatsAppPhoneNumberOptions { PhoneNumberId = "109283746501234" });
    }

    private static string Fail(Action<WhatsAppOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddSocialCare().AddWhatsApp(configure);
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WhatsAppOptions>>().Value);
        return error.Message;
    }

    private static string FailValid(Action<WhatsAppOptions> change) => Fail(o =>
    {
        Valid(o);
        change(o);
    });

    // ------------------------------------------------------------------ registration

    [Fact]
    public void AddWhatsApp_Twice_RegistersOneAdapterAndAppliesBothConfigurations()
    {
        var services = new ServiceCollection();
        services.AddSocialCare().AddWhatsApp(Valid).AddWhatsApp(o => o.UseAppSecretProof = true);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var adapter = Assert.Single(provider.GetServices<IChannelAdapter>(), a => a.Channel == ChannelId.WhatsApp);
        Assert.IsAssignableFrom<IChannelActions>(adapter);
        Assert.IsAssignableFrom<ITemplateCatalog>(adapter);
        var options = provider.GetRequiredService<IOptions<WhatsAppOptions>>().Value;
        Assert.True(options.UseAppSecretProof);
        Assert.Single(options.PhoneNumbers);
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<WhatsAppOptions>));
        Assert.Single(services, d => d.ServiceType == typeof(IMediaDownloader) && Equals(d.ServiceKey, "whatsapp"));
    }

    [Fact]
    public void AddWhatsApp_NullArguments_Throw()
    {
        var builder = new ServiceCollection().AddSocialCare();

        Assert.Throws<ArgumentNullException>(() => builder.AddWhatsApp(null!));
        Assert.Throws<ArgumentNullException>(() => WhatsAppSocialCareBuilderExtensions.AddWhatsApp(null!, Valid));
    }

    [Fact]
    public void MediaDownloader_KeyedWhatsApp_IsTheAdapter()
    {
        var services = new ServiceCollection();
        services.AddSocialCare().AddWhatsApp(Valid);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var downloader = provider.GetRequiredKeyedService<IMediaDownloader>(ChannelId.WhatsApp.Value);

        Assert.Same(provider.GetServices<IChannelAdapter>().Single(a => a.Channel == ChannelId.WhatsApp), downloader);
        Assert.Null(provider.GetKeyedService<IMediaDownloader>("facebook"));
    }

    [Fact]
    public void AddWhatsApp_WithoutATimeProvider_UsesTheSystemClock()
    {
        var services = new ServiceCollection();
        services.AddSocialCare().AddWhatsApp(Valid);
        using var provider = services.BuildServiceProvider();

        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public async Task HttpClient_HasTheResilienceHandler_A503ThenA200IsOneSuccessfulSend()
    {
        var stub = new StubHandler(
            new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("<html>Service Unavailable</html>", Encoding.UTF8, "text/html") },
            new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"messaging_product":"whatsapp","contacts":[{"input":"447700900123","wa_id":"447700900123"}],"messages":[{"id":"wamid.STUB1","message_status":"accepted"}]}""", Encoding.UTF8, "application/json") });
        await using var host = new WhatsAppHost(services: s => s.AddHttpClient(WhatsAppDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => stub));
        var conversation = new ConversationRef(ChannelId.WhatsApp, new ChannelAccountId(WhatsAppHost.PhoneNumberId), new ThreadId("447700900123"), ConversationVisibility.Private);

        var result = await host.Adapter.SendAsync(new OutboundMessage(MessageId.New(host.Time.GetUtcNow()), conversation, [new TextPart("Hello")]), default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("wamid.STUB1", result.NetworkId!.Value.Value);
        Assert.Equal(2, stub.Calls);
        Assert.Empty(host.Graph.Requests);
    }

    [Fact]
    public async Task HttpClient_WithRetriesTurnedOff_PassesThe503On()
    {
        var stub = new StubHandler(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        await using var host = new WhatsAppHost(o => o.Resilience.MaxRetryAttempts = 0, services: s => s.AddHttpClient(WhatsAppDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => stub));
        var conversation = new ConversationRef(ChannelId.WhatsApp, new ChannelAccountId(WhatsAppHost.PhoneNumberId), new ThreadId("447700900123"), ConversationVisibility.Private);

        var result = await host.Adapter.SendAsync(new OutboundMessage(MessageId.New(host.Time.GetUtcNow()), conversation, [new TextPart("Hello")]), default);

        Assert.Equal(ChannelErrorKind.Transient, result.Error!.Kind);
        Assert.Equal(503, result.Error.StatusCode);
        Assert.Equal(1, stub.Calls);
    }

    [Fact]
    public void Options_BoundFromConfiguration_ReadTheNumbersAndTemplates()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SocialCare:WhatsApp:AppSecret"] = "secret",
            ["SocialCare:WhatsApp:VerifyToken"] = "token",
            ["SocialCare:WhatsApp:AccessToken"] = "EAAG-wa-token",
            ["SocialCare:WhatsApp:MaxThrottleWait"] = "00:00:00.250",
            ["SocialCare:WhatsApp:PhoneNumbers:0:PhoneNumberId"] = "109283746501234",
            ["SocialCare:WhatsApp:PhoneNumbers:0:ThroughputPerSecond"] = "1000",
            ["SocialCare:WhatsApp:PhoneNumbers:1:PhoneNumberId"] = "120394857610293",
            ["SocialCare:WhatsApp:PhoneNumbers:1:AccessToken"] = "EAAG-other",
            ["SocialCare:WhatsApp:Resilience:MaxRetryAttempts"] = "5",
            ["SocialCare:WhatsApp:Templates:0:Name"] = "order_update",
            ["SocialCare:WhatsApp:Templates:0:Language"] = "it",
            ["SocialCare:WhatsApp:Templates:0:BodyParameters"] = "2",
            ["SocialCare:WhatsApp:Templates:0:Header"] = "Image",
            ["SocialCare:WhatsApp:Templates:0:Buttons:0:SubType"] = "url",
            ["SocialCare:WhatsApp:Templates:0:Buttons:0:HasParameter"] = "true",
            ["SocialCare:WhatsApp:PhoneNumbers:1:Templates:0:Name"] = "support_hours",
            ["SocialCare:WhatsApp:PhoneNumbers:1:Templates:0:Language"] = "en_US",
        }).Build();
        var services = new ServiceCollection();
        services.AddSocialCare().AddWhatsApp(o => configuration.GetSection(WhatsAppDefaults.ConfigurationSection).Bind(o));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<WhatsAppOptions>>().Value;

        Assert.Equal(2, options.PhoneNumbers.Count);
        Assert.Equal(1000, options.PhoneNumbers[0].ThroughputPerSecond);
        Assert.Equal("EAAG-other", options.PhoneNumbers[1].AccessToken);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.MaxThrottleWait);
        Assert.Equal(5, options.Resilience.MaxRetryAttempts);
        var template = Assert.Single(options.Templates);
        Assert.Equal(("order_update", "it", 2, TemplateHeaderFormat.Image), (template.Name, template.Language, template.BodyParameters, template.Header));
        Assert.True(Assert.Single(template.Buttons).HasParameter);
        Assert.Equal("support_hours", Assert.Single(options.PhoneNumbers[1].Templates).Name);
    }

    // ------------------------------------------------------------------ options

    [Fact]
    public void Options_Defaults_AreTheDocumentedValues()
    {
        var options = new WhatsAppOptions();

        Assert.Equal("v25.0", options.GraphApiVersion);
        Assert.Equal(new Uri("https://graph.facebook.com/"), options.GraphApiBaseUrl);
        Assert.False(options.UseAppSecretProof);
        Assert.True(options.PreviewLinks);
        Assert.Equal("Options", options.ListButtonText);
        Assert.Equal(100L * 1024 * 1024, options.MaxMediaSize);
        Assert.Equal(5, options.RecipientBurst);
        Assert.Equal(TimeSpan.FromSeconds(6), options.RecipientInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), options.MaxThrottleWait);
        Assert.Empty(options.PhoneNumbers);
        Assert.Empty(options.Templates);
        Assert.Equal(80, new WhatsAppPhoneNumberOptions().ThroughputPerSecond);
        Assert.Equal(3, options.Resilience.MaxRetryAttempts);
    }

    [Fact]
    public void Options_Valid_PassValidation()
    {
        var services = new ServiceCollection();
        services.AddSocialCare().AddWhatsApp(Valid);
        using var provider = services.BuildServiceProvider();

        Assert.Equal("secret", provider.GetRequiredService<IOptions<WhatsAppOptions>>().Value.AppSecret);
    }

    [Fact]
    public void Options_MissingSecretAndToken_FailNamingTheOptions()
    {
        var message = Fail(o =>
        {
            o.AccessToken = "t";
            o.PhoneNumbers.Add(new WhatsAppPhoneNumberOptions { PhoneNumberId = "1" });
        });

        Assert.Contains("SocialCare:WhatsApp:AppSecret", message, StringComparison.Ordinal);
        Assert.Contains("SocialCare:WhatsApp:VerifyToken", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_ANumberWithoutAnyToken_FailsNamingIt()
    {
        var message = FailValid(o =>
        {
            o.AccessToken = null;
            o.PhoneNumbers.Add(new WhatsAppPhoneNumberOptions { PhoneNumberId = "120394857610293", AccessToken = "own-token" });
        });

        Assert.Contains("SocialCare:WhatsApp:PhoneNumbers:0:AccessToken", message, StringComparison.Ordinal);
        Assert.DoesNotContain("PhoneNumbers:1:AccessToken", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+15557771234")]
    [InlineData("15557771234x")]
    [InlineData("")]
    [InlineData("123456789012345678901234567890123")]
    public void Options_BadPhoneNumberId_FailsNamingIt(string id)
    {
        var message = FailValid(o => o.PhoneNumbers[0].PhoneNumberId = id);

        Assert.Contains("SocialCare:WhatsApp:PhoneNumbers:0:PhoneNumberId", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_DuplicateNumber_FailsNamingTheSecond()
    {
        var message = FailValid(o => o.PhoneNumbers.Add(new WhatsAppPhoneNumberOptions { PhoneNumberId = "109283746501234" }));

        Assert.Contains("SocialCare:WhatsApp:PhoneNumbers:1:PhoneNumberId", message, StringComparison.Ordinal);
        Assert.Contains("twice", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("25")]
    [InlineData("v25")]
    [InlineData("25.0")]
    [InlineData("v25.0/")]
    [InlineData("")]
    public void Options_BadGraphApiVersion_FailsNamingIt(string version)
    {
        var message = FailValid(o => o.GraphApiVersion = version);

        Assert.Contains("SocialCare:WhatsApp:GraphApiVersion", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("A button label too long")]
    [InlineData(" ")]
    public void Options_BadListButtonText_FailsNamingIt(string text)
    {
        var message = FailValid(o => o.ListButtonText = text);

        Assert.Contains("SocialCare:WhatsApp:ListButtonText", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_AttemptTimeoutLongerThanTotal_FailsNamingIt()
    {
        var message = FailValid(o =>
        {
            o.Resilience.AttemptTimeout = TimeSpan.FromMinutes(2);
            o.Resilience.TotalTimeout = TimeSpan.FromMinutes(1);
        });

        Assert.Contains("SocialCare:WhatsApp:Resilience:AttemptTimeout", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_OtherBadValues_FailNamingEachOption()
    {
        var message = FailValid(o =>
        {
            o.GraphApiBaseUrl = new Uri("/relative", UriKind.Relative);
            o.MaxMediaSize = 0;
            o.RecipientBurst = 0;
            o.RecipientInterval = TimeSpan.FromSeconds(-1);
            o.MaxThrottleWait = TimeSpan.FromMinutes(2);
            o.PhoneNumbers[0].ThroughputPerSecond = 0;
            o.Templates.Add(new TemplateDefinition("", "en_US"));
            o.PhoneNumbers[0].Templates.Add(new TemplateDefinition("order_update", "en_US") { HeaderParameters = 2 });
        });

        foreach (var option in new[]
        {
            "GraphApiBaseUrl", "MaxMediaSize", "RecipientBurst", "RecipientInterval", "MaxThrottleWait",
            "PhoneNumbers:0:ThroughputPerSecond", "Templates:0", "PhoneNumbers:0:Templates:0",
        })
        {
            Assert.Contains("SocialCare:WhatsApp:" + option, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Options_ErrorMessages_NeverContainTheSecrets()
    {
        var message = Fail(o =>
        {
            o.AppSecret = "s3cr3t-value";
            o.VerifyToken = "token";
            o.GraphApiVersion = "bad";
            o.PhoneNumbers.Add(new WhatsAppPhoneNumberOptions { PhoneNumberId = "x", AccessToken = "tok-value" });
        });

        Assert.DoesNotContain("s3cr3t-value", message, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-value", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_WithInvalidOptions_FailsAtStartUpNamingTheOption()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSocialCare().AddWhatsApp(o =>
        {
            Valid(o);
            o.AppSecret = string.Empty;
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("SocialCare:WhatsApp:AppSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_WithValidOptions_Starts()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSocialCare().AddWhatsApp(Valid);
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();
    }

    /// <summary>Answers the queued responses in order, the last one for ever.</summary>
    private sealed class StubHandler(params HttpResponseMessage[] responses) : HttpMessageHandler
    {
        private int _calls;

        public int Calls => _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            return Task.FromResult(responses[Math.Min(call, responses.Length) - 1]);
        }
    }
}
