using System.Text.Json.Serialization;
using SocialCare.Abstractions.Serialization;

namespace SocialCare.Abstractions;

/// <summary>Identifies a channel: a kind of network that SocialCare talks to, such as Facebook, WhatsApp or X.</summary>
/// <remarks>
/// An open set: the built-in channels are <see cref="Facebook"/>, <see cref="WhatsApp"/> and <see cref="X"/>, and an
/// integrator's adapter may declare any other. The value appears in webhook paths (<c>/webhooks/{channel}</c>), so it is
/// restricted to 1–64 lower-case ASCII letters, digits, <c>-</c> and <c>_</c>, starting with a letter.
/// </remarks>
[JsonConverter(typeof(ChannelIdJsonConverter))]
public readonly record struct ChannelId : IStringValue<ChannelId>
{
    /// <summary>The longest channel id accepted.</summary>
    public const int MaxLength = 64;

    private readonly string? _value;

    /// <summary>Initializes a new instance of the <see cref="ChannelId"/> struct.</summary>
    /// <param name="value">The channel's name, for example <c>facebook</c> or <c>webchat</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="value"/> is not a valid channel id.</exception>
    public ChannelId(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!IsValid(value))
        {
            throw new ArgumentException(
                $"A channel id is 1-{MaxLength} lower-case ASCII letters, digits, '-' or '_', starting with a letter.",
                nameof(value));
        }

        _value = value;
    }

    /// <summary>Gets Facebook: Messenger conversations and Page comments.</summary>
    public static ChannelId Facebook { get; } = new("facebook");

    /// <summary>Gets WhatsApp (the Cloud API).</summary>
    public static ChannelId WhatsApp { get; } = new("whatsapp");

    /// <summary>Gets X (formerly Twitter): Direct Messages and public posts.</summary>
    public static ChannelId X { get; } = new("x");

    /// <summary>Gets the channel's name.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Tells whether <paramref name="value"/> is a valid channel id.</summary>
    /// <param name="value">The text to check.</param>
    /// <returns><see langword="true"/> when <paramref name="value"/> can be used as a channel id.</returns>
    public static bool IsValid(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.Length > MaxLength || !char.IsAsciiLetterLower(value[0]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    static ChannelId IStringValue<ChannelId>.Create(string value) => new(value);

    /// <summary>Returns the channel's name.</summary>
    /// <returns>The channel's name.</returns>
    public override string ToString() => Value;
}
