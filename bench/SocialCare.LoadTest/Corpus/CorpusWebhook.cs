using System.Collections.Frozen;
using SocialCare.Abstractions;

namespace SocialCare.LoadTest.Corpus;

/// <summary>One event a webhook carries: a customer's message, known by its network id.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="NetworkId">The message's id on the network (<c>m_…</c>, <c>wamid.…</c>, an X id).</param>
/// <param name="Kind">What it is: <c>messenger</c>, <c>whatsapp</c>, <c>x-dm</c> or <c>x-mention</c>.</param>
/// <param name="Text">The text the customer wrote.</param>
internal sealed record CorpusEvent(ChannelId Channel, string NetworkId, string Kind, string Text);

/// <summary>One request of the corpus: a signed webhook body for a channel's endpoint, and the events it carries.</summary>
/// <param name="Channel">The channel whose endpoint receives it.</param>
/// <param name="Body">The exact body bytes, as signed.</param>
/// <param name="Headers">The headers: the signature and <c>Content-Type</c> (case-insensitive).</param>
/// <param name="Events">The customer messages it carries (one, or several for a batch).</param>
internal sealed record CorpusWebhook(ChannelId Channel, ReadOnlyMemory<byte> Body, FrozenDictionary<string, string> Headers, IReadOnlyList<CorpusEvent> Events)
{
    /// <summary>Gets the position of the webhook this one repeats, or -1 when it is an original.</summary>
    public int DuplicateOf { get; init; } = -1;

    /// <summary>Gets a value indicating whether this is a redelivery of an earlier webhook.</summary>
    public bool IsDuplicate => DuplicateOf >= 0;
}
