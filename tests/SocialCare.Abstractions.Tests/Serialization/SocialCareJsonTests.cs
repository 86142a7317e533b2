using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SocialCare.Abstractions.Tests.Serialization;

public class SocialCareJsonTests
{
    public static TheoryData<MessagePart> AllParts() => [.. Samples.Parts()];

    public static TheoryData<InboundEvent> AllEvents() => [.. Samples.Events()];

    public static TheoryData<TicketEvent> AllTicketEvents() => [.. Samples.TicketEvents()];

    [Theory]
    [MemberData(nameof(AllParts))]
    public void MessagePart_RoundTrip_KeepsTypeAndEveryValue(MessagePart part) => AssertRoundTrip(part);

    [Theory]
    [MemberData(nameof(AllEvents))]
    public void InboundEvent_RoundTrip_KeepsTypeAndEveryValue(InboundEvent inbound) => AssertRoundTrip(inbound);

    [Theory]
    [MemberData(nameof(AllTicketEvents))]
    public void TicketEvent_RoundTrip_KeepsTypeAndEveryValue(TicketEvent ticketEvent) => AssertRoundTrip(ticketEvent);

    [Fact]
    public void ModelRecords_RoundTrip_KeepEveryValue()
    {
        AssertRoundTrip(Samples.Message);
        AssertRoundTrip(Samples.Ticket);
        AssertRoundTrip(Samples.Outbound);
        AssertRoundTrip(Samples.Giulia);
        AssertRoundTrip(Samples.PublicThread);
        AssertRoundTrip(new TicketHistoryEntry(new TicketId("t1"), Samples.At, TicketState.New, TicketState.Open, "assigned") { Actor = AuthorKind.Agent, Agent = new AgentId("a1") });
        AssertRoundTrip(new Customer(new CustomerId("c1"), [Samples.Giulia]) { DisplayName = "Giulia", IsVip = true, ExternalId = "crm-9", Language = "it" });
        AssertRoundTrip(new Agent(new AgentId("a1"), "Marco") { Presence = AgentPresence.Available, Capacity = 4, Skills = ["billing"], Languages = ["it", "en"], Channels = [ChannelId.WhatsApp] });
        AssertRoundTrip(SendResult.Sent(Samples.Mid));
        AssertRoundTrip(SendResult.Failed(new ChannelError("10", "Outside the allowed window") { StatusCode = 400, IsTransient = false, RetryAfter = TimeSpan.FromSeconds(30), OutsideReplyWindow = true }));
        AssertRoundTrip(new ChannelCapabilities(ChannelFeatures.PublicReplies | ChannelFeatures.Templates, MessagePartKinds.Text | MessagePartKinds.Image)
        {
            MaxTextLength = 2000,
            ReplyWindow = TimeSpan.FromHours(24),
            TaggedReplyWindow = TimeSpan.FromDays(7),
        });
        AssertRoundTrip(new TicketChangeSet
        {
            Event = Samples.Key,
            Tickets = [new TicketWrite(Samples.Ticket, 2)],
            AddedMessages = [Samples.Message],
            History = [new TicketHistoryEntry(new TicketId("t1"), Samples.At, TicketState.New, TicketState.New, "created")],
        });
    }

    [Fact]
    public void Samples_CoverEveryDerivedType()
    {
        AssertCovers<MessagePart>(Samples.Parts());
        AssertCovers<InboundEvent>(Samples.Events());
        AssertCovers<TicketEvent>(Samples.TicketEvents());
    }

    [Fact]
    public void Serialize_Part_UsesKindDiscriminatorCamelCaseAndStringEnums()
    {
        var json = JsonNode.Parse(SocialCareJson.Serialize<MessagePart>(new MediaPart(MediaKind.Document) { FileName = "a.pdf" }))!.AsObject();

        Assert.Equal("media", (string?)json["kind"]);
        Assert.Equal("Document", (string?)json["mediaKind"]);
        Assert.Equal("a.pdf", (string?)json["fileName"]);
        Assert.False(json.ContainsKey("caption"), "absent optional values are omitted");
    }

    [Fact]
    public void Serialize_Event_WritesIdsAsPlainStrings()
    {
        var json = JsonNode.Parse(SocialCareJson.Serialize<InboundEvent>(Samples.Events().First()))!.AsObject();

        Assert.Equal("message.received", (string?)json["type"]);
        Assert.Equal("m_AbC-123", (string?)json["messageId"]);
        Assert.Equal("facebook", (string?)json["key"]!["channel"]);
        Assert.Equal("7712345678901234", (string?)json["conversation"]!["thread"]);
        Assert.Equal("Private", (string?)json["conversation"]!["visibility"]);
    }

    [Fact]
    public void Deserialize_UnknownPropertiesAndOutOfOrderDiscriminator_AreTolerated()
    {
        var part = SocialCareJson.Deserialize<MessagePart>("""{"text":"hi","futureField":1,"kind":"text"}""");

        Assert.Equal(new TextPart("hi"), part);
    }

    [Theory]
    [InlineData("""{"kind":"hologram","text":"hi"}""")]
    [InlineData("""{"type":"message.received","key":{"channel":"Not A Channel","account":"1","eventId":"e"}}""")]
    [InlineData("""{"kind":"text",""")]
    public void Deserialize_InvalidJson_ThrowsJsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() =>
        {
            if (json.Contains("\"type\"", StringComparison.Ordinal))
            {
                SocialCareJson.Deserialize<InboundEvent>(json);
            }
            else
            {
                SocialCareJson.Deserialize<MessagePart>(json);
            }
        });
    }

    [Fact]
    public void InboundEnvelope_RoundTrip_KeepsRawJsonAsJson()
    {
        var raw = """{"sender":{"id":"77"},"message":{"mid":"m_1","text":"caf\u00e9"}}"""u8.ToArray();
        var envelope = new InboundEnvelope(Samples.Events().First()) { Raw = raw };

        var json = SocialCareJson.Serialize(envelope);
        var back = SocialCareJson.Deserialize<InboundEnvelope>(json)!;

        Assert.Equal("77", (string?)JsonNode.Parse(json)!["raw"]!["sender"]!["id"]);
        Assert.Equal(JsonNode.Parse(raw)!.ToJsonString(), JsonNode.Parse(back.Raw.Span)!.ToJsonString());
        Assert.Equal(json, SocialCareJson.Serialize(back));
    }

    [Fact]
    public void InboundEnvelope_WithoutRaw_RoundTripsToEmpty()
    {
        var envelope = new InboundEnvelope(Samples.Events().First());

        var back = SocialCareJson.Deserialize<InboundEnvelope>(SocialCareJson.Serialize(envelope))!;

        Assert.True(back.Raw.IsEmpty);
    }

    [Fact]
    public void GetTypeInfo_TypeOutsideTheModel_ThrowsNotSupported()
        => Assert.Throws<NotSupportedException>(() => SocialCareJson.GetTypeInfo<Version>());

    [Fact]
    public void Options_AreReadOnly()
        => Assert.True(SocialCareJson.Options.IsReadOnly);

    private static void AssertRoundTrip<T>(T value)
        where T : notnull
    {
        var json = SocialCareJson.Serialize(value);
        var back = SocialCareJson.Deserialize<T>(json);

        Assert.NotNull(back);
        Assert.Equal(value.GetType(), back.GetType());
        Assert.Equal(json, SocialCareJson.Serialize(back));

        // Every public property of the original survives: compare them one by one (collections item by item).
        AssertDeepEqual(value, back, value.GetType().Name);
    }

    private static void AssertDeepEqual(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }

        var type = expected.GetType();
        if (type.IsPrimitive || type.IsEnum || expected is string or decimal or DateTimeOffset or TimeSpan or Uri || IsIdentifier(type))
        {
            Assert.True(expected.Equals(actual), $"{path}: expected {expected}, got {actual}");
            return;
        }

        if (expected is ReadOnlyMemory<byte> bytes)
        {
            Assert.Equal(bytes.ToArray(), ((ReadOnlyMemory<byte>)actual).ToArray());
            return;
        }

        if (expected is System.Collections.IEnumerable sequence)
        {
            var left = sequence.Cast<object?>().ToList();
            var right = ((System.Collections.IEnumerable)actual).Cast<object?>().ToList();
            Assert.True(left.Count == right.Count, $"{path}: expected {left.Count} items, got {right.Count}");
            for (var i = 0; i < left.Count; i++)
            {
                AssertDeepEqual(left[i], right[i], $"{path}[{i}]");
            }

            return;
        }

        Assert.Equal(type, actual.GetType());
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0)
            {
                AssertDeepEqual(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
            }
        }
    }

    private static bool IsIdentifier(Type type)
        => type.IsValueType && type.Namespace == typeof(ChannelId).Namespace && type.GetProperty("Value")?.PropertyType == typeof(string);

    private static void AssertCovers<TBase>(IEnumerable<TBase> samples)
    {
        var declared = typeof(TBase).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(a => a.DerivedType).ToHashSet();
        var covered = samples.Select(s => s!.GetType()).ToHashSet();
        var derived = typeof(TBase).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(TBase)) && !t.IsAbstract).ToHashSet();

        Assert.Equal(derived.OrderBy(t => t.Name).Select(t => t.Name), declared.OrderBy(t => t.Name).Select(t => t.Name));
        Assert.Empty(derived.Except(covered).Select(t => t.Name));
    }
}
