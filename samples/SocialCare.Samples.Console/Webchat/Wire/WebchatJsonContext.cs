using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocialCare.Samples.Console.Webchat;

/// <summary>A callback body: <c>{"site":"acme-shop","events":[…]}</c>. Events stay JSON so each one's raw bytes can travel on.</summary>
internal sealed record WebchatCallback(string? Site, IReadOnlyList<JsonElement>? Events);

/// <summary>One event: <c>type</c> is <c>message</c>, <c>edit</c>, <c>read</c> or <c>agent_message</c> (others are kept as unsupported).</summary>
internal sealed record WebchatEvent(
    string? Id,
    string? Type,
    WebchatVisitor? Visitor,
    string? MessageId,
    string? Text,
    string? ReplyTo,
    DateTimeOffset? Timestamp);

/// <summary>The website visitor the event concerns.</summary>
internal sealed record WebchatVisitor(string? Id, string? Name);

/// <summary>The wire format's source-generated metadata: camelCase, case-insensitive, unknown properties ignored.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WebchatCallback))]
[JsonSerializable(typeof(WebchatEvent))]
internal sealed partial class WebchatJsonContext : JsonSerializerContext;
