using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SocialCare.Storage.PostgreSql.Tests;

/// <summary>
/// One app instance: a full SocialCare service provider (AddSocialCare, a counting test channel, UsePostgreSql on the
/// test's schema), as one of several instances behind a load balancer would have. The background loop is not started:
/// tests drive the scheduler themselves.
/// </summary>
internal sealed class AppInstance : IAsyncDisposable
{
    public static readonly ChannelId Channel = new("pgtest");
    public static readonly ChannelAccountId Account = new("brand");
    public static readonly AgentId Agent = new("zoe");

    private readonly ServiceProvider _provider;

    public AppInstance(
        TestDatabase database,
        FakeTimeProvider time,
        SentCounter sent,
        Action<SocialCareOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        Action<PostgreSqlStoreOptions>? store = null)
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(time);
        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(Logs));
        collection.AddSingleton<ITicketEventSink>(Sink);
        collection.AddSingleton<IChannelAdapter>(new CountingChannel(sent));
        collection.AddSocialCare(configure)
            .UsePostgreSql(database.ConnectionString, o =>
            {
                o.Schema = database.Schema;
                o.RetryDelay = TimeSpan.FromMilliseconds(5);
                store?.Invoke(o);
            });
        services?.Invoke(collection);
        _provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        // The agent who answers; offline, so that automatic assignment leaves tickets alone.
        ((InMemoryAgentDirectory)_provider.GetRequiredService<IAgentDirectory>()).Upsert(new Agent(Agent, "Zoe"));
    }

    public TestLoggerProvider Logs { get; } = new() { MinimumLevel = LogLevel.Debug };

    public RecordingSink Sink { get; } = new();

    public IServiceProvider Services => _provider;

    public IInboundEventPublisher Publisher => _provider.GetRequiredService<IInboundEventPublisher>();

    public ITicketEngine Engine => _provider.GetRequiredService<ITicketEngine>();

    public TicketScheduler Scheduler => _provider.GetRequiredService<TicketScheduler>();

    public ITicketStore Store => _provider.GetRequiredService<ITicketStore>();

    public static Participant Customer(int number) => new(Channel, Account, new NetworkUserId($"user-{number}")) { DisplayName = $"Customer {number}" };

    /// <summary>A customer's text message, as the channel would deliver it.</summary>
    public static InboundEnvelope Message(int customer, int index, DateTimeOffset at)
    {
        var who = Customer(customer);
        return new InboundEnvelope(new MessageReceived(
            new IdempotencyKey(Channel, Account, $"ev-{customer}-{index}"),
            ConversationRef.PrivateWith(who),
            who,
            at,
            new NetworkMessageId($"nm-{customer}-{index}"),
            [new TextPart($"message {index} of customer {customer}")]));
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}

/// <summary>Counts what the test channel is asked to send, by SocialCare's message id, across instances.</summary>
internal sealed class SentCounter
{
    private readonly ConcurrentDictionary<MessageId, int> _sends = new();

    public IReadOnlyDictionary<MessageId, int> Sends => _sends;

    public int Record(MessageId id) => _sends.AddOrUpdate(id, 1, static (_, n) => n + 1);
}

/// <summary>A channel that receives through <see cref="IInboundEventPublisher"/> only, and sends by counting.</summary>
internal sealed class CountingChannel(SentCounter counter) : IChannelAdapter
{
    public ChannelId Channel => AppInstance.Channel;

    public ChannelCapabilities Capabilities { get; } = new(ChannelFeatures.None, MessagePartKinds.Text);

    public ValueTask<WebhookResult> ReceiveAsync(WebhookRequest request, CancellationToken cancellationToken)
        => ValueTask.FromResult(WebhookResult.Ignored("the test channel receives through the publisher"));

    public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var count = counter.Record(message.Id);
        return Task.FromResult(SendResult.Sent(new NetworkMessageId($"out-{message.Id}-{count}")));
    }
}

/// <summary>A ticket event sink that records what it receives.</summary>
internal sealed class RecordingSink : ITicketEventSink
{
    private readonly ConcurrentQueue<TicketEvent> _events = new();

    public IReadOnlyList<TicketEvent> Events => [.. _events];

    public Task PublishAsync(TicketEvent ticketEvent, CancellationToken cancellationToken)
    {
        _events.Enqueue(ticketEvent);
        return Task.CompletedTask;
    }
}
