using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SocialCare.Abstractions;
using SocialCare.Core;
using SocialCare.Testing;

namespace SocialCare.AspNetCore.Tests;

/// <summary><c>AddSocialCareChannels()</c> behind <c>app.MapHealthChecks("/health", …)</c>, fed by the real adapters and resilience pipelines.</summary>
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Health_OneCheckPerChannel_CountsWebhooksAndRecordsTheLastOneSeen()
    {
        await using var app = await WebhookApp.StartAsync();

        var (status, report) = await app.HealthAsync();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        var entries = report.GetProperty("entries");
        Assert.Equal(["socialcare-facebook", "socialcare-whatsapp", "socialcare-x"], entries.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        foreach (var entry in entries.EnumerateObject())
        {
            Assert.Equal(["socialcare"], entry.Value.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
            var data = entry.Value.GetProperty("data");
            Assert.Equal(JsonValueKind.Null, data.GetProperty("lastWebhookAt").ValueKind);
            Assert.Equal(0, data.GetProperty("webhooksAccepted").GetInt64());
            Assert.Equal("closed", data.GetProperty("circuit").GetString());
            Assert.Empty(data.GetProperty("accounts").EnumerateObject());
        }

        var before = DateTimeOffset.UtcNow;
        var webhook = SignedWebhook.Text("whatsapp", "health-1");
        var forged = SignedWebhook.Text("whatsapp", "health-2", secret: "forged");
        (await app.PostAsync("whatsapp", webhook.Body, webhook.Headers)).Dispose();
        (await app.PostAsync("whatsapp", webhook.Body, webhook.Headers)).Dispose();
        (await app.PostAsync("whatsapp", forged.Body, forged.Headers)).Dispose();
        (await app.PostAsync("whatsapp", "{"u8.ToArray(), SignedWebhook.Sign("whatsapp", "{"u8.ToArray()))).Dispose();
        (await app.Client.GetAsync($"/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token={WebhookApp.VerifyToken}&hub.challenge=7")).Dispose();

        (_, report) = await app.HealthAsync();
        var whatsApp = report.GetProperty("entries").GetProperty("socialcare-whatsapp").GetProperty("data");
        Assert.Equal(2, whatsApp.GetProperty("webhooksAccepted").GetInt64());
        Assert.Equal(2, whatsApp.GetProperty("webhooksRejected").GetInt64());
        Assert.Equal(0, whatsApp.GetProperty("webhooksFailed").GetInt64());
        var lastSeen = whatsApp.GetProperty("lastWebhookAt").GetString()!;
        Assert.EndsWith("Z", lastSeen, StringComparison.Ordinal);
        var seen = DateTimeOffset.Parse(lastSeen, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        Assert.InRange(seen, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        var facebook = report.GetProperty("entries").GetProperty("socialcare-facebook").GetProperty("data");
        Assert.Equal(JsonValueKind.Null, facebook.GetProperty("lastWebhookAt").ValueKind);
        Assert.Equal(0, facebook.GetProperty("webhooksRejected").GetInt64());
    }

    [Fact]
    public async Task Health_PageTokenRefused_TurnsUnhealthy_AndHealthyAgainWhenASendWorks()
    {
        await using var app = await WebhookApp.StartAsync();
        var ticket = await OpenTicketAsync(app, "facebook");
        app.FacebookGraph.FailNext(400, 190, 460, "Error validating access token: the session has been invalidated.");

        await ReplyAsync(app, ticket, "We are looking into it.");

        var entry = await app.WaitForHealthAsync(ChannelId.Facebook, "Unhealthy");
        Assert.Equal("Unauthorized", entry.GetProperty("data").GetProperty("accounts").GetProperty(WebhookApp.PageId).GetString());
        Assert.Contains(WebhookApp.PageId, entry.GetProperty("description").GetString(), StringComparison.Ordinal);
        var (status, report) = await app.HealthAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", report.GetProperty("status").GetString());
        Assert.Equal("Healthy", report.GetProperty("entries").GetProperty("socialcare-whatsapp").GetProperty("status").GetString());

        await ReplyAsync(app, ticket, "Found it: the parcel leaves today.");
        entry = await app.WaitForHealthAsync(ChannelId.Facebook, "Healthy");
        Assert.Equal("Healthy", entry.GetProperty("data").GetProperty("accounts").GetProperty(WebhookApp.PageId).GetString());
    }

    [Fact]
    public async Task Health_WhatsAppCircuitOpen_IsDegradedUntilTheBreakEndsAndACallWorks()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var app = await WebhookApp.StartAsync(time: time, whatsApp: o => Trip(o.Resilience));
        var ticket = await OpenTicketAsync(app, "whatsapp");
        app.WhatsAppGraph.FailNext(503, 2, message: "Service temporarily unavailable");
        app.WhatsAppGraph.FailNext(503, 2, message: "Service temporarily unavailable");

        await ReplyAsync(app, ticket, "First answer.");
        await ReplyAsync(app, ticket, "Second answer.");

        var entry = await app.WaitForHealthAsync(ChannelId.WhatsApp, "Degraded");
        var data = entry.GetProperty("data");
        Assert.Equal("open", data.GetProperty("circuit").GetString());
        var openUntil = DateTimeOffset.Parse(data.GetProperty("circuitOpenUntil").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromSeconds(30), openUntil);
        Assert.Empty(data.GetProperty("accounts").EnumerateObject());
        var (status, report) = await app.HealthAsync();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", report.GetProperty("status").GetString());

        // After the break the next call is the trial; it works, and the circuit closes.
        time.Advance(TimeSpan.FromSeconds(31));
        entry = (await app.HealthAsync()).Report.GetProperty("entries").GetProperty("socialcare-whatsapp");
        Assert.Equal("Healthy", entry.GetProperty("status").GetString());
        Assert.NotEqual("open", entry.GetProperty("data").GetProperty("circuit").GetString());
        await ReplyAsync(app, ticket, "Third answer.");
        await WaitForCircuitAsync(app, ChannelId.WhatsApp, "closed");
    }

    [Fact]
    public async Task Health_XCircuitOpen_IsDegraded()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var app = await WebhookApp.StartAsync(time: time, x: o =>
        {
            o.Resilience.MaxRetryAttempts = 0;
            o.Resilience.BreakerMinimumThroughput = 2;
            o.Resilience.BreakerFailureRatio = 0.5;
            o.Resilience.BreakerBreakDuration = TimeSpan.FromSeconds(30);
        });
        var ticket = await OpenTicketAsync(app, "x");
        app.X.FailNext(503, XApiEmulator.ProblemBody(503, "Service Unavailable", "Service Unavailable"));
        app.X.FailNext(503, XApiEmulator.ProblemBody(503, "Service Unavailable", "Service Unavailable"));

        await ReplyAsync(app, ticket, "First answer.");
        await ReplyAsync(app, ticket, "Second answer.");

        var entry = await app.WaitForHealthAsync(ChannelId.X, "Degraded");
        Assert.Equal("open", entry.GetProperty("data").GetProperty("circuit").GetString());
        Assert.Equal("Healthy", (await app.HealthAsync()).Report.GetProperty("entries").GetProperty("socialcare-whatsapp").GetProperty("status").GetString());
    }

    private static void Trip(SocialCare.Channels.Meta.GraphResilienceOptions resilience)
    {
        resilience.MaxRetryAttempts = 0;
        resilience.BreakerMinimumThroughput = 2;
        resilience.BreakerFailureRatio = 0.5;
        resilience.BreakerBreakDuration = TimeSpan.FromSeconds(30);
    }

    private static async Task<TicketId> OpenTicketAsync(WebhookApp app, string channel)
    {
        var webhook = SignedWebhook.Text(channel, "health-ticket");
        using var response = await app.PostAsync(channel, webhook.Body, webhook.Headers);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(await app.TicketsAsync()).Id;
    }

    /// <summary>An agent replies; the reply is sent now (by this call or by the background dispatcher, whichever claims it).</summary>
    private static async Task ReplyAsync(WebhookApp app, TicketId ticket, string text)
    {
        var reply = await app.Engine.ReplyAsync(new ReplyRequest(ticket, new AgentId("zoe"), [new TextPart(text)]));
        Assert.True(reply.Succeeded, reply.Error);
        await app.Scheduler.DispatchOutboxAsync();
    }

    private static async Task WaitForCircuitAsync(WebhookApp app, ChannelId channel, string circuit)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var entry = (await app.HealthAsync()).Report.GetProperty("entries").GetProperty("socialcare-" + channel.Value);
            if (entry.GetProperty("data").GetProperty("circuit").GetString() == circuit)
            {
                Assert.Equal("Healthy", entry.GetProperty("status").GetString());
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The {channel} circuit stayed {entry.GetProperty("data").GetProperty("circuit").GetString()}.");
            await Task.Delay(50);
        }
    }
}
