using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using SocialCare.Abstractions;
using SocialCare.Core;

namespace SocialCare.Benchmarks;

/// <summary>
/// A signed single-message webhook through the whole pipeline into the in-memory store: size check, signature, parse,
/// de-duplication, identity, sequencing, commit. Reported per webhook.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private const int Batch = 4096;
    private const string Secret = "bench-secret-0123456789";
    private WebhookRequest[] _requests = [];
    private ServiceProvider? _provider;
    private IWebhookPipeline _pipeline = null!;

    [Params(1, 1000)]
    public int Conversations { get; set; }

    [IterationSetup]
    public void Setup()
    {
        _provider?.Dispose();
        var services = new ServiceCollection();
        services.AddSocialCare().AddChannelAdapter<BenchAdapter>();
        _provider = services.BuildServiceProvider();
        _pipeline = _provider.GetRequiredService<IWebhookPipeline>();
        _requests = [.. Enumerable.Range(0, Batch).Select(i => Signed(i, i % Conversations))];
    }

    [IterationCleanup]
    public void Cleanup() => _provider?.Dispose();

    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task<int> IngestNewMessage()
    {
        var status = 0;
        foreach (var request in _requests)
        {
            status = (await _pipeline.ProcessAsync(BenchAdapter.Id, request, CancellationToken.None)).StatusCode;
        }

        return status;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task<int> IngestNewMessageThenDuplicate()
    {
        var status = 0;
        foreach (var request in _requests)
        {
            await _pipeline.ProcessAsync(BenchAdapter.Id, request, CancellationToken.None);
            status = (await _pipeline.ProcessAsync(BenchAdapter.Id, request, CancellationToken.None)).StatusCode;
        }

        return status;
    }

    private static WebhookRequest Signed(int id, int user)
    {
        var body = Encoding.UTF8.GetBytes(
            $$"""{"account":"brand","event":"e{{id}}","user":"u{{user}}","mid":"m{{id}}","at":1790000000000,"text":"Hi, my order #{{id}} has not arrived yet, can you check it please?"}""");
        return WebhookRequest.Post("/webhooks/bench", body, new Dictionary<string, string>
        {
            ["X-Signature"] = WebhookSignatureVerifier.Compute(Secret, body, SignatureEncoding.Hex),
        });
    }

    /// <summary>A minimal signed-JSON channel, reading the fields it needs straight from a <see cref="Utf8JsonReader"/>.</summary>
    private sealed class BenchAdapter : IChannelAdapter
    {
        public static readonly ChannelId Id = new("bench");
        private readonly WebhookSignatureVerifier _verifier = new([Secret]);

        public ChannelId Channel => Id;

        public ChannelCapabilities Capabilities { get; } = new(ChannelFeatures.None, MessagePartKinds.Text);

        public ValueTask<WebhookResult> ReceiveAsync(WebhookRequest request, CancellationToken cancellationToken)
        {
            if (request.GetHeader("X-Signature") is not { } signature || !_verifier.IsValid(request.Body.Span, signature, SignatureEncoding.Hex))
            {
                return ValueTask.FromResult(WebhookResult.Rejected(WebhookRejection.InvalidSignature));
            }

            string? account = null, eventId = null, user = null, mid = null, text = null;
            long at = 0;
            var reader = new Utf8JsonReader(request.Body.Span);
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                var name = reader.ValueSpan;
                reader.Read();
                if (name.SequenceEqual("account"u8)) account = reader.GetString();
                else if (name.SequenceEqual("event"u8)) eventId = reader.GetString();
                else if (name.SequenceEqual("user"u8)) user = reader.GetString();
                else if (name.SequenceEqual("mid"u8)) mid = reader.GetString();
                else if (name.SequenceEqual("text"u8)) text = reader.GetString();
                else if (name.SequenceEqual("at"u8)) at = reader.GetInt64();
            }

            var customer = new Participant(Id, new ChannelAccountId(account!), new NetworkUserId(user!));
            var inbound = new MessageReceived(
                new IdempotencyKey(Id, customer.Account, eventId!),
                ConversationRef.PrivateWith(customer),
                customer,
                DateTimeOffset.FromUnixTimeMilliseconds(at),
                new NetworkMessageId(mid!),
                [new TextPart(text!)]);
            return ValueTask.FromResult(WebhookResult.Accepted([new InboundEnvelope(inbound)]));
        }

        public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
            => throw new NotSupportedException();
    }
}
