using System.Text;
using Microsoft.Extensions.Logging;
using SocialCare.Core.Tests.TestChannel;
using SocialCare.Testing;

namespace SocialCare.Core.Tests.Pipeline;

public class WebhookPipelineTests
{
    [Fact]
    public async Task Post_SignedMessage_OpensTicketWithCustomerMessage()
    {
        await using var harness = new PipelineHarness();

        var response = await harness.PostAsync(TestWebhooks.Signed(TestWebhooks.Message("e1", "u1", "My order is late", name: "Giulia")));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(1, response.Applied);
        var message = Assert.Single(await harness.TimelineAsync("u1"));
        Assert.Equal(MessageDirection.Inbound, message.Direction);
        Assert.Equal(AuthorKind.Customer, message.Author);
        Assert.Equal("Giulia", message.Sender!.DisplayName);
        Assert.Equal(new NetworkMessageId("mid-e1"), message.NetworkId);
        Assert.Equal(TestWebhooks.Start, message.SentAt);
        Assert.Equal(harness.Time.GetUtcNow(), message.ReceivedAt);
        Assert.Equal("My order is late", Assert.IsType<TextPart>(Assert.Single(message.Parts)).Text);
        var ticket = (await harness.Store.GetAsync(message.TicketId, CancellationToken.None))!;
        Assert.Equal(TicketState.New, ticket.State);
        Assert.Equal(1, ticket.Version);
        Assert.Equal(TestWebhooks.Start, ticket.LastCustomerMessageAt);
        Assert.Collection(harness.Sink.Events, e => Assert.IsType<TicketCreated>(e), e => Assert.IsType<MessageAppended>(e));
    }

    [Fact]
    public async Task Post_SameEventThreeTimesConcurrently_IsProcessedOnce()
    {
        await using var harness = new PipelineHarness();
        var body = TestWebhooks.Body(TestWebhooks.Message("dup-1", "u1", "hello"));
        using var start = new Barrier(3);

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            return harness.PostAsync(TestWebhooks.Signed(body));
        })));

        Assert.All(responses, r => Assert.Equal(200, r.StatusCode));
        Assert.Equal(1, responses.Sum(r => r.Applied));
        Assert.Equal(2, responses.Sum(r => r.Skipped));
        Assert.Single(await harness.TimelineAsync("u1"));
        Assert.Single(harness.Sink.Events.OfType<MessageAppended>());
        Assert.Equal(1, ((InMemoryTicketStore)harness.Store).ProcessedEventCount);
    }

    [Fact]
    public async Task Post_SameMessageUnderNewEventId_IsNotDuplicated()
    {
        await using var harness = new PipelineHarness();

        await harness.PostAsync(TestWebhooks.Signed(TestWebhooks.Message("e1", "u1", "hi", mid: "m-1")));
        var second = await harness.PostAsync(TestWebhooks.Signed(TestWebhooks.Message("e1-again", "u1", "hi", mid: "m-1")));

        Assert.Equal(200, second.StatusCode);
        Assert.Single(await harness.TimelineAsync("u1"));
    }

    [Fact]
    public async Task Post_ThousandEventsOverFiftyConversationsFromManyThreads_KeepsOrderWithinEachConversation()
    {
        const int conversations = 50;
        const int perConversation = 20;
        await using var harness = new PipelineHarness(services: s => s.AddSingleton<ITicketStore>(new JitteryStore(new InMemoryTicketStore())));

        // Each conversation's events are submitted in order by one of eight threads, interleaved with other conversations;
        // the store answers after random delays, so only the pipeline's sequencing can keep each conversation in order.
        var threads = Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
        {
            List<Task<WebhookResponse>> sent = [];
            for (var seq = 0; seq < perConversation; seq++)
            {
                for (var c = t; c < conversations; c += 8)
                {
                    sent.Add(harness.PostAsync(TestWebhooks.Signed(TestWebhooks.Message($"c{c}-{seq}", $"user-{c}", $"{seq}", second: seq))));
                }
            }

            return await Task.WhenAll(sent);
        }));
        var responses = (await Task.WhenAll(threads)).SelectMany(r => r).ToList();

        Assert.Equal(conversations * perConversation, responses.Count);
        Assert.All(responses, r => Assert.Equal(200, r.StatusCode));
        for (var c = 0; c < conversations; c++)
        {
            var texts = (await harness.TimelineAsync($"user-{c}")).Select(m => ((TextPart)m.Parts[0]).Text);
            Assert.Equal(Enumerable.Range(0, perConversation).Select(i => $"{i}"), texts);
        }

        var store = (InMemoryTicketStore)((JitteryStore)harness.Store).Inner;
        Assert.Equal(conversations, store.TicketCount);
        Assert.Equal(conversations * perConversation, store.MessageCount);
    }

    [Fact]
    public async Task Post_OneRequestWithInterleavedConversations_KeepsEachConversationsOrder()
    {
        await using var harness = new PipelineHarness(services: s => s.AddSingleton<ITicketStore>(new JitteryStore(new InMemoryTicketStore())));
        var items = Enumerable.Range(0, 30).Select(i => TestWebhooks.Message($"e{i}", $"u{i % 3}", $"{i / 3}", second: i)).ToArray();

        var response = await harness.PostAsync(TestWebhooks.Signed(items));

        Assert.Equal(30, response.Applied);
        for (var u = 0; u < 3; u++)
        {
            Assert.Equal(Enumerable.Range(0, 10).Select(i => $"{i}"), (await harness.TimelineAsync($"u{u}")).Select(m => ((TextPart)m.Parts[0]).Text));
        }
    }

    [Fact]
    public async Task Post_OversizedBody_Is413AndNeverReachesTheAdapter()
    {
        await using var harness = new PipelineHarness();
        var body = TestWebhooks.Body(TestWebhooks.Message("big", "u1", new string('a', (int)SocialCareOptions.DefaultMaxRequestBodySize)));

        var response = await harness.PostAsync(TestWebhooks.Signed(body));

        Assert.Equal(413, response.StatusCode);
        Assert.Equal(WebhookRejection.PayloadTooLarge, response.Rejection);
        Assert.Equal(0, harness.Adapter.Receives);
        await AssertNothingStoredAsync(harness);
    }

    [Fact]
    public async Task Post_BodyAtTheLimit_IsAccepted()
    {
        await using var harness = new PipelineHarness(b => b.Services.Configure<SocialCareOptions>(o => o.MaxRequestBodySize = 4096));
        var body = TestWebhooks.Body(TestWebhooks.Message("edge", "u1", "x"));
        var padded = TestWebhooks.Body(TestWebhooks.Message("edge", "u1", new string('x', 4096 - body.Length + 1)));

        Assert.Equal(4096, padded.Length);
        Assert.Equal(200, (await harness.PostAsync(TestWebhooks.Signed(padded))).StatusCode);
    }

    [Fact]
    public async Task Post_Unsigned_Is401AndNeverParsed()
    {
        await using var harness = new PipelineHarness();

        var response = await harness.PostAsync(TestWebhooks.Unsigned(TestWebhooks.Body(TestWebhooks.Message("e1", "u1", "hi"))));

        Assert.Equal(401, response.StatusCode);
        Assert.Equal(WebhookRejection.MissingSignature, response.Rejection);
        Assert.Equal(0, harness.Adapter.Parses);
        await AssertNothingStoredAsync(harness);
    }

    [Fact]
    public async Task Post_TamperedBody_Is401AndNeverParsed()
    {
        await using var harness = new PipelineHarness();
        var signed = TestWebhooks.Signed(TestWebhooks.Message("e1", "u1", "refund 10 EUR"));
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(signed.Body.Span).Replace("10 EUR", "99 EUR", StringComparison.Ordinal));

        var response = await harness.PostAsync(WebhookRequest.Post(signed.Path, tampered, signed.Headers));

        Assert.Equal(401, response.StatusCode);
        Assert.Equal(WebhookRejection.InvalidSignature, response.Rejection);
        Assert.Equal(0, harness.Adapter.Parses);
        await AssertNothingStoredAsync(harness);
    }

    [Fact]
    public async Task Post_SignedWithAnotherSecret_Is401()
    {
        await using var harness = new PipelineHarness();

        var response = await harness.PostAsync(TestWebhooks.Signed(TestWebhooks.Body(TestWebhooks.Message("e1", "u1", "hi")), secret: "forged"));

        Assert.Equal(401, response.StatusCode);
        await AssertNothingStoredAsync(harness);
    }

    [Theory]
    [InlineData("{\"account\":\"brand-1\",\"events\":[{\"id\":")]
    [InlineData("not json at all")]
    [InlineData("{\"account\":\"brand-1\"}")]
    [InlineData("")]
    public async Task Post_MalformedButSigned_Is400AndStoresNothing(string body)
    {
        await using var harness = new PipelineHarness();

        var response = await harness.PostAsync(TestWebhooks.Signed(Encoding.UTF8.GetBytes(body)));

        Assert.Equal(400, response.StatusCode);
        Assert.Equal(WebhookRejection.MalformedPayload, response.Rejection);
        await AssertNothingStoredAsync(harness);
    }

    [Fact]
    public async Task Post_AdapterThrowsJsonException_Is400NotA500()
    {
        var adapter = Substitute.For<IChannelAdapter>();
        adapter.Channel.Returns(new ChannelId("flaky"));
        adapter.ReceiveAsync(Arg.Any<WebhookRequest>(), Arg.Any<CancellationToken>())
            .Returns<ValueTask<WebhookResult>>(_ => throw new System.Text.Json.JsonException("bad"));
        await using var harness = new PipelineHarness(services: s => s.AddSingleton(adapter));

        var response = await harness.Pipeline.ProcessAsync(new ChannelId("flaky"), TestWebhooks.Unsigned("{"u8.ToArray()), CancellationToken.None);

        Assert.Equal(400, response.StatusCode);
    }

    [Fact]
    public async Task Post_UnknownChannel_Is404()
    {
        await using var harness = new PipelineHarness();

        var response = await harness.Pipeline.ProcessAsync(new ChannelId("fax"), TestWebhooks.Signed(TestWebhooks.Message("e1", "u1", "hi")), CancellationToken.None);

        Assert.Equal(404, response.StatusCode);
        Assert.Equal(WebhookRejection.UnknownChannel, response.Rejection);
        Assert.Equal(new[] { TestChannelAdapter.Id }, harness.Pipeline.Channels);
    }

    [Fact]
    public async Task Get_Handshake_AnswersChallengeOrRefuses()
    {
        await using var harness = new PipelineHarness();

        var ok = await harness.PostAsync(WebhookRequest.Get("/webhooks/test", new Dictionary<string, string> { ["token"] = "verify-me", ["challenge"] = "8231" }));
        var wrong = await harness.PostAsync(WebhookRequest.Get("/webhooks/test", new Dictionary<string, string> { ["token"] = "guess", ["challenge"] = "8231" }));

        Assert.Equal((200, "8231", WebhookOutcome.Handshake), (ok.StatusCode, ok.Body, ok.Outcome));
        Assert.Equal((403, WebhookRejection.HandshakeFailed), (wrong.StatusCode, wrong.Rejection));
    }

    [Fact]
    public async Task Post_StoreFailsOnce_Is503ThenRedeliveryStoresExactlyOnce()
    {
        var store = new FailingStore(new InMemoryTicketStore(), failures: 1);
        await using var harness = new PipelineHarness(services: s => s.AddSingleton<ITicketStore>(store));
        var body = TestWebhooks.Body(TestWebhooks.Message("e1", "u1", "first"), TestWebhooks.Message("e2", "u2", "second"));

        var first = await harness.PostAsync(TestWebhooks.Signed(body));
        var retry = await harness.PostAsync(TestWebhooks.Signed(body));

        Assert.Equal(503, first.StatusCode);
        Assert.Equal(1, first.Failed);
        Assert.Equal(200, retry.StatusCode);
        Assert.Single(await harness.TimelineAsync("u1"));
        Assert.Single(await harness.TimelineAsync("u2"));
        Assert.Equal(2, ((InMemoryTicketStore)store.Inner).MessageCount);
        Assert.Contains(harness.Logs.Entries, e => e.Level == LogLevel.Error && e.EventId.Id == 1008);
    }

    [Fact]
    public async Task Post_Echo_IsRecordedAsOutboundAgentMessageNotTheCustomers()
    {
        await using var harness = new PipelineHarness();

        await harness.PostAsync(TestWebhooks.Signed(TestWebhooks.Message("e1", "u1", "help", second: 0)));
        await harness.PostAsync(TestWebhooks.Signed(TestWebhooks.Echo("e2", "u1", "On it!", second: 30)));

        var timeline = await harness.TimelineAsync("u1");
        Assert.Equal(2, timeline.Count);
        var echo = timeline[1];
        Assert.Equal((MessageDirection.Outbound, AuthorKind.Agent, DeliveryStatus.Sent), (echo.Direction, echo.Author, echo.Status));
        Assert.Null(echo.Sender);
        var ticket = (await harness.Store.GetAsync(echo.TicketId, CancellationToken.None))!;
        Assert.Equal(TestWebhooks.Start, ticket.LastCustomerMessageAt);
        Assert.Equal(TestWebhooks.Start.AddSeconds(30), ticket.LastAgentMessageAt);
    }

    [Fact]
    public async Task Post_StatusWatermark_MarksOutboundMessagesUpToItAndNeverGoesBack()
    {
        await using var harness = new PipelineHarness();
        await harness.PostAsync(TestWebhooks.Signed(
            TestWebhooks.Message("e1", "u1", "help", second: 0),
            TestWebhooks.Echo("e2", "u1", "one", second: 10),
            TestWebhooks.Echo("e3", "u1", "two", second: 20),
            TestWebhooks.Echo("e4", "u1", "three", second: 40)));

        await harness.PostAsync(TestWebhooks.Signed(TestWebhooks.Status("read-30", "u1", "Read", second: 30)));
        await harness.PostAsync(TestWebhooks.Signed(TestWebhooks.Status("deliv-40", "u1", "Delivered", second: 40)));

        var statuses = (await harness.TimelineAsync("u1")).Select(m => m.Status);
        Assert.Equal(new[] { DeliveryStatus.None, DeliveryStatus.Read, DeliveryStatus.Read, DeliveryStatus.Delivered }, statuses);
    }

    [Fact]
    public async Task Post_LateFailedStatus_MarksTheMessageFailedWithReason()
    {
        await using var harness = new PipelineHarness();
        await harness.PostAsync(TestWebhooks.Signed(TestWebhooks.Echo("e1", "u1", "template-less reply", mid: "out-1")));

        await harness.PostAsync(TestWebhooks.Signed(TestWebhooks.Status("f1", "u1", "Failed", second: 5, mid: "out-1", error: "131047")));
        await harness.PostAsync(TestWebhooks.Signed(TestWebhooks.Status("d1", "u1", "Delivered", second: 6, mid: "out-1")));

        var message = Assert.Single(await harness.TimelineAsync("u1"));
        Assert.Equal(DeliveryStatus.Failed, message.Status);
        Assert.Equal("131047", message.Failure!.Code);
    }

    [Fact]
    public async Task Post_EditAndDelete_ChangeTheStoredMessage()
    {
        await using var harness = new PipelineHarness();
        await harness.PostAsync(TestWebhooks.Signed(TestWebhooks.Message("e1", "u1", "helo", mid: "m-1")));

        await harness.PostAsync(TestWebhooks.Signed(TestWebhooks.Edit("e1-edit", "u1", "m-1", "hello", second: 5)));
        var edited = Assert.Single(await harness.TimelineAsync("u1"));
        await harness.PostAsync(TestWebhooks.Signed(TestWebhooks.Delete("e1-del", "u1", "m-1", second: 9)));
        var deleted = Assert.Single(await harness.TimelineAsync("u1"));

        Assert.Equal("hello", ((TextPart)edited.Parts[0]).Text);
        Assert.Equal(TestWebhooks.Start.AddSeconds(5), edited.EditedAt);
        Assert.Equal(TestWebhooks.Start.AddSeconds(9), deleted.DeletedAt);
        Assert.Equal(2, harness.Sink.Events.OfType<MessageUpdated>().Count());
    }

    [Fact]
    public async Task Post_EditOfUnknownMessage_KeepsTheEditedContent()
    {
        await using var harness = new PipelineHarness();

        await harness.PostAsync(TestWebhooks.Signed(TestWebhooks.Edit("x-edit", "u1", "m-never-seen", "late content", second: 5)));

        var message = Assert.Single(await harness.TimelineAsync("u1"));
        Assert.Equal("late content", ((TextPart)message.Parts[0]).Text);
        Assert.NotNull(message.EditedAt);
    }

    [Fact]
    public async Task Post_UnknownEventType_IsKeptAsUnsupportedNotDropped()
    {
        await using var harness = new PipelineHarness();

        var response = await harness.PostAsync(TestWebhooks.Signed(TestWebhooks.Item("odd", "hologram", "u1", 1)));

        Assert.Equal(200, response.StatusCode);
        var part = Assert.IsType<UnsupportedPart>(Assert.Single(Assert.Single(await harness.TimelineAsync("u1")).Parts));
        Assert.Equal("hologram", part.RawType);
    }

    [Fact]
    public async Task Post_NonMessageEvents_DoNotMoveTheCustomersLastMessageTime()
    {
        await using var harness = new PipelineHarness();
        await harness.PostAsync(TestWebhooks.Signed(TestWebhooks.Message("e1", "u1", "hi", second: 0, mid: "m-1")));

        var reaction = TestWebhooks.Item("r1", "reaction", "u1", 50);
        reaction["target"] = "m-1";
        reaction["text"] = "👍";
        await harness.PostAsync(TestWebhooks.Signed(reaction, TestWebhooks.Item("t1", "typing", "u1", 60)));

        var timeline = await harness.TimelineAsync("u1");
        Assert.Equal(3, timeline.Count);
        Assert.IsType<ReactionPart>(timeline[1].Parts[0]);
        var ticket = (await harness.Store.GetAsync(timeline[0].TicketId, CancellationToken.None))!;
        Assert.Equal(TestWebhooks.Start, ticket.LastCustomerMessageAt);
    }

    [Fact]
    public async Task Post_PublicThread_IsSeparateFromThePrivateConversation()
    {
        await using var harness = new PipelineHarness();

        await harness.PostAsync(TestWebhooks.Signed(
            TestWebhooks.Message("p1", "u1", "public complaint", thread: "post-9"),
            TestWebhooks.Message("d1", "u1", "private detail")));

        var tickets = ((InMemoryTicketStore)harness.Store).GetTickets();
        Assert.Equal(2, tickets.Count);
        Assert.Contains(tickets, t => t.Conversation.Visibility == ConversationVisibility.Public && t.Conversation.Thread == new ThreadId("post-9"));
        Assert.Single(tickets.Select(t => t.Customer).Distinct());
    }

    [Fact]
    public async Task Post_SinkThrows_CommitStandsAndOtherSinksStillHearIt()
    {
        var broken = Substitute.For<ITicketEventSink>();
        broken.PublishAsync(Arg.Any<TicketEvent>(), Arg.Any<CancellationToken>()).Returns(Task.FromException(new InvalidOperationException("CRM down")));
        await using var harness = new PipelineHarness(services: s => s.AddSingleton(broken));

        var response = await harness.PostAsync(TestWebhooks.Signed(TestWebhooks.Message("e1", "u1", "hi")));

        Assert.Equal(200, response.StatusCode);
        Assert.Single(await harness.TimelineAsync("u1"));
        Assert.Equal(2, harness.Sink.Events.Count);
        Assert.Contains(harness.Logs.Entries, e => e.EventId.Id == 1103);
    }

    [Fact]
    public async Task Post_Anything_RecordsMetricsWithLowCardinalityTags()
    {
        using var metrics = new MetricCollector(SocialCareDiagnostics.MeterName);
        await using var harness = new PipelineHarness();

        await harness.PostAsync(TestWebhooks.Signed(TestWebhooks.Message("e1", "u1", "hi")));
        await harness.PostAsync(TestWebhooks.Signed(TestWebhooks.Message("e1", "u1", "hi")));
        await harness.PostAsync(TestWebhooks.Unsigned(TestWebhooks.Body(TestWebhooks.Message("e2", "u1", "hi"))));

        Assert.Equal(2, metrics.Sum(SocialCareDiagnostics.WebhookReceived, (SocialCareDiagnostics.ChannelTag, "test"), (SocialCareDiagnostics.OutcomeTag, "accepted")));
        Assert.Equal(1, metrics.Sum(SocialCareDiagnostics.WebhookReceived, (SocialCareDiagnostics.OutcomeTag, "unauthorized")));
        Assert.Equal(1, metrics.Sum(SocialCareDiagnostics.EventsProcessed, (SocialCareDiagnostics.OutcomeTag, "applied")));
        Assert.Equal(1, metrics.Sum(SocialCareDiagnostics.EventsProcessed, (SocialCareDiagnostics.OutcomeTag, "duplicate")));
        Assert.Equal(3, metrics.For(SocialCareDiagnostics.WebhookDuration).Count);
        Assert.All(metrics.Measurements, m => Assert.All(m.Tags.Keys, k => Assert.StartsWith("socialcare.", k, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Logs_NeverCarryMessageTextNamesOrSecrets()
    {
        var store = new FailingStore(new InMemoryTicketStore(), failures: 1);
        await using var harness = new PipelineHarness(services: s => s.AddSingleton<ITicketStore>(store));
        var body = TestWebhooks.Body(TestWebhooks.Message("e1", "user-77", "my card is 4111 1111", name: "Giulia Rossi"));

        await harness.PostAsync(TestWebhooks.Signed(body));
        await harness.PostAsync(TestWebhooks.Signed(body));
        await harness.PostAsync(TestWebhooks.Signed(body, secret: "forged"));
        await harness.PostAsync(TestWebhooks.Unsigned(body));

        Assert.NotEmpty(harness.Logs.Entries);
        Assert.All(harness.Logs.Entries.Where(e => e.Level > LogLevel.Trace), e =>
        {
            var text = e.Message + e.Exception;
            Assert.DoesNotContain("4111", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Giulia", text, StringComparison.Ordinal);
            Assert.DoesNotContain("user-77", text, StringComparison.Ordinal);
            Assert.DoesNotContain(TestWebhooks.Secret, text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Post_Cancelled_ThrowsAndStoresNothing()
    {
        await using var harness = new PipelineHarness();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => harness.Pipeline.ProcessAsync(TestChannelAdapter.Id, TestWebhooks.Signed(TestWebhooks.Message("e1", "u1", "hi")), cancelled.Token));

        await AssertNothingStoredAsync(harness);
    }

    private static async Task AssertNothingStoredAsync(PipelineHarness harness)
    {
        var store = harness.Store as InMemoryTicketStore ?? (InMemoryTicketStore)((ForwardingStore)harness.Store).Inner;
        Assert.Equal(0, store.TicketCount);
        Assert.Equal(0, store.MessageCount);
        Assert.Equal(0, store.ProcessedEventCount);
        Assert.Empty(harness.Sink.Events);
        Assert.Empty(await harness.TimelineAsync("u1"));
    }
}
