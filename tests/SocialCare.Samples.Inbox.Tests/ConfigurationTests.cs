using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;

namespace SocialCare.Samples.Inbox.Tests;

/// <summary>The configuration keys: demo mode by default, the networks by configuration alone, and errors that name the key.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public void NoCredentials_MeansDemoModeWithConversations()
    {
        var settings = InboxSettings.Read(Configuration([]));
        Assert.True(settings.Demo);
        Assert.True(settings.DemoConversations);
        Assert.Null(settings.SqliteConnectionString);
    }

    [Theory]
    [InlineData("SocialCare:Facebook:AppSecret")]
    [InlineData("SocialCare:WhatsApp:AccessToken")]
    [InlineData("SocialCare:X:ConsumerSecret")]
    public void ANetworksCredential_TurnsDemoModeOff_UnlessForced(string key)
    {
        Assert.False(InboxSettings.Read(Configuration(new() { [key] = "secret", ["SocialCare:Facebook:PageId"] = "1", ["SocialCare:Facebook:PageAccessToken"] = "t", ["SocialCare:WhatsApp:PhoneNumberId"] = "2", ["SocialCare:X:BrandUserId"] = "3" })).Demo);
        Assert.True(InboxSettings.Read(Configuration(new() { [key] = "secret", [InboxSettings.DemoKey] = "true" })).Demo);
    }

    [Theory]
    [InlineData("SocialCare:Demo", "maybe", "SocialCare:Demo")]
    [InlineData("SocialCare:DemoConversations", "yes", "SocialCare:DemoConversations")]
    [InlineData("SocialCare:X:ApiBaseUrl", "api.x.com", "SocialCare:X:ApiBaseUrl")]
    [InlineData("SocialCare:Facebook:GraphApiBaseUrl", "ftp://graph.example", "SocialCare:Facebook:GraphApiBaseUrl")]
    [InlineData("SocialCare:Sqlite:ConnectionString", " ", "SocialCare:Sqlite:ConnectionString")]
    [InlineData("SocialCare:Store", "Postgres", "SocialCare:Store")]
    [InlineData("SocialCare:Store", "1", "SocialCare:Store")]
    public async Task AnUnusableValue_FailsTheBuild_NamingTheKey(string key, string value, string named)
    {
        var folder = Directory.CreateTempSubdirectory("socialcare-inbox-tests-").FullName;
        try
        {
            var builder = InboxTestApp.CreateBuilder(folder);
            builder.Configuration[key] = value;
            var error = await Assert.ThrowsAsync<InboxConfigurationException>(() => InboxApp.BuildAsync(builder));
            Assert.Contains(named, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            InboxTestApp.TryDelete(folder);
        }
    }

    [Theory]
    [InlineData("SocialCare:Facebook:PageAccessToken", "SocialCare:Facebook:PageId")]
    [InlineData("SocialCare:WhatsApp:AccessToken", "SocialCare:WhatsApp:PhoneNumberId")]
    [InlineData("SocialCare:X:ConsumerSecret", "SocialCare:X:BrandUserId")]
    public void AMissingCompanionKey_IsNamed(string key, string named)
    {
        var error = Assert.Throws<InboxConfigurationException>(() => InboxSettings.Read(Configuration(new() { [key] = "value" })));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChannelsOwnRules_FailTheStart_NamingTheKey()
    {
        var folder = Directory.CreateTempSubdirectory("socialcare-inbox-tests-").FullName;
        try
        {
            var builder = InboxTestApp.CreateBuilder(folder, new Dictionary<string, string?>
            {
                ["SocialCare:WhatsApp:AppSecret"] = "app-secret",
                ["SocialCare:WhatsApp:AccessToken"] = "token",
                ["SocialCare:WhatsApp:PhoneNumberId"] = "116450937281045",
            });
            // The channel's options are validated when the app is built (its health checks resolve the adapters) or started.
            var error = await Record.ExceptionAsync(async () =>
            {
                await using var app = await InboxApp.BuildAsync(builder);
                await app.StartAsync();
            });
            Assert.NotNull(error);
            var failures = error is OptionsValidationException one ? one.Failures : ((AggregateException)error).InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures);
            Assert.Contains(failures, f => f.Contains("SocialCare:WhatsApp:VerifyToken", StringComparison.Ordinal));
        }
        finally
        {
            InboxTestApp.TryDelete(folder);
        }
    }

    [Fact]
    public async Task RunAsync_WithAnInvalidConfiguration_Returns2()
    {
        Assert.Equal(2, await InboxApp.RunAsync(["--urls", "http://127.0.0.1:0", "--SocialCare:Demo=perhaps"]));
        Assert.Equal(2, await InboxApp.RunAsync(["--urls", "http://127.0.0.1:0", "--SocialCare:Demo=false", "--SocialCare:X:ConsumerSecret=s", "--SocialCare:X:BrandUserId=42", "--SocialCare:Sqlite:ConnectionString=Data Source=:memory:"]));
    }

    /// <summary>
    /// Demo mode off, every network configured by keys alone (here pointed at emulators the test starts, with the demo
    /// accounts' credentials): the endpoints verify real signatures with the configured secrets, and replies go to the
    /// configured API addresses.
    /// </summary>
    [Fact]
    public async Task ConfiguredNetworks_VerifyWithTheConfiguredSecrets_AndSendToTheConfiguredApis()
    {
        await using var networks = await NetworkEmulators.StartAsync();
        await using var inbox = await InboxTestApp.StartAsync(new Dictionary<string, string?>
        {
            ["SocialCare:Facebook:AppSecret"] = DemoAccounts.FacebookAppSecret,
            ["SocialCare:Facebook:VerifyToken"] = "my-facebook-verify-token",
            ["SocialCare:Facebook:PageAccessToken"] = DemoAccounts.PageAccessToken,
            ["SocialCare:Facebook:PageId"] = DemoAccounts.PageId,
            ["SocialCare:Facebook:GraphApiBaseUrl"] = networks.GraphBaseUrl.ToString(),
            ["SocialCare:WhatsApp:AppSecret"] = DemoAccounts.WhatsAppAppSecret,
            ["SocialCare:WhatsApp:VerifyToken"] = "my-whatsapp-verify-token",
            ["SocialCare:WhatsApp:AccessToken"] = DemoAccounts.WhatsAppAccessToken,
            ["SocialCare:WhatsApp:PhoneNumberId"] = DemoAccounts.PhoneNumberId,
            ["SocialCare:WhatsApp:GraphApiBaseUrl"] = networks.GraphBaseUrl.ToString(),
            ["SocialCare:X:ConsumerKey"] = DemoAccounts.XConsumerKey,
            ["SocialCare:X:ConsumerSecret"] = DemoAccounts.XConsumerSecret,
            ["SocialCare:X:AccessToken"] = DemoAccounts.XAccessToken,
            ["SocialCare:X:AccessTokenSecret"] = DemoAccounts.XAccessTokenSecret,
            ["SocialCare:X:BrandUserId"] = DemoAccounts.XBrandUserId,
            ["SocialCare:X:ApiBaseUrl"] = networks.XBaseUrl.ToString(),
        });

        var info = (await InboxTestApp.ReadJsonAsync(await inbox.Http.GetAsync("/api/info")))!;
        Assert.False((bool)info["demo"]!);
        Assert.Equal(404, (int)(await inbox.Http.GetAsync("/emulator/requests")).StatusCode);
        Assert.Equal(200, (await inbox.Driver.MetaVerifyAsync(ChannelId.Facebook, "my-facebook-verify-token", "42")).StatusCode);
        Assert.Equal(403, (await inbox.Driver.MetaVerifyAsync(ChannelId.WhatsApp, DemoAccounts.WhatsAppVerifyToken, "42")).StatusCode);

        var forger = new WebhookDriver(inbox.WebhooksHttp, new WebhookDriverOptions { WhatsAppAppSecret = DemoAccounts.FacebookAppSecret });
        Assert.Equal(401, (await forger.WhatsAppTextAsync("393471234567", "Giulia Rossi", "Ciao")).StatusCode);
        Assert.Equal(200, (await inbox.Driver.WhatsAppTextAsync("393471234567", "Giulia Rossi", "Ciao")).StatusCode);
        Assert.Equal(200, (await inbox.Driver.XDirectMessageAsync("1790000000000000102", "tombaker_uk", "Tom Baker", "Hello")).StatusCode);
        Assert.Equal(200, (await inbox.Driver.MessengerTextAsync("6241839201847562", "Hi")).StatusCode);

        foreach (var channel in new[] { "whatsapp", "x", "facebook" })
        {
            var ticket = await inbox.SingleTicketAsync(channel);
            Assert.Equal(202, (await inbox.PostAsync($"/api/tickets/{ticket.Str("id")}/replies", new { text = $"Reply on {channel}" })).Status);
        }

        await Eventually.GetAsync(() => networks.Requests.Count(r => r.Method == "POST" && r.StatusCode < 300) == 3 ? networks.Requests : null, what: "three sends");
        Assert.Single(networks.Requests, r => r.Network == NetworkEmulators.GraphNetwork && r.Path.EndsWith($"/{DemoAccounts.PhoneNumberId}/messages", StringComparison.Ordinal) && r.Body.Contains("Reply on whatsapp", StringComparison.Ordinal));
        Assert.Single(networks.Requests, r => r.Network == NetworkEmulators.XNetwork && r.Path.StartsWith("/2/dm_conversations/with/", StringComparison.Ordinal) && r.Body.Contains("Reply on x", StringComparison.Ordinal));
        Assert.Single(networks.Requests, r => r.Network == NetworkEmulators.GraphNetwork && r.Body.Contains("Reply on facebook", StringComparison.Ordinal));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
