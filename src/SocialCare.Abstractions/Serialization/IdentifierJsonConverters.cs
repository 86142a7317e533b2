using System.Diagnostics.CodeAnalysis;

namespace SocialCare.Abstractions.Serialization;

/// <summary>Reads and writes <see cref="TicketId"/> as a JSON string.</summary>
[SuppressMessage("Performance", "CA1812", Justification = "Instantiated by System.Text.Json through [JsonConverter].")]
internal sealed class TicketIdJsonConverter : StringValueJsonConverter<TicketId>;

/// <summary>Reads and writes <see cref="MessageId"/> as a JSON string.</summary>
[SuppressMessage("Performance", "CA1812", Justification = "Instantiated by System.Text.Json through [JsonConverter].")]
internal sealed class MessageIdJsonConverter : StringValueJsonConverter<MessageId>;

/// <summary>Reads and writes <see cref="CustomerId"/> as a JSON string.</summary>
[SuppressMessage("Performance", "CA1812", Justification = "Instantiated by System.Text.Json through [JsonConverter].")]
internal sealed class CustomerIdJsonConverter : StringValueJsonConverter<CustomerId>;

/// <summary>Reads and writes <see cref="AgentId"/> as a JSON string.</summary>
[SuppressMessage("Performance", "CA1812", Justification = "Instantiated by System.Text.Json through [JsonConverter].")]
internal sealed class AgentIdJsonConverter : StringValueJsonConverter<AgentId>;

/// <summary>Reads and writes <see cref="ChannelAccountId"/> as a JSON string.</summary>
[SuppressMessage("Performance", "CA1812", Justification = "Instantiated by System.Text.Json through [JsonConverter].")]
internal sealed class ChannelAccountIdJsonConverter : StringValueJsonConverter<ChannelAccountId>;

/// <summary>Reads and writes <see cref="NetworkMessageId"/> as a JSON string.</summary>
[SuppressMessage("Performance", "CA1812", Justification = "Instantiated by System.Text.Json through [JsonConverter].")]
internal sealed class NetworkMessageIdJsonConverter : StringValueJsonConverter<NetworkMessageId>;

/// <summary>Reads and writes <see cref="NetworkUserId"/> as a JSON string.</summary>
[SuppressMessage("Performance", "CA1812", Justification = "Instantiated by System.Text.Json through [JsonConverter].")]
internal sealed class NetworkUserIdJsonConverter : StringValueJsonConverter<NetworkUserId>;

/// <summary>Reads and writes <see cref="ThreadId"/> as a JSON string.</summary>
[SuppressMessage("Performance", "CA1812", Justification = "Instantiated by System.Text.Json through [JsonConverter].")]
internal sealed class ThreadIdJsonConverter : StringValueJsonConverter<ThreadId>;

/// <summary>Reads and writes <see cref="ChannelId"/> as a JSON string.</summary>
[SuppressMessage("Performance", "CA1812", Justification = "Instantiated by System.Text.Json through [JsonConverter].")]
internal sealed class ChannelIdJsonConverter : StringValueJsonConverter<ChannelId>;
