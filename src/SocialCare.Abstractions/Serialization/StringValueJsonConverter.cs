using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocialCare.Abstractions.Serialization;

/// <summary>An identifier that wraps one string and can be created from it.</summary>
/// <typeparam name="TSelf">The identifier type.</typeparam>
internal interface IStringValue<TSelf>
    where TSelf : struct, IStringValue<TSelf>
{
    /// <summary>Gets the wrapped text.</summary>
    string Value { get; }

    /// <summary>Creates an identifier from its text.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The identifier.</returns>
    static abstract TSelf Create(string value);
}

/// <summary>Writes an identifier as a JSON string (and as a property name, for dictionaries keyed by it).</summary>
/// <typeparam name="T">The identifier type.</typeparam>
internal abstract class StringValueJsonConverter<T> : JsonConverter<T>
    where T : struct, IStringValue<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string for {typeof(T).Name}, found {reader.TokenType}.");
        }

        return Create(reader.GetString()!);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Value);
    }

    public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => Create(reader.GetString()!);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(value.Value);
    }

    private static T Create(string value)
    {
        try
        {
            return T.Create(value);
        }
        catch (ArgumentException ex)
        {
            throw new JsonException($"Invalid {typeof(T).Name}: {ex.Message}", ex);
        }
    }
}
