using SocialCare.Core.Tests.TestChannel;
using SocialCare.Testing;

namespace SocialCare.Core.Tests.Engine;

/// <summary>Channels shaped like the real ones, for the engine's channel rules.</summary>
internal static class Channels
{
    public static readonly ChannelId Messenger = new("messenger");
    public static readonly ChannelId WhatsApp = ChannelId.WhatsApp;
    public static readonly ChannelId Comments = new("comments");
    public static readonly ChannelId X = ChannelId.X;

    public static ChannelCapabilities MessengerCapabilities { get; } = new(ChannelFeatures.None, MessagePartKinds.Text | MessagePartKinds.Image)
    {
        MaxTextLength = 2000,
        ReplyWindow = TimeSpan.FromHours(24),
        TaggedReplyWindow = TimeSpan.FromDays(7),
        HumanAgentTag = "HUMAN_AGENT",
    };

    public static ChannelCapabilities WhatsAppCapabilities { get; } = new(ChannelFeatures.Templates, MessagePartKinds.Text | MessagePartKinds.Image)
    {
        MaxTextLength = 4096,
        ReplyWindow = TimeSpan.FromHours(24),
    };

    public static ChannelCapabilities CommentCapabilities { get; } = new(ChannelFeatures.PublicReplies | ChannelFeatures.PrivateRepliesToPublic, MessagePartKinds.Text)
    {
        MaxTextLength = 8000,
        PrivateReplyWindow = TimeSpan.FromDays(7),
    };

    public static ChannelCapabilities XCapabilities { get; } = new(ChannelFeatures.None, MessagePartKinds.Text) { MaxTextLength = 10_000 };
}

/// <summary>A channel adapter that records what it is asked to send and answers as told.</summary>
internal sealed class FakeChannel(ChannelId channel, ChannelCapabilities capabilities) : IChannelAdapter
{
    private readonly Lock _gate = new();
    private readonly List<OutboundMessage> _sent = [];
    private int _count;

    public ChannelId Channel => channel;

    public ChannelCapabilities Capabilities => capabilities;

    /// <summary>Gets or sets how the next sends are answered; by default each gets a new network id.</summary>
    public Func<OutboundMessage, SendResult>? Respond { get; set; }

    public IReadOnlyList<OutboundMessage> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    public ValueTask<WebhookResult> ReceiveAsync(WebhookRequest request, CancellationToken cancellationToken)
        => ValueTask.FromResult(WebhookResult.Ignored("the fake channel receives through the harness"));

    public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _sent.Add(message);
            _count++;
            return Task.FromResult(Respond?.Invoke(message) ?? SendResult.Sent(new NetworkMessageId($"{channel}-out-{_count}")));
        }
    }
}

/// <summary>SocialCare with the engine, fake channels, a fake clock (Monday 2026-01-05 09:00 UTC) and a recording sink.</summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    public static readonly ChannelAccountId Account = new("brand");
    public static readonly DateTimeOffset Start = FakeTimeProvider.DefaultStart;
    private readonly ServiceProvider _provider;
    private int _events;

    public EngineHarness(Action<SocialCareOptions>? configure = null, Action<ISocialCareBuilder>? builder = null, ForwardingStore? store = null, FakeTimeProvider? time = null)
    {
        Time = time ?? new FakeTimeProvider();
        var services = new ServiceCollection();
        if (store is not null)
        {
            services.AddSingleton<ITicketStore>(store);
        }

        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<ITicketEventSink>(Sink);
        foreach (var fake in new[] { Messenger, WhatsApp, Comments, X })
        {
            services.AddSingleton<IChannelAdapter>(fake);
        }

        var socialCare = services.AddSocialCare(configure);
        builder?.Invoke(socialCare);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        // Zoe answers in most tests; offline, so that automatic assignment never picks her unless a test says so.
        AddAgent("zoe", presence: AgentPresence.Offline);
    }

    public FakeTimeProvider Time { get; }

    public RecordingSink Sink { get; } = new();

    public FakeChannel Messenger { get; } = new(Channels.Messenger, Channels.MessengerCapabilities);

    public FakeChannel WhatsApp { get; } = new(Channels.WhatsApp, Channels.WhatsAppCapabilities);

    public FakeChannel Comments { get; } = new(Channels.Comments, Channels.CommentCapabilities);

    public FakeChannel X { get; } = new(Channels.X, Channels.XCapabilities);

    public ITicketEngine Engine => _provider.GetRequiredService<ITicketEngine>();

    public IInboundEventHandler Handler => _provider.GetRequiredService<IInboundEventHandler>();

    public TicketScheduler Scheduler => _provider.GetRequiredService<TicketScheduler>();

    /// <summary>Gets the in-memory store, beneath a decorator the test passed.</summary>
    public InMemoryTicketStore Store => _provider.GetRequiredService<ITicketStore>() switch
    {
        ForwardingStore decorator => (InMemoryTicketStore)decorator.Inner,
        var store => (InMemoryTicketStore)store,
    };

    public InMemoryAgentDirectory Agents => (InMemoryAgentDirectory)_provider.GetRequiredService<IAgentDirectory>();

    public InMemoryCustomerDirectory Customers => (InMemoryCustomerDirectory)_provider.GetRequiredService<ICustomerDirectory>();

    public IServiceProvider Services => _provider;

    public static Participant Person(string user, ChannelId? channel = null) => new(channel ?? Channels.Messenger, Account, new NetworkUserId(user));

    public static ConversationRef Private(string user, ChannelId? channel = null) => ConversationRef.PrivateWith(Person(user, channel));

    public static ConversationRef Public(string post, ChannelId? channel = null)
        => new(channel ?? Channels.Comments, Account, new ThreadId(post), ConversationVisibility.Public);

    public void AddAgent(string id, int capacity = 10, AgentPresence presence = AgentPresence.Available, string[]? skills = null, string[]? languages = null, ChannelId[]? channels = null)
        => Agents.Upsert(new Agent(new AgentId(id), id.ToUpperInvariant())
        {
            Capacity = capacity,
            Presence = presence,
            Skills = skills ?? [],
            Languages = languages ?? [],
            Channels = channels ?? [],
        });

    /// <summary>Delivers a customer's message to the engine and returns the ticket it joined.</summary>
    public async Task<Ticket> SayAsync(string user, string text, ChannelId? channel = null, string? post = null, string? eventId = null)
    {
        var participant = Person(user, channel ?? (post is null ? Channels.Messenger : Channels.Comments));
        var conversation = post is null ? ConversationRef.PrivateWith(participant) : Public(post, participant.Channel);
        var id = eventId ?? $"e{Interlocked.Increment(ref _events)}";
        var received = new MessageReceived(
            new IdempotencyKey(participant.Channel, Account, id),
            conversation,
            participant,
            Time.GetUtcNow(),
            new NetworkMessageId($"mid-{id}"),
            [new TextPart(text)]);
        await DeliverAsync(received);
        var message = await Store.FindMessageAsync(participant.Channel, Account, received.MessageId, default);
        return (await Store.GetAsync(message!.TicketId, default))!;
    }

    public async Task<InboundOutcome> DeliverAsync(InboundEvent inbound)
    {
        var customer = await Customers.ResolveAsync(inbound.Customer, default);
        return await Handler.HandleAsync(new InboundContext(new InboundEnvelope(inbound), customer), default);
    }

    public async Task<Ticket> TicketAsync(TicketId id) => (await Store.GetAsync(id, default))!;

    public Task<IReadOnlyList<Message>> MessagesAsync(TicketId id) => Store.GetMessagesAsync(id, default);

    public Task<IReadOnlyList<TicketHistoryEntry>> HistoryAsync(TicketId id) => Store.GetHistoryAsync(id, default);

    public IReadOnlyList<T> EventsOf<T>()
        where T : TicketEvent => [.. Sink.Events.OfType<T>()];

    public Task<ReplyResult> ReplyAsync(TicketId id, string agent, string text, TicketState? then = null, bool isPrivate = false, MessageTemplate? template = null)
        => Engine.ReplyAsync(new ReplyRequest(id, new AgentId(agent), text.Length == 0 ? [] : [new TextPart(text)]) { ThenState = then, Private = isPrivate, Template = template });

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
