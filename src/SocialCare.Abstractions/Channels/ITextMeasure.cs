namespace SocialCare.Abstractions;

/// <summary>
/// Measures text the way a network counts it, for channels whose limit is not in UTF-16 code units (X counts weighted
/// characters: CJK and emoji count 2, every link 23). A channel adapter implements it beside <see cref="IChannelAdapter"/>;
/// the engine then checks reply lengths with it against <see cref="ChannelCapabilities.MaxTextLength"/> and
/// <see cref="ChannelCapabilities.MaxPublicTextLength"/>.
/// </summary>
public interface ITextMeasure
{
    /// <summary>Measures a text in the channel's unit of length.</summary>
    /// <param name="text">The text.</param>
    /// <param name="publicReply"><see langword="true"/> for text posted publicly, <see langword="false"/> for a private message.</param>
    /// <returns>The length as the network counts it.</returns>
    int Measure(string text, bool publicReply);
}
