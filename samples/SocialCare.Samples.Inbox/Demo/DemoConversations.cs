using System.Threading.Channels;
using SocialCare.Abstractions;
using SocialCare.Testing;

namespace SocialCare.Samples.Inbox.Demo;

/// <summary>
/// Demo mode's customers: plays scripted conversations, in Italian and English, on Facebook (Messenger and Page comments),
/// WhatsApp and X, as signed webhooks sent to the app's own <c>/webhooks</c> endpoints (a <see cref="WebhookDriver"/>), so
/// that tickets arrive in the inbox as they would from the networks. And the networks' side of the agents' replies: a few
/// seconds after a reply is sent, the network reports it delivered, then read.
/// </summary>
/// <remarks>
/// Registered in demo mode, unless <c>SocialCare:DemoConversations</c> is <see langword="false"/>, as a hosted service and
/// a ticket event sink (one instance). Starts once the server listens. Customer names and numbers are made up.
/// </remarks>
public sealed class DemoConversations : BackgroundService, ITicketEventSink
{
    /// <summary>The name of the HTTP client that sends the webhooks.</summary>
    public const string HttpClientName = "SocialCare.Samples.Inbox.Demo";

    private static readonly TimeSpan DeliveredAfter = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ReadAfter = TimeSpan.FromSeconds(6);

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly ILogger<DemoConversations> _logger;
    private readonly Channel<Message> _sent = Channel.CreateUnbounded<Message>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Initializes a new instance of the <see cref="DemoConversations"/> class.</summary>
    /// <param name="httpClientFactory">Creates the client the webhooks are sent with.</param>
    /// <param name="lifetime">Tells when the server listens.</param>
    /// <param name="services">Finds the server's address.</param>
    /// <param name="time">The clock the script waits on.</param>
    /// <param name="logger">Where the script says what it does.</param>
    public DemoConversations(IHttpClientFactory httpClientFactory, IHostApplicationLifetime lifetime, IServiceProvider services, TimeProvider time, ILogger<DemoConversations> logger)
    {
        _httpClientFactory = httpClientFactory;
        _lifetime = lifetime;
        _services = services;
        _time = time;
        _logger = logger;
    }

    /// <summary>Gets the script: when each customer writes (from the start of the app), on which channel, and what.</summary>
    public static IReadOnlyList<DemoStep> Script { get; } =
    [
        new(TimeSpan.FromSeconds(1), "WhatsApp: Giulia asks about a late order", d => d.WhatsAppTextAsync("393471234567", "Giulia Rossi", "Ciao! Il mio ordine 48213 non è ancora arrivato, doveva essere qui ieri. Potete controllare?")),
        new(TimeSpan.FromSeconds(3), "Messenger: a customer asks about stock", d => d.MessengerTextAsync("6241839201847562", "Hi! Is the Aurora kettle back in stock? I'd like the white one.")),
        new(TimeSpan.FromSeconds(5), "X: Luca mentions the brand about a payment error", d => d.XMentionAsync("1790000000000000101", "LucaFerri86", "il sito non mi fa completare il pagamento da stamattina, errore 502. Aiuto?")),
        new(TimeSpan.FromSeconds(7), "Facebook: Maria comments on a post", d => d.PageCommentAsync($"{DemoAccounts.PageId}_1184739201847563", "8172635401928374", "Maria Lopez", "My kettle arrived with a cracked lid. Not happy at all!")),
        new(TimeSpan.FromSeconds(9), "X: Tom writes a DM about a double charge", d => d.XDirectMessageAsync("1790000000000000102", "tombaker_uk", "Tom Baker", "Hi, I was charged twice for order 77120. Could you refund one of the payments?")),
        new(TimeSpan.FromSeconds(11), "WhatsApp: James wants to change his address", d => d.WhatsAppTextAsync("447700900123", "James O'Connor", "Hello, can I still change the delivery address for order 51877? I'm moving on Friday.")),
        new(TimeSpan.FromSeconds(14), "WhatsApp: Giulia adds her tracking number", d => d.WhatsAppTextAsync("393471234567", "Giulia Rossi", "Il numero di tracking è AC-553, se può servire.")),
        new(TimeSpan.FromSeconds(25), "Facebook: Francesca asks about a promotion", d => d.PageCommentAsync($"{DemoAccounts.PageId}_1184739201847999", "8172635401920001", "Francesca Neri", "Avete ancora la promo del 20% sui bollitori? Sul sito non la trovo.")),
        new(TimeSpan.FromSeconds(40), "Messenger: the stock question goes on", d => d.MessengerTextAsync("6241839201847562", "Also, do you ship to Ireland?")),
        new(TimeSpan.FromSeconds(60), "X: Sarah thanks the brand", d => d.XMentionAsync("1790000000000000103", "sarahcodes", "thanks for the quick fix yesterday, all good now!")),
        new(TimeSpan.FromSeconds(90), "WhatsApp: Paolo wants to return an item", d => d.WhatsAppTextAsync("393331112223", "Paolo Greco", "Buongiorno, vorrei restituire un articolo che non mi va bene. Come faccio?")),
        new(TimeSpan.FromSeconds(120), "X: Tom asks again about his refund", d => d.XDirectMessageAsync("1790000000000000102", "tombaker_uk", "Tom Baker", "Any news on the refund? It's been a couple of days.")),
    ];

    /// <inheritdoc/>
    public Task PublishAsync(TicketEvent ticketEvent, CancellationToken cancellationToken)
    {
        // An agent's reply the network accepted: the demo's network reports it delivered and read, as the real one would.
        if (ticketEvent is MessageUpdated { Message: { Direction: MessageDirection.Outbound, Status: DeliveryStatus.Sent, NetworkId: not null } message }
            && message.Conversation.Visibility == ConversationVisibility.Private | message.PrivateReply)
        {
            _sent.Writer.TryWrite(message);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await WaitForStartAsync(stoppingToken).ConfigureAwait(false))
        {
            return;
        }

        var client = _httpClientFactory.CreateClient(HttpClientName);
        client.BaseAddress = new Uri(InboxApp.GetBaseAddress(_services), "webhooks/");
        var driver = new WebhookDriver(client, new WebhookDriverOptions { TimeProvider = _time });
        try
        {
            await DemoListening.PublishAsync(_services.GetRequiredService<IInboundEventPublisher>(), _time, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "The demo's listening posts could not be published");
        }

        await Task.WhenAll(PlayAsync(driver, stoppingToken), EchoAsync(driver, stoppingToken)).ConfigureAwait(false);
    }

    private async Task<bool> WaitForStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = _lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        try
        {
            await started.Task.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task PlayAsync(WebhookDriver driver, CancellationToken stoppingToken)
    {
        var start = _time.GetTimestamp();
        foreach (var step in Script)
        {
            var wait = step.At - _time.GetElapsedTime(start);
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, stoppingToken).ConfigureAwait(false);
                }

                var delivery = await step.Send(driver).ConfigureAwait(false);
                if (delivery.StatusCode >= 300)
                {
                    _logger.LogWarning("Demo step '{Step}' was answered {StatusCode}", step.Description, delivery.StatusCode);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException ex)
            {
                _logger.LogWarning(ex, "Demo step '{Step}' could not reach the app", step.Description);
            }
        }
    }

    private async Task EchoAsync(WebhookDriver driver, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in _sent.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                _ = Task.Run(() => ReportAsync(driver, message, stoppingToken), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    private async Task ReportAsync(WebhookDriver driver, Message message, CancellationToken stoppingToken)
    {
        var networkId = message.NetworkId!.Value.Value;
        var customer = message.Conversation.Thread.Value;
        try
        {
            await Task.Delay(DeliveredAfter, _time, stoppingToken).ConfigureAwait(false);
            if (message.Conversation.Channel == ChannelId.WhatsApp)
            {
                await driver.WhatsAppStatusesAsync(networkId, customer, ["delivered"], stoppingToken).ConfigureAwait(false);
                await Task.Delay(ReadAfter - DeliveredAfter, _time, stoppingToken).ConfigureAwait(false);
                await driver.WhatsAppStatusesAsync(networkId, customer, ["read"], stoppingToken).ConfigureAwait(false);
            }
            else if (message.Conversation.Channel == ChannelId.Facebook && message.Conversation.Visibility == ConversationVisibility.Private)
            {
                await driver.MessengerDeliveredAsync(customer, [networkId], stoppingToken).ConfigureAwait(false);
                await Task.Delay(ReadAfter - DeliveredAfter, _time, stoppingToken).ConfigureAwait(false);
                await driver.MessengerReadAsync(customer, stoppingToken).ConfigureAwait(false);
            }
            else if (message.Conversation.Channel == ChannelId.X && message.Conversation.Visibility == ConversationVisibility.Private)
            {
                await Task.Delay(ReadAfter - DeliveredAfter, _time, stoppingToken).ConfigureAwait(false);
                await driver.XReadAsync(customer, networkId, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        catch (HttpRequestException ex)
        {
            _logger.LogWarning(ex, "The demo network could not report a reply's delivery");
        }
    }
}

/// <summary>One step of the demo script: a customer writes.</summary>
/// <param name="At">When, from the start of the app.</param>
/// <param name="Description">What happens, for the log.</param>
/// <param name="Send">Sends the webhook.</param>
public sealed record DemoStep(TimeSpan At, string Description, Func<WebhookDriver, Task<WebhookDelivery>> Send);
