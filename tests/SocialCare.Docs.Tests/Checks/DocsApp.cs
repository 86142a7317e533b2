using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialCare.Testing;

namespace SocialCare.Docs.Tests;

/// <summary>
/// An app built by a snippet, started on Kestrel at 127.0.0.1 on a free port with configuration from a page, its SQLite
/// file in a temporary folder and the networks' APIs emulated on loopback.
/// </summary>
internal sealed class DocsApp : IAsyncDisposable
{
    private readonly string _folder;

    private DocsApp(WebApplication app, NetworkEmulators networks, string folder, IConfiguration configuration)
    {
        App = app;
        Networks = networks;
        _folder = folder;
        Configuration = configuration;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Address = new Uri(addresses.First(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)) + "/");
        Client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        Webhooks = new HttpClient { BaseAddress = new Uri(Address, "webhooks/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public WebApplication App { get; }

    public NetworkEmulators Networks { get; }

    /// <summary>Gets the configuration from the page (before the loopback addresses were put over it).</summary>
    public IConfiguration Configuration { get; }

    public Uri Address { get; }

    public HttpClient Client { get; }

    /// <summary>Gets a client whose base address is the webhook prefix, for <see cref="WebhookDriver"/>.</summary>
    public HttpClient Webhooks { get; }

    /// <summary>Starts an app.</summary>
    /// <param name="configuration">The page's configuration.</param>
    /// <param name="build">The snippet that builds the app from the command line.</param>
    public static async Task<DocsApp> StartAsync(IConfiguration configuration, Func<string[], WebApplication> build)
    {
        var networks = await NetworkEmulators.StartAsync();
        var folder = Directory.CreateTempSubdirectory("socialcare-docs-").FullName;
        try
        {
            foreach (var token in new[] { "SocialCare:Facebook:Pages:0:AccessToken", "SocialCare:WhatsApp:AccessToken" })
            {
                if (configuration[token] is { } value)
                {
                    networks.Graph.AddAccessToken(value);
                }
            }

            if (configuration["SocialCare:X:Accounts:0:UserId"] is { } userId)
            {
                networks.X.AddAccount(
                    userId,
                    configuration["SocialCare:X:ConsumerKey"]!,
                    configuration["SocialCare:X:ConsumerSecret"]!,
                    configuration["SocialCare:X:Accounts:0:AccessToken"]!,
                    configuration["SocialCare:X:Accounts:0:AccessTokenSecret"]!);
            }

            string[] args =
            [
                .. DocConfig.Arguments(configuration),
                "--urls=http://127.0.0.1:0",
                "--Logging:LogLevel:Default=Warning",
                $"--ConnectionStrings:SocialCare=Data Source={Path.Combine(folder, "socialcare.db")}",
                $"--SocialCare:Facebook:GraphApiBaseUrl={networks.GraphBaseUrl}",
                $"--SocialCare:WhatsApp:GraphApiBaseUrl={networks.GraphBaseUrl}",
                $"--SocialCare:X:ApiBaseUrl={networks.XBaseUrl}",
            ];
            var app = build(args);
            await app.StartAsync();
            return new DocsApp(app, networks, folder, configuration);
        }
        catch
        {
            await networks.DisposeAsync();
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>Waits until a condition holds, or fails after 15 seconds.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var time = TimeProvider.System;
        var started = time.GetTimestamp();
        while (!await condition())
        {
            Assert.True(time.GetElapsedTime(started) < TimeSpan.FromSeconds(15), $"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Webhooks.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Networks.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine: the temp folder is cleaned later.
        }
    }
}
