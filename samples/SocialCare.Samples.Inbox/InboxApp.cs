using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;
using SocialCare.Channels.Facebook;
using SocialCare.Channels.Twitter;
using SocialCare.Channels.WhatsApp;
using SocialCare.Core;
using SocialCare.Samples.Inbox.Api;
using SocialCare.Samples.Inbox.Demo;
using SocialCare.Samples.Inbox.Live;
using SocialCare.Testing;

namespace SocialCare.Samples.Inbox;

/// <summary>
/// The agent inbox: webhook endpoints for Facebook, WhatsApp and X, the SQLite store, the HTTP API and the inbox page;
/// in demo mode, emulated networks and scripted conversations.
/// </summary>
/// <remarks>
/// Built in two steps so that tests (and hosts) can change the configuration, the URLs and the services in between:
/// <code>
/// var builder = InboxApp.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
/// builder.Configuration["SocialCare:DemoConversations"] = "false";
/// await using var app = await InboxApp.BuildAsync(builder);
/// await app.StartAsync();
/// var baseAddress = InboxApp.GetBaseAddress(app);
/// </code>
/// </remarks>
public static class InboxApp
{
    /// <summary>The name of the default SQLite file beside the app when demo mode is off (kept between runs).</summary>
    public const string DatabaseFileName = "socialcare-inbox.db";

    /// <summary>The name of the SQLite file beside the app in demo mode (started afresh on every run, as the demo plays again).</summary>
    public const string DemoDatabaseFileName = "socialcare-inbox-demo.db";

    /// <summary>Creates the app's builder: configuration from appsettings.json beside the app, environment variables and <paramref name="args"/>.</summary>
    /// <param name="args">The command line, for example <c>--urls http://127.0.0.1:5080 --SocialCare:Demo=false</c>.</param>
    /// <returns>The builder; change it, then call <see cref="BuildAsync"/>.</returns>
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);

        // The content root is the app's folder, wherever it is started from: appsettings.json and the default database
        // are found beside the app.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        return builder;
    }

    /// <summary>Reads the configuration, registers the services (and starts the network emulators in demo mode), and maps the endpoints.</summary>
    /// <param name="builder">The builder from <see cref="CreateBuilder"/>, possibly changed.</param>
    /// <param name="cancellationToken">A token to cancel the start of the emulators.</param>
    /// <returns>The app, not started yet. The emulators, when started, are disposed with it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    /// <exception cref="InboxConfigurationException">A configuration key has a value that cannot be used; the message names it.</exception>
    public static async Task<WebApplication> BuildAsync(WebApplicationBuilder builder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = InboxSettings.Read(builder.Configuration);
        var emulators = settings.Demo ? await NetworkEmulators.StartAsync(cancellationToken: cancellationToken).ConfigureAwait(false) : null;
        try
        {
            ConfigureServices(builder, settings, emulators);
            var app = builder.Build();
            Configure(app, settings, emulators);
            return app;
        }
        catch
        {
            if (emulators is not null)
            {
                await emulators.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>Runs the inbox until it is stopped (Ctrl+C): the sample's entry point.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>0 when it stopped normally; 2 when the configuration is invalid.</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            var app = await BuildAsync(CreateBuilder(args)).ConfigureAwait(false);
            await using (app.ConfigureAwait(false))
            {
                await app.RunAsync().ConfigureAwait(false);
            }

            return 0;
        }
        catch (InboxConfigurationException ex)
        {
            foreach (var error in ex.Errors)
            {
                await Console.Error.WriteLineAsync($"Invalid configuration: {error}").ConfigureAwait(false);
            }

            return 2;
        }
        catch (Exception ex) when (ex is OptionsValidationException or AggregateException { InnerException: OptionsValidationException })
        {
            // The host reports every failed validation together, in an AggregateException when there are several.
            var failed = ex is AggregateException all ? all.InnerExceptions : [ex];
            foreach (var message in failed.SelectMany(e => e is OptionsValidationException o ? o.Failures : [e.Message]).Distinct())
            {
                await Console.Error.WriteLineAsync($"Invalid configuration: {message}").ConfigureAwait(false);
            }

            return 2;
        }
    }

    /// <summary>Gets the address the started app listens on, with a wildcard host replaced by <c>127.0.0.1</c> (for a browser or a client to use).</summary>
    /// <param name="app">The started app.</param>
    /// <returns>The address, ending in <c>/</c>.</returns>
    /// <exception cref="InvalidOperationException">The app is not started, or listens on no HTTP address.</exception>
    public static Uri GetBaseAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return GetBaseAddress(app.Services);
    }

    internal static Uri GetBaseAddress(IServiceProvider services)
    {
        var addresses = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The inbox listens on no address yet: start it first.");
        var uri = new UriBuilder(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "127.0.0.1";
        }

        uri.Path = "/";
        return uri.Uri;
    }

    private static void ConfigureServices(WebApplicationBuilder builder, InboxSettings settings, NetworkEmulators? emulators)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddSingleton(settings);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, InboxJsonContext.Default));

        var socialCare = settings.Store == InboxStore.InMemory
            ? services.AddSocialCare(o => InboxCare.Configure(o, settings))
            : services.AddSocialCare(o => InboxCare.Configure(o, settings)).UseSqlite(SqliteConnectionString(settings));

        if (emulators is not null)
        {
            AddDemoChannels(socialCare, emulators);
            services.AddSingleton(emulators);
            if (settings.DemoConversations)
            {
                services.AddHttpClient(DemoConversations.HttpClientName);
                services.AddSingleton<DemoConversations>();
                services.AddHostedService(static sp => sp.GetRequiredService<DemoConversations>());
                services.AddSingleton<ITicketEventSink>(static sp => sp.GetRequiredService<DemoConversations>());
            }
        }
        else
        {
            AddConfiguredChannels(socialCare, settings, configuration);
        }

        // Event webhooks for the host's other systems, when endpoints are configured (in demo mode too: they are the
        // company's own systems, not the emulated networks).
        var eventWebhooks = configuration.GetSection(EventWebhookOptions.ConfigurationSection);
        if (eventWebhooks.GetSection("Endpoints").GetChildren().Any())
        {
            socialCare.AddEventWebhooks(o => eventWebhooks.Bind(o));
        }

        services.AddSingleton<InboxEventStream>();
        services.AddSingleton<ITicketEventSink>(static sp => sp.GetRequiredService<InboxEventStream>());
        services.AddSingleton<TicketViews>();
        services.AddSingleton<InboxAccounts>();
        services.AddHostedService<InboxAgents>();
        services.AddHealthChecks().AddSocialCareChannels();
    }

    /// <summary>The embedded default store: a SQLite file beside the app, unless a connection string is configured.</summary>
    private static string SqliteConnectionString(InboxSettings settings)
    {
        if (settings.SqliteConnectionString is { } configured)
        {
            return configured;
        }

        var path = Path.Combine(AppContext.BaseDirectory, settings.Demo ? DemoDatabaseFileName : DatabaseFileName);
        if (settings.Demo)
        {
            // The demo plays its conversations again on every run: start from an empty file.
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }

        return $"Data Source={path}";
    }

    private static void AddDemoChannels(ISocialCareBuilder socialCare, NetworkEmulators emulators)
    {
        socialCare
            .AddFacebook(o =>
            {
                o.AppSecret = DemoAccounts.FacebookAppSecret;
                o.VerifyToken = DemoAccounts.FacebookVerifyToken;
                o.GraphApiBaseUrl = emulators.GraphBaseUrl;
                o.Pages.Add(new FacebookPageOptions { PageId = DemoAccounts.PageId, AccessToken = DemoAccounts.PageAccessToken, Name = "Acme Shop" });
            })
            .AddWhatsApp(o =>
            {
                o.AppSecret = DemoAccounts.WhatsAppAppSecret;
                o.VerifyToken = DemoAccounts.WhatsAppVerifyToken;
                o.AccessToken = DemoAccounts.WhatsAppAccessToken;
                o.GraphApiBaseUrl = emulators.GraphBaseUrl;
                o.PhoneNumbers.Add(new WhatsAppPhoneNumberOptions { PhoneNumberId = DemoAccounts.PhoneNumberId, Name = "Acme Shop" });
                AddDemoTemplates(o.Templates);
            })
            .AddX(o =>
            {
                o.ConsumerKey = DemoAccounts.XConsumerKey;
                o.ConsumerSecret = DemoAccounts.XConsumerSecret;
                o.ApiBaseUrl = emulators.XBaseUrl;
                o.Accounts.Add(new XAccountOptions
                {
                    UserId = DemoAccounts.XBrandUserId,
                    ScreenName = DemoAccounts.XBrandScreenName,
                    AccessToken = DemoAccounts.XAccessToken,
                    AccessTokenSecret = DemoAccounts.XAccessTokenSecret,
                });
            });
    }

    private static void AddConfiguredChannels(ISocialCareBuilder socialCare, InboxSettings settings, IConfiguration configuration)
    {
        // The app binds its configuration sections over the options (the SDK needs no binder); the keys the options do
        // not have (PageAccessToken, PhoneNumberId, BrandUserId…) are mapped onto the Page, number and account lists.
        if (settings.FacebookConfigured)
        {
            socialCare.AddFacebook(o =>
            {
                configuration.GetSection(InboxSettings.FacebookSection).Bind(o);
                if (settings.FacebookPageId is { } pageId && settings.FacebookPageAccessToken is { } token && !o.Pages.Any(p => p.PageId == pageId))
                {
                    o.Pages.Add(new FacebookPageOptions { PageId = pageId, AccessToken = token });
                }
            });
        }

        if (settings.WhatsAppConfigured)
        {
            socialCare.AddWhatsApp(o =>
            {
                configuration.GetSection(InboxSettings.WhatsAppSection).Bind(o);
                if (settings.WhatsAppPhoneNumberId is { } number && !o.PhoneNumbers.Any(p => p.PhoneNumberId == number))
                {
                    o.PhoneNumbers.Add(new WhatsAppPhoneNumberOptions { PhoneNumberId = number });
                }
            });
        }

        if (settings.XConfigured)
        {
            socialCare.AddX(o =>
            {
                configuration.GetSection(InboxSettings.XSection).Bind(o);
                if (settings.XBrandUserId is { } userId && !o.Accounts.Any(a => a.UserId == userId))
                {
                    o.Accounts.Add(new XAccountOptions
                    {
                        UserId = userId,
                        ScreenName = settings.XBrandScreenName,
                        AccessToken = settings.XAccessToken,
                        AccessTokenSecret = settings.XAccessTokenSecret,
                    });
                }
            });
        }
    }

    private static void AddDemoTemplates(IList<TemplateDefinition> templates)
    {
        templates.Add(new TemplateDefinition("order_update", "it")
        {
            Category = TemplateCategory.Utility,
            BodyParameters = 2,
            Description = "Ciao {{1}}, il tuo ordine {{2}} è stato spedito.",
        });
        templates.Add(new TemplateDefinition("order_update", "en")
        {
            Category = TemplateCategory.Utility,
            BodyParameters = 2,
            Description = "Hi {{1}}, your order {{2}} has shipped.",
        });
    }

    private static void Configure(WebApplication app, InboxSettings settings, NetworkEmulators? emulators)
    {
        // The page is embedded in the app, so that it is served the same way from `dotnet run`, a test or a publish folder.
        var files = new EmbeddedFileProvider(typeof(InboxApp).Assembly, "SocialCare.Samples.Inbox.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });

        app.MapSocialCareWebhooks("/webhooks");
        app.MapInboxApi();
        app.MapGet("/api/events", static (HttpContext context, InboxEventStream stream, IHostApplicationLifetime lifetime)
            => stream.StreamAsync(context, lifetime.ApplicationStopping));
        app.MapHealthChecks("/health");
        if (emulators is not null)
        {
            app.MapGet("/emulator/requests", static (NetworkEmulators emulators) =>
            {
                IReadOnlyList<EmulatorRequestView> requests = [.. emulators.Requests.Select(r => new EmulatorRequestView(
                    r.Network.ToString().ToLowerInvariant(), r.Method, r.Path, r.Query, r.Body, r.StatusCode, r.ReceivedAt))];
                return Results.Json(requests, InboxJsonContext.Default.IReadOnlyListEmulatorRequestView);
            });
        }

        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStarted.Register(() =>
        {
            var address = GetBaseAddress(app.Services);
            var channels = app.Services.GetRequiredService<IWebhookPipeline>().Channels.Select(c => c.Value).Order(StringComparer.Ordinal).ToList();
            var mode = settings.Demo
                ? settings.DemoConversations
                    ? "demo mode: emulated Facebook, WhatsApp and X; conversations start arriving now"
                    : "demo mode: emulated Facebook, WhatsApp and X; no scripted conversations"
                : channels.Count == 0
                    ? "no network configured: set the SocialCare:Facebook, :WhatsApp or :X keys, or SocialCare:Demo=true"
                    : $"webhooks for {string.Join(", ", channels)} at {address}webhooks/{{channel}}";
            if (settings.Store == InboxStore.InMemory)
            {
                mode += "; tickets in memory only, lost when it stops";
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SocialCare inbox ({mode}). Open {address} in a browser; Ctrl+C stops it."));
        });
    }
}
