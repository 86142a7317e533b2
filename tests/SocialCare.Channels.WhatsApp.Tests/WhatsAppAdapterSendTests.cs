using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SocialCare.Abstractions;
using SocialCare.Testing.Meta;

namespace SocialCare.Channels.WhatsApp.Tests;

public sealed class WhatsAppAdapterSendTests
{
    private const string OliverPhone = "447700900123";
    private const string OliverBsuid = "GB.1839201746502938";
    private const string RafaBsuid = "BR.5019283746510293";
    private const string CustomerWamid = "wamid.HBgMNDQ3NzAwOTAwMTIzFQIAEhgUMDU4ODA1QkU5Q0VEQTMzQzE2Q0EA";
    private const string MessagesPath = $"/v25.0/{WhatsAppHost.PhoneNumberId}/messages";
    private const string Bearer = $"Bearer {WhatsAppHost.AccessToken}";

    private static readonly ChannelAccountId Number = new(WhatsAppHost.PhoneNumberId);
    private static readonly Participant Oliver = new(ChannelId.WhatsApp, Number, new NetworkUserId(OliverBsuid)) { Phone = OliverPhone, DisplayName = "Oliver Hughes" };
    private static readonly ConversationRef OliverChat = ConversationRef.PrivateWith(Oliver);

    private static readonly TemplateDefinition OrderUpdate = new("order_update", "en_US") { BodyParameters = 2, Description = "Hi {{1}}, order {{2}} has shipped." };

    private static OutboundMessage Message(WhatsAppHost host, TimeSpan? sinceCustomerWrote, params MessagePart[] parts)
        => new(MessageId.New(host.Time.GetUtcNow()), OliverChat, parts)
        {
            Recipient = Oliver,
            Agent = new AgentId("zoe"),
            CustomerLastMessageAt = sinceCustomerWrote is { } since ? host.Time.GetUtcNow() - since : null,
        };

    private static OutboundMessage Reply(WhatsAppHost host, string text = "Your parcel left today.", TimeSpan? sinceCustomerWrote = null)
        => Message(host, sinceCustomerWrote ?? TimeSpan.FromHours(3), new TextPart(text));

    private static OutboundMessage Template(WhatsAppHost host, MessageTemplate template, TimeSpan sinceCustomerWrote)
        => Message(host, sinceCustomerWrote) with { Template = template };

    private static MessageTemplate OrderUpdateWith(params string[] values)
        => new("order_update", "en_US")
        {
            Components = [new TemplateComponent(TemplateComponentType.Body) { Parameters = [.. values.Select(v => new TemplateParameter(TemplateParameterKind.Text, v))] }],
        };

    private static JsonElement Body(GraphApiRequest request) => JsonDocument.Parse(request.Body).RootElement;

    private static GraphApiRequest AssertOneMessagesPost(WhatsAppHost host)
    {
        var request = Assert.Single(host.Graph.Requests);
        AssertMessagesPost(request);
        return request;
    }

    private static void AssertMessagesPost(GraphApiRequest request)
    {
        Assert.Equal("POST", request.Method);
        Assert.Equal(MessagesPath, request.Path);
        Assert.Equal(Bearer, request.Authorization);
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal(string.Empty, request.Query);
    }

    private static void AssertJson(string expected, string actual)
        => Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)), $"Expected {expected}\nActual   {actual}");

    // ------------------------------------------------------------------ content

    [Fact]
    public async Task Send_TextReplyInsideTheWindow_PostsOneTextMessageQuotingTheCustomer()
    {
        await using var host = new WhatsAppHost();
        var message = Reply(host) with { ReplyTo = new NetworkMessageId(CustomerWamid) };

        var result = await host.Adapter.SendAsync(message, default);

        Assert.True(result.Succeeded, result.Error?.Message);
        var request = AssertOneMessagesPost(host);
        AssertJson(
            $$"""
            {"messaging_product":"whatsapp","recipient_type":"individual","to":"{{OliverPhone}}",
             "context":{"message_id":"{{CustomerWamid}}"},"type":"text",
             "text":{"body":"Your parcel left today.","preview_url":true},
             "biz_opaque_callback_data":"socialcare:{{message.Id.Value}}"}
            """,
            request.Body);
        Assert.StartsWith("wamid.", result.NetworkId!.Value.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_WithPreviewLinksOff_SaysSo()
    {
        await using var host = new WhatsAppHost(o => o.PreviewLinks = false);

        await host.Adapter.SendAsync(Reply(host, "See https://example.com/track"), default);

        Assert.False(Body(AssertOneMessagesPost(host)).GetProperty("text").GetProperty("preview_url").GetBoolean());
    }

    [Fact]
    public async Task Send_MediaById_PostsTheIdAndCaption()
    {
        await using var host = new WhatsAppHost();
        var message = Message(host, TimeSpan.FromHours(1), new MediaPart(MediaKind.Image) { NetworkMediaId = "1029384756102938", Caption = "Your receipt" });

        var result = await host.Adapter.SendAsync(message, default);

        Assert.True(result.Succeeded, result.Error?.Message);
        var body = Body(AssertOneMessagesPost(host));
        Assert.Equal("image", body.GetProperty("type").GetString());
        Assert.Equal("1029384756102938", body.GetProperty("image").GetProperty("id").GetString());
        Assert.Equal("Your receipt", body.GetProperty("image").GetProperty("caption").GetString());
        Assert.False(body.GetProperty("image").TryGetProperty("link", out _));
    }

    [Fact]
    public async Task Send_DocumentByLink_PostsTheLinkAndFileName()
    {
        await using var host = new WhatsAppHost();
        var message = Message(host, TimeSpan.FromHours(1), new MediaPart(MediaKind.Document) { Url = new Uri("https://files.example.com/invoice-48213.pdf"), FileName = "invoice-48213.pdf" });

        var result = await host.Adapter.SendAsync(message, default);

        Assert.True(result.Succeeded, result.Error?.Message);
        var document = Body(AssertOneMessagesPost(host)).GetProperty("document");
        Assert.Equal("https://files.example.com/invoice-48213.pdf", document.GetProperty("link").GetString());
        Assert.Equal("invoice-48213.pdf", document.GetProperty("filename").GetString());
    }

    [Fact]
    public async Task Send_TextWithButtons_PostsOneInteractiveButtonMessage()
    {
        await using var host = new WhatsAppHost();
        var message = Message(
            host,
            TimeSpan.FromHours(1),
            new TextPart("Did this answer your question?"),
            new ChoicePart(ChoiceKind.Button, "Yes, thanks", "csat_yes"),
            new ChoicePart(ChoiceKind.QuickReply, "Not really", "csat_no"));

        var result = await host.Adapter.SendAsync(message, default);

        Assert.True(result.Succeeded, result.Error?.Message);
        var body = Body(AssertOneMessagesPost(host));
        Assert.Equal("interactive", body.GetProperty("type").GetString());
        AssertJson(
            """
            {"type":"button","body":{"text":"Did this answer your question?"},
             "action":{"buttons":[{"type":"reply","reply":{"id":"csat_yes","title":"Yes, thanks"}},
                                  {"type":"reply","reply":{"id":"csat_no","title":"Not really"}}]}}
            """,
            body.GetProperty("interactive").GetRawText());
    }

    [Fact]
    public async Task Send_TextWithListRows_PostsOneInteractiveListWithTheConfiguredButton()
    {
        await using var host = new WhatsAppHost(o => o.ListButtonText = "Pick a slot");
        var message = Message(
            host,
            TimeSpan.FromHours(1),
            new TextPart("When should the courier come?"),
            new ChoicePart(ChoiceKind.ListItem, "Mon 09:00-12:00", "slot_mon_am") { Section = "Monday", Description = "Morning" },
            new ChoicePart(ChoiceKind.ListItem, "Mon 13:00-17:00", "slot_mon_pm") { Section = "Monday" },
            new ChoicePart(ChoiceKind.ListItem, "Tue 09:00-12:00", "slot_tue_am") { Section = "Tuesday" });

        var result = await host.Adapter.SendAsync(message, default);

        Assert.True(result.Succeeded, result.Error?.Message);
        var body = Body(AssertOneMessagesPost(host));
        AssertJson(
            """
            {"type":"list","body":{"text":"When should the courier come?"},
             "action":{"button":"Pick a slot","sections":[
               {"title":"Monday","rows":[{"id":"slot_mon_am","title":"Mon 09:00-12:00","description":"Morning"},{"id":"slot_mon_pm","title":"Mon 13:00-17:00"}]},
               {"title":"Tuesday","rows":[{"id":"slot_tue_am","title":"Tue 09:00-12:00"}]}]}}
            """,
            body.GetProperty("interactive").GetRawText());
    }

    [Fact]
    public async Task Send_Reaction_PostsTheTargetAndEmoji()
    {
        await using var host = new WhatsAppHost();
        var message = Message(host, TimeSpan.FromHours(1), new ReactionPart("👍", new NetworkMessageId(CustomerWamid)));

        var result = await host.Adapter.SendAsync(message, default);

        Assert.True(result.Succeeded, result.Error?.Message);
        var body = Body(AssertOneMessagesPost(host));
        Assert.Equal("reaction", body.GetProperty("type").GetString());
        Assert.Equal(CustomerWamid, body.GetProperty("reaction").GetProperty("message_id").GetString());
        Assert.Equal("👍", body.GetProperty("reaction").GetProperty("emoji").GetString());
    }

    [Fact]
    public async Task Send_SeveralParts_PostsOneMessageEachAndAnswersTheFirstWamid()
    {
        var answers = new AnswerRecorder();
        await using var host = new WhatsAppHost(services: s => s.AddHttpClient(WhatsAppDefaults.HttpClientName).AddHttpMessageHandler(() => answers));
        var message = Message(
            host,
            TimeSpan.FromHours(1),
            new TextPart("Here is your receipt and where to collect the parcel."),
            new MediaPart(MediaKind.Document) { NetworkMediaId = "1029384756102938", FileName = "receipt.pdf" },
            new LocationPart(51.5080, -0.1281) { Name = "Pick-up point", Address = "Trafalgar Square, London" }) with
        { ReplyTo = new NetworkMessageId(CustomerWamid) };

        var result = await host.Adapter.SendAsync(message, default);

        Assert.True(result.Succeeded, result.Error?.Message);
        var requests = host.Graph.Requests;
        Assert.Equal(3, requests.Count);
        Assert.All(requests, AssertMessagesPost);
        Assert.Equal(["text", "document", "location"], requests.Select(r => Body(r).GetProperty("type").GetString()));
        Assert.True(Body(requests[0]).TryGetProperty("context", out _));
        Assert.False(Body(requests[1]).TryGetProperty("context", out _));
        Assert.All(requests, r => Assert.Equal("socialcare:" + message.Id.Value, Body(r).GetProperty("biz_opaque_callback_data").GetString()));

        var wamids = answers.Answers.Select(a => JsonDocument.Parse(a).RootElement.GetProperty("messages")[0].GetProperty("id").GetString()).ToList();
        Assert.Equal(3, wamids.Distinct().Count());
        Assert.Equal(wamids[0], result.NetworkId!.Value.Value);
    }

    [Fact]
    public async Task Send_ToACustomerKnownOnlyByBusinessScopedId_UsesTheRecipientField()
    {
        await using var host = new WhatsAppHost();
        var rafa = new Participant(ChannelId.WhatsApp, Number, new NetworkUserId(RafaBsuid)) { Handle = "rafa.design" };
        var message = new OutboundMessage(MessageId.New(host.Time.GetUtcNow()), ConversationRef.PrivateWith(rafa), [new TextPart("Your order ships tomorrow.")])
        {
            Recipient = rafa,
            CustomerLastMessageAt = host.Time.GetUtcNow().AddMinutes(-5),
        };

        var result = await host.Adapter.SendAsync(message, default);

        Assert.True(result.Succeeded, result.Error?.Message);
        var body = Body(AssertOneMessagesPost(host));
        Assert.Equal(RafaBsuid, body.GetProperty("recipient").GetString());
        Assert.False(body.TryGetProperty("to", out _));
    }

    [Fact]
    public async Task Send_WithoutARecipient_SendsToTheConversationsThread()
    {
        await using var host = new WhatsAppHost();
        var conversation = new ConversationRef(ChannelId.WhatsApp, Number, new ThreadId("+" + OliverPhone), ConversationVisibility.Private);

        var result = await host.Adapter.SendAsync(new OutboundMessage(MessageId.New(host.Time.GetUtcNow()), conversation, [new TextPart("Hello")]), default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(OliverPhone, Body(AssertOneMessagesPost(host)).GetProperty("to").GetString());
    }

    [Fact]
    public async Task Send_FromTheSecondNumber_PostsToItsPath()
    {
        await using var host = new WhatsAppHost(o => o.PhoneNumbers[1].AccessToken = "EAAG-wa-token-second");
        var account = new ChannelAccountId(WhatsAppHost.SecondPhoneNumberId);
        var customer = Oliver with { Account = account };

        var result = await host.Adapter.SendAsync(new OutboundMessage(MessageId.New(host.Time.GetUtcNow()), ConversationRef.PrivateWith(customer), [new TextPart("Hi")]) { Recipient = customer }, default);

        Assert.True(result.Succeeded, result.Error?.Message);
        var request = Assert.Single(host.Graph.Requests);
        Assert.Equal($"/v25.0/{WhatsAppHost.SecondPhoneNumberId}/messages", request.Path);
        Assert.Equal("Bearer EAAG-wa-token-second", request.Authorization);
    }

    [Fact]
    public async Task Send_WithAppSecretProof_AddsItToTheQuery()
    {
        await using var host = new WhatsAppHost(o => o.UseAppSecretProof = true);

        await host.Adapter.SendAsync(Reply(host), default);

        var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(WhatsAppHost.AppSecret), System.Text.Encoding.UTF8.GetBytes(WhatsAppHost.AccessToken)));
        Assert.Equal("appsecret_proof=" + expected, Assert.Single(host.Graph.Requests).Query);
    }

    // ------------------------------------------------------------------ window and templates

    [Fact]
    public async Task Send_TemplateOutsideTheWindowInTheCatalogue_PostsTheTemplate()
    {
        await using var host = new WhatsAppHost(o => o.Templates.Add(OrderUpdate));
        var message = Template(host, OrderUpdateWith("Oliver", "48213"), TimeSpan.FromHours(25));

        var result = await host.Adapter.SendAsync(message, default);

        Assert.True(result.Succeeded, result.Error?.Message);
        var body = Body(AssertOneMessagesPost(host));
        Assert.Equal("template", body.GetProperty("type").GetString());
        AssertJson(
            """
            {"name":"order_update","language":{"policy":"deterministic","code":"en_US"},
             "components":[{"type":"body","parameters":[{"type":"text","text":"Oliver"},{"type":"text","text":"48213"}]}]}
            """,
            body.GetProperty("template").GetRawText());
    }

    [Fact]
    public async Task Send_FreeTextOutsideTheWindow_IsRefusedBeforeAnyCall()
    {
        await using var host = new WhatsAppHost();

        var result = await host.Adapter.SendAsync(Reply(host, sinceCustomerWrote: TimeSpan.FromHours(25)), default);

        Assert.False(result.Succeeded);
        Assert.Equal(ChannelErrorKind.OutsideReplyWindow, result.Error!.Kind);
        Assert.True(result.Error.OutsideReplyWindow);
        Assert.False(result.Error.IsTransient);
        Assert.Empty(host.Graph.Requests);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 3004 && e.Message.Contains("outside_window", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_FreeTextAtTheWindowsEdge_GoesJustBeforeAndNotAtIt()
    {
        await using var host = new WhatsAppHost();

        var inside = await host.Adapter.SendAsync(Reply(host, sinceCustomerWrote: TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1)), default);
        var at = await host.Adapter.SendAsync(Reply(host, sinceCustomerWrote: TimeSpan.FromHours(24)), default);

        Assert.True(inside.Succeeded);
        Assert.Equal(ChannelErrorKind.OutsideReplyWindow, at.Error!.Kind);
        Assert.Single(host.Graph.Requests);
    }

    [Fact]
    public async Task Send_FreeTextWhenTheLastCustomerMessageIsUnknown_LeavesTheDecisionToWhatsApp()
    {
        await using var host = new WhatsAppHost();

        var result = await host.Adapter.SendAsync(Message(host, null, new TextPart("Hello again")), default);

        Assert.True(result.Succeeded);
        AssertOneMessagesPost(host);
    }

    [Fact]
    public async Task Send_TemplateNotInTheCatalogue_IsRefusedBeforeAnyCall()
    {
        await using var host = new WhatsAppHost(o => o.Templates.Add(OrderUpdate));
        var message = Template(host, new MessageTemplate("spring_sale", "en_US"), TimeSpan.FromDays(3));

        var result = await host.Adapter.SendAsync(message, default);

        Assert.Equal(ChannelErrorKind.Refused, result.Error!.Kind);
        Assert.Equal("template_not_found", result.Error.Code);
        Assert.Contains("spring_sale", result.Error.Message, StringComparison.Ordinal);
        Assert.Empty(host.Graph.Requests);
    }

    [Fact]
    public async Task Send_TemplateInAnotherLanguage_IsRefusedBeforeAnyCall()
    {
        await using var host = new WhatsAppHost(o => o.Templates.Add(OrderUpdate));
        var message = Template(host, OrderUpdateWith("Oliver", "48213") with { Language = "it" }, TimeSpan.FromDays(3));

        var result = await host.Adapter.SendAsync(message, default);

        Assert.Equal("template_not_found", result.Error!.Code);
        Assert.Empty(host.Graph.Requests);
    }

    [Fact]
    public async Task Send_TemplateWithTheWrongParameterCount_IsRefusedNamingTheProblem()
    {
        await using var host = new WhatsAppHost(o => o.Templates.Add(OrderUpdate));
        var message = Template(host, OrderUpdateWith("Oliver"), TimeSpan.FromHours(30));

        var result = await host.Adapter.SendAsync(message, default);

        Assert.Equal(ChannelErrorKind.Refused, result.Error!.Kind);
        Assert.Equal("template_invalid", result.Error.Code);
        Assert.Contains("takes 2 parameter(s), but 1 were given", result.Error.Message, StringComparison.Ordinal);
        Assert.Empty(host.Graph.Requests);
    }

    [Fact]
    public async Task Send_TemplateOfTheNumbersOwnCatalogue_IsAllowedOnlyFromThatNumber()
    {
        await using var host = new WhatsAppHost(o =>
        {
            o.PhoneNumbers[0].Templates.Add(OrderUpdate);
            o.PhoneNumbers[1].Templates.Add(new TemplateDefinition("hello_world", "en_US"));
        });
        var message = Template(host, OrderUpdateWith("Oliver", "48213"), TimeSpan.FromDays(2));
        var second = new ChannelAccountId(WhatsAppHost.SecondPhoneNumberId);
        var fromSecond = message with { Conversation = OliverChat with { Account = second }, Recipient = Oliver with { Account = second } };

        var first = await host.Adapter.SendAsync(message, default);
        var other = await host.Adapter.SendAsync(fromSecond, default);

        Assert.True(first.Succeeded, first.Error?.Message);
        Assert.Equal("template_not_found", other.Error!.Code);
        Assert.Single(host.Graph.Requests);
    }

    [Fact]
    public async Task Send_AnyTemplateWithAnEmptyCatalogue_GoesToTheNetwork()
    {
        await using var host = new WhatsAppHost();
        var message = Template(host, new MessageTemplate("anything_goes", "pt_BR"), TimeSpan.FromDays(6));

        var result = await host.Adapter.SendAsync(message, default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("anything_goes", Body(AssertOneMessagesPost(host)).GetProperty("template").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Send_TemplateTheNetworkDoesNotKnow_Is132001InvalidRequestNotTransient()
    {
        await using var host = new WhatsAppHost();
        host.Graph.FailNext(400, 132001, "template name (anything_goes) does not exist in pt_BR");

        var result = await host.Adapter.SendAsync(Template(host, new MessageTemplate("anything_goes", "pt_BR"), TimeSpan.FromDays(6)), default);

        Assert.Equal(ChannelErrorKind.InvalidRequest, result.Error!.Kind);
        Assert.Equal("132001", result.Error.Code);
        Assert.False(result.Error.IsTransient);
        Assert.Null(result.Error.RetryAfter);
        Assert.Contains("does not exist in pt_BR", result.Error.Message, StringComparison.Ordinal);
        Assert.Single(host.Graph.Requests);
    }

    [Fact]
    public async Task Send_FromAnUnknownPhoneNumberId_IsRefusedBeforeAnyCall()
    {
        await using var host = new WhatsAppHost();
        var account = new ChannelAccountId("999999999999999");
        var message = Reply(host) with { Conversation = OliverChat with { Account = account }, Recipient = Oliver with { Account = account } };

        var result = await host.Adapter.SendAsync(message, default);

        Assert.Equal(ChannelErrorKind.Refused, result.Error!.Kind);
        Assert.Equal("unknown_phone_number", result.Error.Code);
        Assert.Empty(host.Graph.Requests);
    }

    [Fact]
    public async Task Send_TooLongText_IsRefusedNotCut()
    {
        await using var host = new WhatsAppHost();

        var result = await host.Adapter.SendAsync(Reply(host, new string('a', WhatsAppDefaults.MaxTextLength + 1)), default);

        Assert.Equal(ChannelErrorKind.Refused, result.Error!.Kind);
        Assert.Empty(host.Graph.Requests);
    }

    [Fact]
    public async Task Send_ToAPublicThreadOrAsAPrivateReply_IsNotSupported()
    {
        await using var host = new WhatsAppHost();
        var publicThread = OliverChat with { Visibility = ConversationVisibility.Public };

        await Assert.ThrowsAsync<NotSupportedException>(() => host.Adapter.SendAsync(Reply(host) with { Conversation = publicThread }, default));
        await Assert.ThrowsAsync<NotSupportedException>(() => host.Adapter.SendAsync(Reply(host) with { PrivateReply = true }, default));
        Assert.Empty(host.Graph.Requests);
    }

    [Fact]
    public async Task Send_ToAnotherChannel_Throws()
    {
        await using var host = new WhatsAppHost();

        await Assert.ThrowsAsync<ArgumentException>(() => host.Adapter.SendAsync(Reply(host) with { Conversation = OliverChat with { Channel = ChannelId.Facebook } }, default));
    }

    // ------------------------------------------------------------------ Cloud API errors

    [Fact]
    public async Task Send_131047_IsOutsideTheReplyWindow()
    {
        await using var host = new WhatsAppHost();
        host.Graph.FailNext(400, 131047, "Message failed to send because more than 24 hours have passed since the customer last replied to this number.");

        var result = await host.Adapter.SendAsync(Reply(host), default);

        Assert.Equal(ChannelErrorKind.OutsideReplyWindow, result.Error!.Kind);
        Assert.True(result.Error.OutsideReplyWindow);
        Assert.False(result.Error.IsTransient);
        Assert.Equal("131047", result.Error.Code);
        Assert.Equal(400, result.Error.StatusCode);
        Assert.Equal("OAuthException", result.Error.ErrorType);
        Assert.StartsWith("Emu", result.Error.TraceId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_131026_IsRecipientUnavailable()
    {
        await using var host = new WhatsAppHost();
        host.Graph.FailNext(400, 131026, "Message Undeliverable.");

        var result = await host.Adapter.SendAsync(Reply(host), default);

        Assert.Equal(ChannelErrorKind.RecipientUnavailable, result.Error!.Kind);
        Assert.False(result.Error.IsTransient);
    }

    [Fact]
    public async Task Send_130429AsGraphSendsIt_IsRateLimitedWithTheRetryAfterAndNotRetriedInline()
    {
        // Graph answers the throughput limit with HTTP 400, so the resilience handler (which retries 429 and 5xx) passes it on.
        await using var host = new WhatsAppHost();
        host.Graph.FailNext(400, 130429, "Cloud API message throughput has been reached.", retryAfter: TimeSpan.FromSeconds(2));

        var result = await host.Adapter.SendAsync(Reply(host), default);

        Assert.Equal(ChannelErrorKind.RateLimited, result.Error!.Kind);
        Assert.True(result.Error.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(2), result.Error.RetryAfter);
        Assert.Equal("130429", result.Error.Code);
        Assert.Single(host.Graph.Requests);
    }

    [Fact]
    public async Task Send_130429WithoutRetryAfter_WaitsOneSecondByDefault()
    {
        await using var host = new WhatsAppHost();
        host.Graph.FailNext(400, 130429, "Cloud API message throughput has been reached.");

        var result = await host.Adapter.SendAsync(Reply(host), default);

        Assert.Equal(ChannelErrorKind.RateLimited, result.Error!.Kind);
        Assert.Equal(TimeSpan.FromSeconds(1), result.Error.RetryAfter);
    }

    [Fact]
    public async Task Send_Http429WithAShortRetryAfter_IsRetriedByTheResilienceHandlerOnTheClock()
    {
        await using var host = new WhatsAppHost();
        host.Graph.FailNext(429, 130429, "Cloud API message throughput has been reached.", retryAfter: TimeSpan.FromSeconds(2));
        var started = host.Time.GetUtcNow();

        var send = host.Adapter.SendAsync(Reply(host), default);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!send.IsCompleted && DateTime.UtcNow < deadline)
        {
            if (host.Graph.Requests.Count == 1)
            {
                host.Time.Advance(TimeSpan.FromMilliseconds(250));
            }

            await Task.Delay(5);
        }

        var result = await send.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(2, host.Graph.Requests.Count);
        Assert.True(host.Time.GetUtcNow() - started >= TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Send_Http429WithARetryAfterLongerThanTheHandlerWaits_IsRateLimitedWithIt()
    {
        await using var host = new WhatsAppHost();
        host.Graph.FailNext(429, 130429, "Cloud API message throughput has been reached.", retryAfter: TimeSpan.FromMinutes(2));

        var result = await host.Adapter.SendAsync(Reply(host), default);

        Assert.Equal(ChannelErrorKind.RateLimited, result.Error!.Kind);
        Assert.Equal(TimeSpan.FromMinutes(2), result.Error.RetryAfter);
        Assert.Single(host.Graph.Requests);
    }

    [Fact]
    public async Task Send_131056PairRateLimit_IsRateLimitedForSixSecondsByDefault()
    {
        await using var host = new WhatsAppHost();
        host.Graph.FailNext(400, 131056, "Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.");

        var result = await host.Adapter.SendAsync(Reply(host), default);

        Assert.Equal(ChannelErrorKind.RateLimited, result.Error!.Kind);
        Assert.True(result.Error.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(6), result.Error.RetryAfter);
    }

    [Fact]
    public async Task Send_100InvalidParameter_IsInvalidRequest()
    {
        await using var host = new WhatsAppHost();
        host.Graph.FailNext(400, 100, "Param text['body'] must be at most 4096 characters long.");

        var result = await host.Adapter.SendAsync(Reply(host), default);

        Assert.Equal(ChannelErrorKind.InvalidRequest, result.Error!.Kind);
        Assert.Equal("100", result.Error.Code);
        Assert.False(result.Error.IsTransient);
    }

    [Fact]
    public async Task Send_503ThenSuccess_IsRetriedAtOnce()
    {
        await using var host = new WhatsAppHost();
        host.Graph.FailNext(503, 131016, "Service unavailable");

        var result = await host.Adapter.SendAsync(Reply(host), default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(2, host.Graph.Requests.Count);
        Assert.Equal(host.Graph.Requests[0].Body, host.Graph.Requests[1].Body);
    }

    [Fact]
    public async Task Send_190TokenRefused_RaisesUnauthorizedOnceThenHealthyWhenASendSucceeds()
    {
        await using var host = new WhatsAppHost(socialCare: b => b.AddChannelHealthSink<RecordingHealthSink>());
        var sink = host.Services.GetServices<IChannelHealthSink>().OfType<RecordingHealthSink>().Single();
        host.Graph.FailNext(401, 190, "Error validating access token: Session has expired.");
        host.Graph.FailNext(401, 190, "Error validating access token: Session has expired.");

        var first = await host.Adapter.SendAsync(Reply(host), default);
        var second = await host.Adapter.SendAsync(Reply(host), default);
        Assert.Equal([ChannelHealthStatus.Unauthorized], sink.Changes.Select(c => c.Status));
        var third = await host.Adapter.SendAsync(Reply(host), default);

        Assert.Equal(ChannelErrorKind.Unauthorized, first.Error!.Kind);
        Assert.False(first.Error.IsTransient);
        Assert.Equal(ChannelErrorKind.Unauthorized, second.Error!.Kind);
        Assert.True(third.Succeeded, third.Error?.Message);
        Assert.Equal([ChannelHealthStatus.Unauthorized, ChannelHealthStatus.Healthy], sink.Changes.Select(c => c.Status));
        Assert.All(sink.Changes, c => Assert.Equal(ChannelId.WhatsApp, c.Channel));
        Assert.All(sink.Changes, c => Assert.Equal(Number, c.Account));
        Assert.Equal("190", sink.Changes[0].Error!.Code);
        Assert.Equal(host.Time.GetUtcNow(), sink.Changes[0].OccurredAt);
        Assert.Null(sink.Changes[1].Error);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains(WhatsAppHost.AccessToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_Anything_LogsNeitherTheTokenNorThePhoneNorTheText()
    {
        await using var host = new WhatsAppHost();
        host.Graph.FailNext(400, 131026, "Message Undeliverable.");

        await host.Adapter.SendAsync(Reply(host, "My secret parcel note"), default);
        await host.Adapter.SendAsync(Reply(host, "My secret parcel note"), default);
        await host.Adapter.SendAsync(Reply(host, "My secret parcel note", TimeSpan.FromDays(2)), default);

        Assert.NotEmpty(host.Logs.Entries);
        Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains(WhatsAppHost.AccessToken, StringComparison.Ordinal)
            || e.Message.Contains(OliverPhone, StringComparison.Ordinal)
            || e.Message.Contains(OliverBsuid, StringComparison.Ordinal)
            || e.Message.Contains("secret parcel", StringComparison.Ordinal));
    }

    // ------------------------------------------------------------------ actions

    [Fact]
    public async Task MarkSeen_PostsAReadReceiptForTheMessage()
    {
        await using var host = new WhatsAppHost();

        var result = await host.Actions.SendActionAsync(OliverChat, ConversationAction.MarkSeen, new NetworkMessageId(CustomerWamid), default);

        Assert.True(result.Succeeded, result.Error?.Message);
        AssertJson(
            $$"""{"messaging_product":"whatsapp","status":"read","message_id":"{{CustomerWamid}}"}""",
            AssertOneMessagesPost(host).Body);
    }

    [Fact]
    public async Task TypingOn_PostsAReadReceiptWithTheTypingIndicator()
    {
        await using var host = new WhatsAppHost();

        var result = await host.Actions.SendActionAsync(OliverChat, ConversationAction.TypingOn, new NetworkMessageId(CustomerWamid), default);

        Assert.True(result.Succeeded, result.Error?.Message);
        AssertJson(
            $$$"""{"messaging_product":"whatsapp","status":"read","message_id":"{{{CustomerWamid}}}","typing_indicator":{"type":"text"}}""",
            AssertOneMessagesPost(host).Body);
    }

    [Fact]
    public async Task TypingOff_IsNotSupported()
    {
        await using var host = new WhatsAppHost();

        await Assert.ThrowsAsync<NotSupportedException>(() => host.Actions.SendActionAsync(OliverChat, ConversationAction.TypingOff, new NetworkMessageId(CustomerWamid), default));
        Assert.Empty(host.Graph.Requests);
    }

    [Theory]
    [InlineData(ConversationAction.MarkSeen)]
    [InlineData(ConversationAction.TypingOn)]
    public async Task Action_WithoutAMessageId_FailsRefusedBeforeAnyCall(ConversationAction action)
    {
        await using var host = new WhatsAppHost();

        var result = await host.Actions.SendActionAsync(OliverChat, action, null, default);

        Assert.False(result.Succeeded);
        Assert.Equal(ChannelErrorKind.Refused, result.Error!.Kind);
        Assert.Equal("message_required", result.Error.Code);
        Assert.Empty(host.Graph.Requests);
    }

    [Fact]
    public async Task Action_WhenGraphRefuses_FailsWithTheMappedError()
    {
        await using var host = new WhatsAppHost();
        host.Graph.FailNext(400, 100, "Invalid message_id");

        var result = await host.Actions.SendActionAsync(OliverChat, ConversationAction.MarkSeen, new NetworkMessageId("wamid.unknown"), default);

        Assert.Equal(ChannelErrorKind.InvalidRequest, result.Error!.Kind);
    }

    [Fact]
    public async Task Action_InAPublicThread_IsNotSupported()
    {
        await using var host = new WhatsAppHost();

        await Assert.ThrowsAsync<NotSupportedException>(() => host.Actions.SendActionAsync(OliverChat with { Visibility = ConversationVisibility.Public }, ConversationAction.MarkSeen, new NetworkMessageId(CustomerWamid), default));
    }

    [Fact]
    public async Task Moderate_IsNotSupported()
    {
        await using var host = new WhatsAppHost();

        await Assert.ThrowsAsync<NotSupportedException>(() => host.Actions.ModerateAsync(OliverChat, new NetworkMessageId(CustomerWamid), ModerationAction.Hide, default));
        Assert.Empty(host.Graph.Requests);
    }

    // ------------------------------------------------------------------ catalogue and capabilities

    [Fact]
    public async Task Catalog_ListsTheGlobalTemplatesThenTheNumbersOwn()
    {
        var own = new TemplateDefinition("support_followup", "en_GB") { BodyParameters = 1 };
        await using var host = new WhatsAppHost(o =>
        {
            o.Templates.Add(OrderUpdate);
            o.PhoneNumbers[0].Templates.Add(own);
        });

        Assert.Equal([OrderUpdate, own], host.Catalog.GetTemplates(Number));
        Assert.Equal([OrderUpdate], host.Catalog.GetTemplates(new ChannelAccountId(WhatsAppHost.SecondPhoneNumberId)));
        Assert.Equal([OrderUpdate], host.Catalog.GetTemplates(new ChannelAccountId("999999999999999")));
    }

    [Fact]
    public async Task Catalog_WithoutTemplates_IsEmpty()
    {
        await using var host = new WhatsAppHost();

        Assert.Empty(host.Catalog.GetTemplates(Number));
        Assert.Empty(host.Catalog.GetTemplates(new ChannelAccountId("999")));
    }

    [Fact]
    public async Task Capabilities_DeclareTheWindowLimitsAndFeatures()
    {
        await using var host = new WhatsAppHost();
        var caps = host.Adapter.Capabilities;

        Assert.Equal(4096, caps.MaxTextLength);
        Assert.Equal(TimeSpan.FromHours(24), caps.ReplyWindow);
        Assert.True(caps.Supports(ChannelFeatures.Templates | ChannelFeatures.ReadReceipts | ChannelFeatures.TypingIndicators | ChannelFeatures.Reactions));
        Assert.False(caps.Supports(ChannelFeatures.Moderation));
        Assert.False(caps.Supports(ChannelFeatures.PublicReplies));
    }
}
