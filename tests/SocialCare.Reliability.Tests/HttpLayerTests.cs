using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocialCare.Abstractions;
using Xunit.Abstractions;

namespace SocialCare.Reliability.Tests;

/// <summary>
/// The HTTP layer once: <c>MapSocialCareWebhooks</c> on Kestrel (127.0.0.1) gets a subset of the hostile bodies, signed,
/// and answers 400 or 200 only; valid webhooks are stored between them and at the end.
/// </summary>
public sealed class HttpLayerTests(SuiteLogs logs, ITestOutputHelper output) : SuiteTest(logs)
{
    private static readonly Mutation[] OverHttp =
        [Mutation.Truncate, Mutation.ByteFlip, Mutation.WrongType, Mutation.MissingKey, Mutation.DuplicateKey, Mutation.DeepNesting, Mutation.InvalidUtf8, Mutation.NumberOutOfRange, Mutation.WrongRoot];

    [Fact]
    public async Task Kestrel_HostileBodies_Get400Or200_AndValidWebhooksAreStored()
    {
        var channels = new[] { ChannelId.Facebook, ChannelId.WhatsApp, ChannelId.X };
        var time = TimeProvider.System;
        await using var emulators = new ReliabilityHost(Logs, time);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        emulators.Register(builder.Services, Logs, time);
        await using var app = builder.Build();
        app.MapSocialCareWebhooks("/webhooks");
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
        var store = app.Services.GetRequiredService<ITicketStore>();

        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        var stored = 0;
        for (var c = 0; c < channels.Length; c++)
        {
            var channel = channels[c];
            var mutator = new HostileMutator(HostileInputTests.FixturesOf(channel), OverHttp) { IncludeHugeStrings = false };
            for (var n = 0; n < Suite.HttpCasesPerChannel; n++)
            {
                var hostile = mutator.Next(Suite.ForCase(100 + c, n));
                var status = await PostAsync(client, channel, hostile.Body);
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (status is not (200 or 400))
                {
                    failures.Add($"{channel} case {n}: {hostile}: answered {status}");
                }

                if (n % 50 == 49 && !await ValidAsync(client, store, channel, n))
                {
                    failures.Add($"{channel}: the valid webhook after case {n} was not stored");
                }
                else if (n % 50 == 49)
                {
                    stored++;
                }
            }
        }

        await app.StopAsync();
        var summary = $"http ({Suite.Mode}, seed {Suite.Seed}): {Suite.HttpCasesPerChannel} cases per channel, {failures.Count} failures; answers "
            + string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}: {p.Value}")))
            + $"; valid webhooks stored {stored}";
        Report.Write(output, summary);
        Assert.True(failures.Count == 0, summary + "\n" + string.Join("\n", failures.Take(15)));
    }

    private async Task<bool> ValidAsync(HttpClient client, ITicketStore store, ChannelId channel, int n)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"Valid over HTTP {channel} {n}, parcel 77{n:D3}");
        Logs.AddText(text);
        var now = TimeProvider.System.GetUtcNow();
        var id = string.Create(CultureInfo.InvariantCulture, $"{channel.Value}.http.{n}");
        byte[] body;
        string account;
        if (channel == ChannelId.Facebook)
        {
            id = "m_" + id;
            body = SocialCare.Testing.Meta.GraphApiEmulator.TextMessageWebhook(ReliabilityHost.PageId, "6241800000" + n, id, text, now);
            account = ReliabilityHost.PageId;
        }
        else if (channel == ChannelId.WhatsApp)
        {
            id = "wamid." + id;
            body = SocialCare.Testing.Meta.GraphApiEmulator.WhatsAppTextWebhook(ReliabilityHost.WabaId, ReliabilityHost.PhoneNumberId, "4477009" + n, null, "Http Customer", id, text, now);
            account = ReliabilityHost.PhoneNumberId;
        }
        else
        {
            id = string.Create(CultureInfo.InvariantCulture, $"{2_300_000_000_000_000_000L + n}");
            body = SocialCare.Testing.XWebhooks.DirectMessage(ReliabilityHost.XBrand, id, "140293840" + n, ReliabilityHost.XBrand, text, now, "Http Customer", "http_customer");
            account = ReliabilityHost.XBrand;
        }

        var status = await PostAsync(client, channel, body);
        return status == 200 && await store.FindMessageAsync(channel, new ChannelAccountId(account), new NetworkMessageId(id), default) is not null;
    }

    private static async Task<int> PostAsync(HttpClient client, ChannelId channel, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/" + channel.Value) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in ReliabilityHost.SignatureHeaders(channel, body))
        {
            if (!string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await client.SendAsync(request);
        return (int)response.StatusCode;
    }
}
