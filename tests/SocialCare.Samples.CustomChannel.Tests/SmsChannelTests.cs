using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;
using SocialCare.Core;
using SocialCare.Samples.CustomChannel.Sms;
using SocialCare.Testing;

namespace SocialCare.Samples.CustomChannel.Tests;

/// <summary>What the SMS channel does beyond the conformance suite: replay protection, delivery reports, opt-outs, registration.</summary>
public sealed class SmsChannelTests : IAsyncLifetime
{
    private readonly SmsHost _host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public async Task ReceiveAsync_SignatureOlderThanTheTolerance_IsRefusedAsInvalid()
    {
        var body = Callbacks.Of(Callbacks.Received("EV2001", "SM2001", "hello"));

        var stale = await _host.Adapter.ReceiveAsync(_host.Signed(body, at: _host.Time.GetUtcNow().AddMinutes(-6)), default);
        var recent = await _host.Adapter.ReceiveAsync(_host.Signed(body, at: _host.Time.GetUtcNow().AddMinutes(-4)), default);

        Assert.Equal((WebhookOutcome.Rejected, 401, WebhookRejection.InvalidSignature), (stale.Outcome, stale.StatusCode, stale.Rejection));
        Assert.Equal(WebhookOutcome.Accepted, recent.Outcome);
    }

    [Fact]
    public async Task ReceiveAsync_PreviousSecret_IsAcceptedDuringARotation()
    {
        var result = await _host.Adapter.ReceiveAsync(_host.Signed(Callbacks.Of(Callbacks.Received("EV2002", "SM2002", "hi")), SmsHost.PreviousWebhookSecret), default);

        Assert.Equal(WebhookOutcome.Accepted, result.Outcome);
    }

    [Fact]
    public async Task ReceiveAsync_FailedDeliveryReport_IsAStatusOfTheSentMessage_WithTheGatewaysReason()
    {
        var result = await _host.Adapter.ReceiveAsync(_host.Signed(Callbacks.Of(Callbacks.Status("EV2003", "SM0042", "undelivered", errorCode: "30003"))), default);

        var status = Assert.IsType<DeliveryStatusChanged>(Assert.Single(result.Events).Event);
        Assert.Equal((DeliveryStatus.Failed, new NetworkMessageId("SM0042")), (status.Status, status.MessageId));
        Assert.Equal(("30003", "Unreachable handset"), (status.Failure?.Code, status.Failure?.Reason));
        Assert.Equal(new NetworkUserId(Callbacks.Customer), status.Customer.UserKey);
    }

    [Fact]
    public async Task ReceiveAsync_CallbackForAnotherNumber_IsRefusedWith403()
    {
        var body = Callbacks.Of(Callbacks.Received("EV2004", "SM2004", "hi")).AsSpan().ToArray();
        var text = System.Text.Encoding.UTF8.GetString(body).Replace(SmsHost.Number, "+15550199", StringComparison.Ordinal);

        var result = await _host.Adapter.ReceiveAsync(_host.Signed(System.Text.Encoding.UTF8.GetBytes(text)), default);

        Assert.Equal((WebhookOutcome.Rejected, 403, WebhookRejection.UnknownAccount), (result.Outcome, result.StatusCode, result.Rejection));
    }

    [Fact]
    public async Task ReceiveAsync_MessageWithoutText_IsRefusedWith400()
    {
        var body = Callbacks.Of("""{"id":"EV2005","type":"message.received","message_id":"SM2005","from":"+447700900123","occurred_at":"2026-11-20T18:29:00Z"}""");

        var result = await _host.Adapter.ReceiveAsync(_host.Signed(body), default);

        Assert.Equal((WebhookOutcome.Rejected, 400), (result.Outcome, result.StatusCode));
    }

    [Fact]
    public async Task SendAsync_PostsFromTheNumber_WithTheApiKeyAndTheOutboxId()
    {
        var message = new OutboundMessage(MessageId.New(_host.Time.GetUtcNow()), Conversation(), [new TextPart("On its way"), new TextPart("Tracking: 4711")]);

        var result = await _host.Adapter.SendAsync(message, default);

        Assert.True(result.Succeeded);
        var body = Assert.Single(_host.Gateway.Bodies);
        Assert.Equal(SmsHost.Number, body.GetProperty("from").GetString());
        Assert.Equal("On its way\n\nTracking: 4711", body.GetProperty("text").GetString());
        Assert.Equal(message.Id.Value, body.GetProperty("client_reference").GetString());
        Assert.Equal("Bearer " + SmsHost.ApiKey, Assert.Single(_host.Gateway.Authorizations));
    }

    [Fact]
    public async Task SendAsync_OptedOutRecipient_IsRecipientUnavailable_NotRetried()
    {
        _host.Gateway.OptOut(Callbacks.Customer);

        var result = await _host.Adapter.SendAsync(new OutboundMessage(MessageId.New(_host.Time.GetUtcNow()), Conversation(), [new TextPart("Hello")]), default);

        Assert.Equal(ChannelErrorKind.RecipientUnavailable, result.Error?.Kind);
        Assert.Equal(("recipient_opted_out", 422, false), (result.Error!.Code, result.Error.StatusCode, result.Error.IsTransient));
    }

    [Fact]
    public async Task ThroughThePipeline_ACustomersText_OpensATicket_AndARedeliveryChangesNothing()
    {
        var body = Callbacks.Of(Callbacks.Received("EV2006", "SM2006", "My parcel never arrived"));

        var first = await _host.Pipeline.ProcessAsync(SmsHost.Channel, _host.Signed(body), default);
        var again = await _host.Pipeline.ProcessAsync(SmsHost.Channel, _host.Signed(body), default);

        Assert.Equal((200, 200), (first.StatusCode, again.StatusCode));
        var ticket = Assert.Single(await _host.Store.QueryTicketsAsync(new TicketQuery(), default));
        Assert.Single(await _host.Store.GetMessagesAsync(ticket.Id, default));
    }

    [Theory]
    [InlineData("ApiKey")]
    [InlineData("WebhookSecret")]
    [InlineData("PhoneNumber")]
    [InlineData("GatewayBaseUrl")]
    public async Task Start_WithAMissingOrBadOption_FailsWithAMessageNamingIt(string option)
    {
        await using var host = new SmsHost(o =>
        {
            switch (option)
            {
                case "ApiKey": o.ApiKey = string.Empty; break;
                case "WebhookSecret": o.WebhookSecret = "too-short"; break;
                case "PhoneNumber": o.PhoneNumber = "0044 7700 900123"; break;
                default: o.GatewayBaseUrl = new Uri("/relative", UriKind.Relative); break;
            }
        });

        var failure = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(option, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddSms_Twice_RegistersOneAdapter()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var builder = services.AddSocialCare();
        builder.AddSms(o => o.PhoneNumber = SmsHost.Number).AddSms(o => o.ApiKey = SmsHost.ApiKey);

        Assert.Single(services, d => d.ServiceType == typeof(IChannelAdapter));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<SmsOptions>) && d.ImplementationType?.Name == "SmsOptionsValidator");
    }

    private static ConversationRef Conversation()
        => ConversationRef.PrivateWith(new Participant(SmsHost.Channel, new ChannelAccountId(SmsHost.Number), new NetworkUserId(Callbacks.Customer)));
}
