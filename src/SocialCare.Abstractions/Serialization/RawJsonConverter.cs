using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocialCare.Abstractions.Serialization;

/// <summary>
/// Writes UTF-8 JSON bytes as the JSON value they contain (not as base64), and reads any JSON value back into bytes.
/// </summary>
internal sealed class RawJsonConverter : JsonConverter<ReadOnlyMemory<byte>>
{
    public override bool HandleNull => true;

    public override ReadOnlyMemory<byte> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        // Keep the JSON text exactly as written (escapes included), so the raw payload survives unchanged.
        using var document = JsonDocument.ParseValue(ref reader);
        return Encoding.UTF8.GetBytes(document.RootElement.GetRawText());
    }

    public override void Write(Utf8JsonWriter writer, ReadOnlyMemory<byte> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.IsEmpty)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteRawValue(value.Span, skipInputValidation: false);
        }
    }
}
