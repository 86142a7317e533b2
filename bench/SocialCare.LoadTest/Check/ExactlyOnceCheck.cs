using SocialCare.LoadTest.Corpus;

namespace SocialCare.LoadTest.Check;

/// <summary>A customer message as stored: its ticket, channel and network id.</summary>
/// <param name="TicketId">The ticket it is on.</param>
/// <param name="Channel">The channel (<c>facebook</c>, <c>whatsapp</c>, <c>x</c>).</param>
/// <param name="NetworkId">The network's id of the message, if it has one.</param>
internal sealed record StoredMessage(string TicketId, string Channel, string? NetworkId);

/// <summary>The outcome of the exactly-once check.</summary>
/// <param name="Expected">Distinct events sent.</param>
/// <param name="Tickets">Tickets read.</param>
/// <param name="Found">Distinct events found stored.</param>
/// <param name="Missing">Events sent (and acknowledged or not) that are not stored.</param>
/// <param name="Duplicated">Events stored more than once, with how many times.</param>
/// <param name="Foreign">Customer messages stored that this run did not send (earlier traffic on a running inbox).</param>
internal sealed record CheckResult(int Expected, int Tickets, int Found, IReadOnlyList<CorpusEvent> Missing, IReadOnlyList<(CorpusEvent Event, int Count)> Duplicated, int Foreign)
{
    /// <summary>Gets a value indicating whether every event sent is stored exactly once.</summary>
    public bool Passed => Missing.Count == 0 && Duplicated.Count == 0;
}

/// <summary>Compares the events sent with the customer messages stored: each must be stored once, on its channel.</summary>
internal static class ExactlyOnceCheck
{
    /// <summary>Checks.</summary>
    /// <param name="sent">Every distinct event sent (duplicated deliveries are the same events).</param>
    /// <param name="stored">The customer messages read back.</param>
    /// <returns>The result.</returns>
    public static CheckResult Check(IEnumerable<CorpusEvent> sent, IReadOnlyCollection<StoredMessage> stored)
    {
        ArgumentNullException.ThrowIfNull(sent);
        ArgumentNullException.ThrowIfNull(stored);
        var expected = new Dictionary<(string Channel, string Id), CorpusEvent>();
        foreach (var e in sent)
        {
            expected.TryAdd((e.Channel.Value, e.NetworkId), e);
        }

        var counts = new Dictionary<(string Channel, string Id), int>();
        var foreign = 0;
        foreach (var message in stored)
        {
            if (message.NetworkId is { } id && expected.ContainsKey((message.Channel, id)))
            {
                counts[(message.Channel, id)] = counts.GetValueOrDefault((message.Channel, id)) + 1;
            }
            else
            {
                foreign++;
            }
        }

        var missing = expected.Where(e => !counts.ContainsKey(e.Key)).Select(e => e.Value).ToList();
        var duplicated = counts.Where(c => c.Value > 1).Select(c => (expected[c.Key], c.Value)).ToList();
        return new CheckResult(expected.Count, stored.Select(m => m.TicketId).Distinct(StringComparer.Ordinal).Count(), counts.Count, missing, duplicated, foreign);
    }
}
