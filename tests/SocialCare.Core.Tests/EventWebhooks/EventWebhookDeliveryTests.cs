using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NSubstitute;
using SocialCare.Abstractions;
using SocialCare.Core.Tests.Engine;
using SocialCare.Testing;

namespace SocialCare.Core.Tests.EventWebhooks;

/// <summary>
/// Event webhooks end to end: the engine queues deliveries with its commits, the dispatcher POSTs them to a real Kestrel
/// receiver on 127.0.0.1 that verifies every signature. The dispatcher is driven round by round on a fake clock.
/// </summary>
public sealed class EventWebhookDeliveryTests : IAsyncLifetime
{
    private static readonly string Secret = EventWebhookSigner.NewSecret();
    private EventWebhookReceiver? _receiver;
    private EngineHarness? _harness;

    private EventWebhookReceiver Receiver => _receiver!;

    private EngineHarness Harness => _harness!;

    private EventWebhookDispatcher Dispatcher => Harness.Services.GetRequiredService<EventWebhookDispatcher>();

    private IEventWebhookDeadLetters DeadLetters => Harness.Services.GetRequiredService<IEventWebhookDeadLetters>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }

        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }
    }

    [Fact]
    public async Task AReceiverDownForAMinute_GetsEveryEventAfterwards_InOrderPerTicket_Once()
    {
        await StartAsync();
        var first = await Harness.SayAsync("u1", "Il mio ordine non è arrivato");
        await Dispatcher.RunOnceAsync(default);
        Assert.NotEmpty(Receiver.Accepted);

        await Receiver.StopAsync();
        var down = Harness.Time.GetUtcNow();
        var second = await Harness.SayAsync("u2", "Where is my refund?");
        for (var i = 0; i < 12; i++)
        {
            Harness.Time.Advance(TimeSpan.FromSeconds(5));
            if (i % 4 == 0)
            {
                await Harness.SayAsync(i % 8 == 0 ? "u1" : "u2", $"still waiting ({i})");
            }

            await Dispatcher.RunOnceAsync(default);
        }

        Assert.Equal(down.AddMinutes(1), Harness.Time.GetUtcNow());
        var waiting = await Queue.ListEventDeliveriesAsync(new EventDeliveryQuery(EventDeliveryState.Pending), default);
        Assert.NotEmpty(waiting);
        Assert.Contains(waiting, d => d.Attempts > 1 && d.LastError == nameof(HttpRequestError.ConnectionError));

        await Receiver.StartAsync();
        await PumpAsync(() => Receiver.Accepted.Count == Harness.Sink.Events.Count);

        Assert.DoesNotContain(Receiver.Received, r => r.Repeat || r.Verification != EventWebhookVerification.Valid);
        Assert.Equal(Harness.Sink.Events.Count, Receiver.Received.Count);
        foreach (var ticket in new[] { first.Id, second.Id })
        {
            var published = Harness.Sink.Events.Where(e => e.TicketId == ticket).Select(SocialCareJson.Serialize).ToList();
            var received = Receiver.Accepted.Where(p => p.Data.TicketId == ticket).Select(p => SocialCareJson.Serialize(p.Data)).ToList();
            Assert.True(published.Count > 3);
            Assert.Equal(published, received);
        }

        Assert.All(Receiver.Accepted, p => Assert.Equal((EventWebhookTypes.Of(p.Data), 1, p.Data.OccurredAt), (p.Type, p.Version, p.Timestamp)));
        Assert.Empty(await Queue.ListEventDeliveriesAsync(new EventDeliveryQuery(EventDeliveryState.Pending), default));
    }

    [Fact]
    public async Task DeliveriesOutOfRetries_BecomeDeadLetters_ThatReplay()
    {
        await StartAsync(o => o.RetryFor = TimeSpan.FromMinutes(2));
        Receiver.FailWith = HttpStatusCode.InternalServerError;
        var ticket = await Harness.SayAsync("u1", "Il prodotto è rotto");
        for (var i = 0; i < 30 && (await DeadLetters.ListAsync(null, null, 100, default)).Count < Harness.Sink.Events.Count; i++)
        {
            await Dispatcher.RunOnceAsync(default);
            Harness.Time.Advance(TimeSpan.FromSeconds(10));
        }

        var dead = await DeadLetters.ListAsync("crm", null, 100, default);
        Assert.Equal(Harness.Sink.Events.Count, dead.Count);
        Assert.All(dead, d => Assert.Equal(("HTTP 500", EventDeliveryState.Dead), (d.LastError, d.State)));
        Assert.Empty(Receiver.Accepted);
        Assert.Empty(await Queue.ListEventDeliveriesAsync(new EventDeliveryQuery(EventDeliveryState.Pending), default));

        Receiver.FailWith = null;
        Assert.True(await DeadLetters.ReplayAsync(dead[0].Id, default));
        Assert.False(await DeadLetters.ReplayAsync(dead[0].Id, default));
        await Dispatcher.RunOnceAsync(default);
        Assert.Equal([SocialCareJson.Serialize(Harness.Sink.Events[0])], Receiver.Accepted.Select(p => SocialCareJson.Serialize(p.Data)));

        Assert.Equal(dead.Count - 1, await DeadLetters.ReplayAllAsync("crm", default));
        await PumpAsync(() => Receiver.Accepted.Count == dead.Count);
        Assert.Equal(Harness.Sink.Events.Where(e => e.TicketId == ticket.Id).Select(SocialCareJson.Serialize), Receiver.Accepted.Select(p => SocialCareJson.Serialize(p.Data)));
        Assert.Empty(await DeadLetters.ListAsync(null, null, 100, default));
    }

    [Fact]
    public async Task EverySecretSigns_SoAReceiverOnTheNewSecretVerifies_AndAWrongSecretIsRefused()
    {
        var next = EventWebhookSigner.NewSecret();
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        _receiver = await EventWebhookReceiver.StartAsync([next], time);
        await using var stranger = await EventWebhookReceiver.StartAsync([EventWebhookSigner.NewSecret()], time);
        _harness = new EngineHarness(
            builder: b => b.AddEventWebhooks(o =>
            {
                o.Endpoints.Add(Endpoint("crm", Receiver.Url, Secret, next));
                o.Endpoints.Add(Endpoint("stranger", stranger.Url, Secret));
            }),
            time: time);
        await Harness.SayAsync("u1", "ciao");
        await PumpAsync(() => Receiver.Accepted.Count == Harness.Sink.Events.Count);

        Assert.All(Receiver.Received, r => Assert.Equal(EventWebhookVerification.Valid, r.Verification));
        Assert.All(Receiver.Received, r => Assert.Equal(2, r.Signature.Split(' ').Length));
        Assert.NotEmpty(stranger.Received);
        Assert.All(stranger.Received, r => Assert.Equal(EventWebhookVerification.InvalidSignature, r.Verification));
        Assert.Empty(stranger.Accepted);
        var refused = await Queue.ListEventDeliveriesAsync(new EventDeliveryQuery(EventDeliveryState.Pending) { Endpoint = "stranger" }, default);
        Assert.Equal(Harness.Sink.Events.Count, refused.Count);
        Assert.Contains(refused, d => d.Attempts > 0 && d.LastError == "HTTP 401");
    }

    [Fact]
    public async Task AnEndpointGetsOnlyTheEventTypesItAsksFor()
    {
        await StartAsync(o => o.Endpoints[0].Events.Add("ticket.created"));
        await Harness.SayAsync("u1", "ciao");
        await Harness.SayAsync("u1", "ci sei?");
        await Harness.SayAsync("u2", "hello");
        await PumpAsync(() => Receiver.Accepted.Count == 2);
        await Dispatcher.RunOnceAsync(default);

        Assert.Equal(["ticket.created", "ticket.created"], Receiver.Accepted.Select(p => p.Type));
        Assert.All(Receiver.Accepted, p => Assert.IsType<TicketCreated>(p.Data));
    }

    [Fact]
    public async Task RetryAfterFromTheReceiver_IsHonoured()
    {
        await StartAsync();
        Receiver.FailWith = HttpStatusCode.TooManyRequests;
        Receiver.RetryAfterSeconds = 120;
        await Harness.SayAsync("u1", "ciao");
        var now = Harness.Time.GetUtcNow();
        await Dispatcher.RunOnceAsync(default);

        var pending = await Queue.ListEventDeliveriesAsync(new EventDeliveryQuery(EventDeliveryState.Pending), default);
        var head = Assert.Single(pending, d => d.Attempts == 1);
        Assert.Equal("HTTP 429", head.LastError);
        Assert.True(head.NextAttemptAt >= now.AddSeconds(120), $"next attempt at {head.NextAttemptAt:O}");

        Receiver.FailWith = null;
        Harness.Time.Advance(TimeSpan.FromSeconds(119));
        Assert.Equal(0, await Dispatcher.RunOnceAsync(default));
        Harness.Time.Advance(TimeSpan.FromSeconds(1));
        await PumpAsync(() => Receiver.Accepted.Count == Harness.Sink.Events.Count);
    }

    [Fact]
    public async Task WrongOptions_FailAtStartUp_NamingTheOption()
    {
        var services = new ServiceCollection();
        services.AddSocialCare().AddEventWebhooks(o =>
        {
            o.ClaimLease = TimeSpan.FromSeconds(5);
            o.Endpoints.Add(new EventWebhookEndpoint { Name = "crm one", Url = new Uri("ftp://crm.example/events") });
            var endpoint = Endpoint("crm", new Uri("https://crm.example/events"), "not-a-secret");
            endpoint.Events.Add("ticket.exploded");
            o.Endpoints.Add(endpoint);
            o.Endpoints.Add(Endpoint("crm", new Uri("https://crm.example/other"), Secret));
        });
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<EventWebhookOptions>>().Value);
        Assert.Contains("SocialCare:EventWebhooks:ClaimLease", error.Message, StringComparison.Ordinal);
        Assert.Contains("SocialCare:EventWebhooks:Endpoints:0:Name", error.Message, StringComparison.Ordinal);
        Assert.Contains("SocialCare:EventWebhooks:Endpoints:0:Url", error.Message, StringComparison.Ordinal);
        Assert.Contains("SocialCare:EventWebhooks:Endpoints:0:Secrets", error.Message, StringComparison.Ordinal);
        Assert.Contains("SocialCare:EventWebhooks:Endpoints:1:Secrets:0", error.Message, StringComparison.Ordinal);
        Assert.Contains("SocialCare:EventWebhooks:Endpoints:1:Events:0", error.Message, StringComparison.Ordinal);
        Assert.Contains("SocialCare:EventWebhooks:Endpoints:2:Name", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStoreWithoutAnEventQueue_IsRefusedAtStartUp()
    {
        var services = new ServiceCollection();
        services.AddSingleton(Substitute.For<ITicketStore>());
        services.AddSocialCare().AddEventWebhooks(o => o.Endpoints.Add(Endpoint("crm", new Uri("https://crm.example/events"), Secret)));
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<EventWebhookDispatcher>());
        Assert.Contains(nameof(IEventDeliveryStore), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTypeNames_AreTheJsonDiscriminators()
    {
        var ticket = new TicketId("t1");
        var at = EngineHarness.Start;
        TicketEvent[] events =
        [
            new TicketCreated(ticket, at, new Ticket(ticket, EngineHarness.Private("u1"), new CustomerId("c1"), TicketState.New, at, 1)),
            new TicketStateChanged(ticket, at, TicketState.New, TicketState.Open, "r"),
            new TicketAssigned(ticket, at, null, new AgentId("zoe"), "manual"),
            new TicketPriorityChanged(ticket, at, TicketPriority.Normal, TicketPriority.High, "r"),
            new TicketMerged(ticket, at, new TicketId("t2"), 3),
            new SlaWarning(ticket, at, SlaMetric.FirstResponse, at),
            new SlaBreached(ticket, at, SlaMetric.FirstResponse, at),
            new SatisfactionRated(ticket, at, 5, null),
        ];
        foreach (var ticketEvent in events)
        {
            var json = System.Text.Json.JsonDocument.Parse(SocialCareJson.Serialize(ticketEvent));
            Assert.Equal(json.RootElement.GetProperty("type").GetString(), EventWebhookTypes.Of(ticketEvent));
            Assert.Contains(EventWebhookTypes.Of(ticketEvent), EventWebhookTypes.All);
        }

        Assert.Equal(11, EventWebhookTypes.All.Count);
    }

    private IEventDeliveryStore Queue => Harness.Store;

    private static EventWebhookEndpoint Endpoint(string name, Uri url, params string[] secrets)
    {
        var endpoint = new EventWebhookEndpoint { Name = name, Url = url };
        foreach (var secret in secrets)
        {
            endpoint.Secrets.Add(secret);
        }

        return endpoint;
    }

    private async Task StartAsync(Action<EventWebhookOptions>? tweak = null)
    {
        // The harness's clock drives the dispatcher and the receiver's verifier alike.
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        _receiver = await EventWebhookReceiver.StartAsync([Secret], time);
        _harness = new EngineHarness(
            builder: b => b.AddEventWebhooks(o =>
            {
                o.Endpoints.Add(Endpoint("crm", Receiver.Url, Secret));
                o.FirstRetryDelay = TimeSpan.FromSeconds(5);
                o.MaxRetryDelay = TimeSpan.FromMinutes(1);
                o.RetryFor = TimeSpan.FromHours(1);
                tweak?.Invoke(o);
            }),
            time: time);
    }

    /// <summary>Runs dispatcher rounds, a second of fake time apart, until <paramref name="done"/> holds (ten minutes of fake time at most).</summary>
    private async Task PumpAsync(Func<bool> done)
    {
        for (var second = 0; second < 600; second++)
        {
            await Dispatcher.RunOnceAsync(default);
            if (done())
            {
                return;
            }

            Harness.Time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Fail($"Not done after ten minutes of fake time: {Receiver.Accepted.Count} accepted of {Harness.Sink.Events.Count} events.");
    }
}
