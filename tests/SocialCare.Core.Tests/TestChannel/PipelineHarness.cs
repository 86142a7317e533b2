using Microsoft.Extensions.Logging;
using SocialCare.Testing;

namespace SocialCare.Core.Tests.TestChannel;

/// <summary>A service provider with SocialCare, the test channel, a fake clock, captured logs and recorded sink events.</summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public PipelineHarness(Action<ISocialCareBuilder>? configure = null, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(Time);
        collection.AddLogging(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        collection.AddSingleton<ITicketEventSink>(Sink);
        services?.Invoke(collection);
        var builder = collection.AddSocialCare()
            .AddTestChannel(o => o.Secret = TestWebhooks.Secret);
        configure?.Invoke(builder);
        _provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public FakeTimeProvider Time { get; } = new(TestWebhooks.Start.AddMinutes(1));

    public TestLoggerProvider Logs { get; } = new();

    public RecordingSink Sink { get; } = new();

    public IWebhookPipeline Pipeline => _provider.GetRequiredService<IWebhookPipeline>();

    public ITicketStore Store => _provider.GetRequiredService<ITicketStore>();

    public TestChannelAdapter Adapter => _provider.GetRequiredService<TestChannelAdapter>();

    public IServiceProvider Services => _provider;

    public Task<WebhookResponse> PostAsync(WebhookRequest request) => Pipeline.ProcessAsync(TestChannelAdapter.Id, request, CancellationToken.None);

    public async Task<IReadOnlyList<Message>> TimelineAsync(string user)
    {
        var participant = new Participant(TestChannelAdapter.Id, new ChannelAccountId(TestWebhooks.Account), new NetworkUserId(user));
        var customer = await _provider.GetRequiredService<ICustomerDirectory>().ResolveAsync(participant, CancellationToken.None);
        var ticket = await Store.FindActiveAsync(ConversationRef.PrivateWith(participant), customer.Id, CancellationToken.None);
        return ticket is null ? [] : await Store.GetMessagesAsync(ticket.Id, CancellationToken.None);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}

/// <summary>A ticket event sink that records what it receives.</summary>
internal sealed class RecordingSink : ITicketEventSink
{
    private readonly Lock _gate = new();
    private readonly List<TicketEvent> _events = [];

    public IReadOnlyList<TicketEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    public Task PublishAsync(TicketEvent ticketEvent, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _events.Add(ticketEvent);
        }

        return Task.CompletedTask;
    }
}
