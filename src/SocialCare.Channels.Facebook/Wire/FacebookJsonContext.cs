using System.Text.Json.Serialization;

namespace SocialCare.Channels.Facebook;

/// <summary>Source-generated JSON metadata for the Graph API bodies: snake_case names, nulls left out of requests.</summary>
/// <remarks>Unknown properties are ignored when reading, so new Graph fields never break a call.</remarks>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GraphSendRequest))]
[JsonSerializable(typeof(GraphSendResponse))]
[JsonSerializable(typeof(GraphCommentRequest))]
[JsonSerializable(typeof(GraphIdResponse))]
[JsonSerializable(typeof(GraphHideCommentRequest))]
[JsonSerializable(typeof(GraphSuccessResponse))]
internal sealed partial class FacebookJsonContext : JsonSerializerContext;
