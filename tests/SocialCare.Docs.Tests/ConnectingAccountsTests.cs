using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;
using SocialCare.Channels.Facebook;
using SocialCare.Channels.Twitter;
using SocialCare.Channels.WhatsApp;
using SocialCare.Core;
using SocialCare.Docs.Tests.Snippets;
using SocialCare.Testing;
using SocialCare.Testing.Meta;

namespace SocialCare.Docs.Tests;

/// <summary>Checks docs/connecting-accounts.md: its configuration binds, lists every option, and its code works.</summary>
public sealed class ConnectingAccountsTests
{
    private const string Page = "connecting-accounts.md";

    public static TheoryData<string, Type> Sections => new()
    {
        { "SocialCare:Facebook", typeof(FacebookOptions) },
        { "SocialCare:WhatsApp", typeof(WhatsAppOptions) },
        { "SocialCare:X", typeof(XOptions) },
    };

    [Theory]
    [MemberData(nameof(Sections))]
    public void AllKeys_BindWithoutUnknownKeys(string section, Type options)
    {
        var configuration = DocConfig.Load(Page, "accounts-all-keys");
        var instance = Activator.CreateInstance(options)!;

        configuration.GetSection(section).Bind(instance, o => o.ErrorOnUnknownConfiguration = true);

        Assert.NotNull(instance);
    }

    [Theory]
    [MemberData(nameof(Sections))]
    public void AllKeys_ListEveryOption(string section, Type options)
    {
        var configuration = DocConfig.Load(Page, "accounts-all-keys");
        var documented = configuration.GetSection(section).AsEnumerable(makePathsRelative: true)
            .Where(p => p.Value is not null)
            .Select(p => IndexPattern.Replace(p.Key, ":N"))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var missing = Keys(options, prefix: string.Empty).Where(k => !documented.Contains(k)).ToList();

        Assert.True(missing.Count == 0, $"docs/{Page} lists no {section}:{string.Join($", {section}:", missing)}.");
    }

    [Fact]
    public void AllKeys_ShowTheDefaults()
    {
        var configuration = DocConfig.Load(Page, "accounts-all-keys");
        var facebook = new FacebookOptions();
        var whatsApp = new WhatsAppOptions();
        var x = new XOptions();

        var facebookBound = configuration.GetSection("SocialCare:Facebook").Get<FacebookOptions>()!;
        var whatsAppBound = configuration.GetSection("SocialCare:WhatsApp").Get<WhatsAppOptions>()!;
        var xBound = configuration.GetSection("SocialCare:X").Get<XOptions>()!;

        Assert.Equivalent(facebook.Resilience, facebookBound.Resilience);
        Assert.Equivalent(whatsApp.Resilience, whatsAppBound.Resilience);
        Assert.Equivalent(x.Resilience, xBound.Resilience);
        Assert.Equivalent(x.Listening.PollInterval, xBound.Listening.PollInterval);
        Assert.Equal(
            (facebook.GraphApiBaseUrl, facebook.GraphApiVersion, facebook.UseAppSecretProof, facebook.UseHumanAgentTag),
            (facebookBound.GraphApiBaseUrl, facebookBound.GraphApiVersion, facebookBound.UseAppSecretProof, facebookBound.UseHumanAgentTag));
        Assert.Equal(
            (whatsApp.PreviewLinks, whatsApp.ListButtonText, whatsApp.MaxMediaSize, whatsApp.RecipientBurst, whatsApp.RecipientInterval, whatsApp.MaxThrottleWait),
            (whatsAppBound.PreviewLinks, whatsAppBound.ListButtonText, whatsAppBound.MaxMediaSize, whatsAppBound.RecipientBurst, whatsAppBound.RecipientInterval, whatsAppBound.MaxThrottleWait));
        Assert.Equal(new WhatsAppPhoneNumberOptions().ThroughputPerSecond, whatsAppBound.PhoneNumbers[0].ThroughputPerSecond);
        Assert.Equal((x.ApiBaseUrl, x.RetweetsOpenTickets, x.QuotesOpenTickets, x.MaxMediaSize), (xBound.ApiBaseUrl, xBound.RetweetsOpenTickets, xBound.QuotesOpenTickets, xBound.MaxMediaSize));
        Assert.Equal(2, whatsAppBound.Templates[0].BodyParameters);
        Assert.Equal(TemplateCategory.Utility, whatsAppBound.Templates[0].Category);
    }

    [Fact]
    public async Task AllKeys_StartTheGettingStartedApp()
    {
        var configuration = DocConfig.Load(Page, "accounts-all-keys");
        await using var app = await DocsApp.StartAsync(configuration, GettingStartedSnippets.BuildApp);
        var driver = new WebhookDriver(app.Webhooks, GettingStartedTests.DriverOptions(configuration));

        var messenger = await driver.MessengerTextAsync("6241839201847562", "Hi");
        var whatsApp = await driver.WhatsAppTextAsync("447700900123", "Giulia Rossi", "Ciao");
        var x = await driver.XDirectMessageAsync("1500000000000000042", "giulia_r", "Giulia Rossi", "Hello");

        Assert.Equal((200, 200, 200), (messenger.StatusCode, whatsApp.StatusCode, x.StatusCode));
    }

    [Fact]
    public async Task InCodeSnippet_IsValid_AndRotationAcceptsBothSecrets()
    {
        var secrets = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Meta:AppSecret"] = "new-meta-app-secret",
            ["Meta:PreviousAppSecret"] = "old-meta-app-secret",
            ["Meta:VerifyToken"] = "vt-3f9c2e71a8",
            ["Meta:PageToken"] = "EAAG-page-token",
            ["Meta:SystemUserToken"] = "EAAG-system-user-token",
            ["X:ConsumerKey"] = "consumer-key",
            ["X:ConsumerSecret"] = "new-consumer-secret",
            ["X:PreviousConsumerSecret"] = "old-consumer-secret",
            ["X:AccessToken"] = "1790000000000000001-token",
            ["X:AccessTokenSecret"] = "token-secret",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        AccountsSnippets.Rotate(AccountsSnippets.AddChannelsInCode(services, secrets), secrets);
        await using var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<IOptions<FacebookOptions>>().Value;   // runs the validators
        _ = provider.GetRequiredService<IOptions<WhatsAppOptions>>().Value;
        _ = provider.GetRequiredService<IOptions<XOptions>>().Value;
        var pipeline = provider.GetRequiredService<IWebhookPipeline>();
        var time = TimeProvider.System.GetUtcNow();

        var results = new List<int>();
        foreach (var secret in new[] { "new-meta-app-secret", "old-meta-app-secret", "another-secret" })
        {
            var body = GraphApiEmulator.TextMessageWebhook("108372615940281", "6241839201847562", "m_" + secret, "Hello", time);
            var request = FacebookWebhookSigner.CreateRequest(body, secret);
            results.Add((await pipeline.ProcessAsync(ChannelId.Facebook, request, CancellationToken.None)).StatusCode);
        }

        foreach (var secret in new[] { "new-consumer-secret", "old-consumer-secret", "another-secret" })
        {
            var body = XWebhooks.DirectMessage("1790000000000000001", "18" + results.Count, "1500000000000000042", "1790000000000000001", "Hello", time, "Giulia Rossi", "giulia_r");
            var request = new WebhookRequest("POST", "/webhooks/x", body)
            {
                Headers = new Dictionary<string, string> { [XDefaults.SignatureHeader] = XWebhooks.Sign(body, secret) },
            };
            results.Add((await pipeline.ProcessAsync(ChannelId.X, request, CancellationToken.None)).StatusCode);
        }

        Assert.Equal([200, 200, 401, 200, 200, 401], results);
    }

    [Fact]
    public void WebhookTable_NamesThePathsTheEndpointsServe()
    {
        var text = Repository.ReadDoc(Page);

        foreach (var channel in new[] { ChannelId.Facebook, ChannelId.WhatsApp, ChannelId.X })
        {
            Assert.Contains($"`https://your-host{SocialCare.AspNetCore.SocialCareAspNetCoreDefaults.WebhookPrefix}/{channel}`", text, StringComparison.Ordinal);
        }

        Assert.Contains($"`{FacebookDefaults.SignatureHeader}`", text, StringComparison.Ordinal);
        Assert.Contains($"`{XDefaults.SignatureHeader}`", text, StringComparison.Ordinal);
    }

    private static readonly System.Text.RegularExpressions.Regex IndexPattern = new(@":\d+", System.Text.RegularExpressions.RegexOptions.Compiled);

    /// <summary>The configuration keys of an options type: its settable properties, nested options and list items, by reflection.</summary>
    private static IEnumerable<string> Keys(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = prefix + property.Name;
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsScalar(propertyType))
            {
                if (property.CanWrite)
                {
                    yield return name;
                }
            }
            else if (propertyType.IsGenericType && typeof(IEnumerable).IsAssignableFrom(propertyType))
            {
                var item = propertyType.GetGenericArguments()[0];
                if (item == typeof(TemplateDefinition))
                {
                    // A template's own keys are listed in the text; one example shows the shape.
                    yield return name + ":N:Name";
                }
                else if (!IsScalar(item))
                {
                    foreach (var key in Keys(item, name + ":N:"))
                    {
                        yield return key;
                    }
                }
            }
            else if (propertyType.IsClass && propertyType.Namespace?.StartsWith("SocialCare", StringComparison.Ordinal) == true)
            {
                foreach (var key in Keys(propertyType, name + ":"))
                {
                    yield return key;
                }
            }
        }
    }

    private static bool IsScalar(Type type)
        => type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(TimeSpan) || type == typeof(Uri)
            || type == typeof(DateTimeOffset) || type == typeof(decimal);
}
