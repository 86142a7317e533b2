using SocialCare.Testing;

namespace SocialCare.LoadTest.Corpus;

/// <summary>What a corpus holds: how many webhooks, from how many customers, how many duplicated, batched or with emoji.</summary>
internal sealed record CorpusOptions
{
    /// <summary>Gets the seed: the same seed and <see cref="Epoch"/> give the same corpus, byte for byte.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Gets the time of the first event; the webhooks' timestamps and X's snowflake ids follow from it.</summary>
    public DateTimeOffset Epoch { get; init; } = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Gets the number of distinct webhooks (requests before duplicates are added).</summary>
    public int Webhooks { get; init; } = 20_000;

    /// <summary>Gets the number of customers, spread over the channels; each writes several times, so messages both open tickets and join them.</summary>
    public int Customers { get; init; } = 2_000;

    /// <summary>Gets the share of distinct webhooks sent a second time, byte for byte (<c>round(rate × webhooks)</c> of them).</summary>
    public double DuplicateRate { get; init; } = 0.1;

    /// <summary>Gets the share of Messenger and WhatsApp webhooks that carry several events (2 or 3), as Meta batches them.</summary>
    public double MultiEventRate { get; init; } = 0.1;

    /// <summary>Gets the share of messages whose text has emoji and accented letters (the rest is ASCII).</summary>
    public double EmojiRate { get; init; } = 0.1;

    /// <summary>Gets the secrets and accounts to sign with and address; the demo accounts by default.</summary>
    public WebhookDriverOptions Accounts { get; init; } = new();
}
