using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SocialCare.Core.Tests.TestChannel;

/// <summary>Options of the test channel; the secret is required, as a real channel's would be.</summary>
public sealed class TestChannelOptions
{
    [Required]
    public string Secret { get; set; } = string.Empty;

    public string VerifyToken { get; set; } = "verify-me";
}

[OptionsValidator]
internal sealed partial class TestChannelOptionsValidator : IValidateOptions<TestChannelOptions>;

/// <summary>
/// A small but real channel for pipeline tests: HMAC-SHA256 hex signature in <c>X-Test-Signature: sha256=…</c>,
/// a JSON body <c>{"account":"…","events":[…]}</c>, a GET handshake with <c>token</c> and <c>challenge</c>.
/// </summary>
internal sealed class TestChannelAdapter(IOptions<TestChannelOptions> options) : IChannelAdapter
{
    public const string SignatureHeader = "X-Test-Signature";
    public static readonly ChannelId Id = new("test");
    private readonly WebhookSignatureVerifier _verifier = new([options.Value.Secret]);
    private int _parses;
    private int _receives;

    public ChannelId Channel => Id;

    public ChannelCapabilities Capabilities { get; } = new(ChannelFeatures.None, MessagePartKinds.Text);

    /// <summary>Gets how many bodies reached the JSON parser.</summary>
    public int Parses => Volatile.Read(ref _parses);

    /// <summary>Gets how many requests reached the adapter at all.</summary>
    public int Receives => Volatile.Read(ref _receives);

    public ValueTask<WebhookResult> ReceiveAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _receives);
        if (request.IsGet)
        {
            return ValueTask.FromResult(request.GetQuery("token") == options.Value.VerifyToken && request.GetQuery("challenge") is { } challenge
                ? WebhookResult.Handshake(challenge)
                : WebhookResult.Rejected(WebhookRejection.HandshakeFailed, "Wrong verify token."));
        }

        var signature = request.GetHeader(SignatureHeader);
        if (signature is null)
        {
            return ValueTask.FromResult(WebhookResult.Rejected(WebhookRejection.MissingSignature));
        }

        if (!signature.StartsWith("sha256=", StringComparison.Ordinal)
            || !_verifier.IsValid(request.Body.Span, signature.AsSpan(7), SignatureEncoding.Hex))
        {
            return ValueTask.FromResult(WebhookResult.Rejected(WebhookRejection.InvalidSignature));
        }

        Interlocked.Increment(ref _parses);
        try
        {
            return ValueTask.FromResult(WebhookResult.Accepted(Parse(request.Body)));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return ValueTask.FromResult(WebhookResult.Rejected(WebhookRejection.MalformedPayload, "Not a test-channel payload."));
        }
    }

    public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
        => throw new NotSupportedException("The test channel does not send.");

    private static List<InboundEnvelope> Parse(ReadOnlyMemory<byte> body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var account = new ChannelAccountId(root.GetProperty("account").GetString()!);
        List<InboundEnvelope> events = [];
        foreach (var item in root.GetProperty("events").EnumerateArray())
        {
            var user = new Participant(Id, account, new NetworkUserId(item.GetProperty("user").GetString()!))
            {
                DisplayName = item.TryGetProperty("name", out var name) ? name.GetString() : null,
            };
            var conversation = item.TryGetProperty("thread", out var thread)
                ? new ConversationRef(Id, account, new ThreadId(thread.GetString()!), ConversationVisibility.Public)
                : ConversationRef.PrivateWith(user);
            var key = new IdempotencyKey(Id, account, item.GetProperty("id").GetString()!);
            var at = DateTimeOffset.FromUnixTimeMilliseconds(item.GetProperty("at").GetInt64());
            var target = item.TryGetProperty("target", out var t) ? new NetworkMessageId(t.GetString()!) : (NetworkMessageId?)null;
            var text = item.TryGetProperty("text", out var x) ? x.GetString()! : string.Empty;
            InboundEvent inbound = item.GetProperty("type").GetString() switch
            {
                "message" => new MessageReceived(key, conversation, user, at, target!.Value, [new TextPart(text)]),
                "echo" => new MessageReceived(key, conversation, user, at, target!.Value, [new TextPart(text)]) { Direction = MessageDirection.Outbound, Author = AuthorKind.Agent },
                "edit" => new MessageEdited(key, conversation, user, at, target!.Value, [new TextPart(text)]),
                "delete" => new MessageDeleted(key, conversation, user, at, target!.Value),
                "status" => new DeliveryStatusChanged(key, conversation, user, at, Enum.Parse<DeliveryStatus>(item.GetProperty("status").GetString()!))
                {
                    MessageId = target,
                    Watermark = target is null ? at : null,
                    Failure = item.TryGetProperty("error", out var error) ? new DeliveryFailure(error.GetString()!, "failed") : null,
                },
                "reaction" => new ReactionChanged(key, conversation, user, at, new ReactionPart(text, target!.Value)),
                var other => new UnsupportedEvent(key, conversation, user, at, other!),
            };
            events.Add(new InboundEnvelope(inbound) { Raw = Encoding.UTF8.GetBytes(item.GetRawText()) });
        }

        return events;
    }
}

internal static class TestChannelRegistration
{
    public static ISocialCareBuilder AddTestChannel(this ISocialCareBuilder builder, Action<TestChannelOptions> configure)
    {
        builder.Services.AddOptions<TestChannelOptions>().Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TestChannelOptions>, TestChannelOptionsValidator>());
        builder.Services.TryAddSingleton<TestChannelAdapter>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IChannelAdapter, TestChannelAdapter>(sp => sp.GetRequiredService<TestChannelAdapter>()));
        return builder;
    }
}
