using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SocialCare.Abstractions;
using SocialCare.LoadTest.Corpus;
using SocialCare.Testing;

namespace SocialCare.LoadTest.Tests;

/// <summary>The corpus: deterministic per seed, signed as the networks sign, with the shares of duplicates, batches and emoji asked for.</summary>
public sealed class CorpusGeneratorTests
{
    private static readonly CorpusOptions Small = new() { Webhooks = 3000, Customers = 300, Seed = 7 };

    [Fact]
    public void Generate_SameSeedAndEpoch_GivesTheSameBytes()
    {
        var first = CorpusGenerator.Generate(Small);
        var second = CorpusGenerator.Generate(Small);
        Assert.Equal(first.Webhooks.Count, second.Webhooks.Count);
        for (var i = 0; i < first.Webhooks.Count; i++)
        {
            Assert.True(first.Webhooks[i].Body.Span.SequenceEqual(second.Webhooks[i].Body.Span), $"webhook {i} differs");
            Assert.Equal(first.Webhooks[i].Headers, second.Webhooks[i].Headers);
        }
    }

    [Fact]
    public void Generate_AnotherSeed_OrEpoch_GivesOtherIds()
    {
        var ids = CorpusGenerator.Generate(Small).Events.Select(e => e.NetworkId).ToHashSet();
        Assert.DoesNotContain(CorpusGenerator.Generate(Small with { Seed = 8 }).Events, e => ids.Contains(e.NetworkId));
        Assert.DoesNotContain(CorpusGenerator.Generate(Small with { Epoch = Small.Epoch.AddHours(1) }).Events, e => ids.Contains(e.NetworkId));
    }

    [Fact]
    public void Generate_EveryWebhookIsSignedAsItsNetworkSigns()
    {
        var accounts = new WebhookDriverOptions();
        foreach (var webhook in CorpusGenerator.Generate(Small).Webhooks)
        {
            var body = webhook.Body.ToArray();
            if (webhook.Channel == ChannelId.X)
            {
                var expected = "sha256=" + Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(accounts.XConsumerSecret), body));
                Assert.Equal(expected, webhook.Headers["X-Twitter-Webhooks-Signature"]);
            }
            else
            {
                var secret = webhook.Channel == ChannelId.Facebook ? accounts.FacebookAppSecret : accounts.WhatsAppAppSecret;
                Assert.Equal("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)), webhook.Headers["x-hub-signature-256"]);
            }
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(0.25)]
    public void Generate_DuplicatesAtTheRateAsked_EachAfterItsOriginal_ByteForByte(double rate)
    {
        var corpus = CorpusGenerator.Generate(Small with { DuplicateRate = rate });
        Assert.Equal((int)Math.Round(rate * Small.Webhooks), corpus.Duplicates);
        Assert.Equal(Small.Webhooks + corpus.Duplicates, corpus.Webhooks.Count);
        for (var i = 0; i < corpus.Webhooks.Count; i++)
        {
            var webhook = corpus.Webhooks[i];
            if (webhook.IsDuplicate)
            {
                Assert.InRange(webhook.DuplicateOf, 0, i - 1);
                var original = corpus.Webhooks[webhook.DuplicateOf];
                Assert.False(original.IsDuplicate);
                Assert.True(original.Body.Span.SequenceEqual(webhook.Body.Span));
            }
        }

        // Each original is repeated at most once, and the distinct events are those of the originals.
        Assert.Equal(corpus.Duplicates, corpus.Webhooks.Where(w => w.IsDuplicate).Select(w => w.DuplicateOf).Distinct().Count());
        Assert.Equal(corpus.Events.Count, corpus.Webhooks.Where(w => !w.IsDuplicate).Sum(w => w.Events.Count));
        Assert.Equal(corpus.Events.Count, corpus.Events.Select(e => e.NetworkId).Distinct().Count());
    }

    [Fact]
    public void Generate_MixesChannels_BatchesMetaEvents_AndPutsEmojiInAboutOneTextInTen()
    {
        var corpus = CorpusGenerator.Generate(Small);
        var kinds = corpus.Events.GroupBy(e => e.Kind).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(["messenger", "whatsapp", "x-dm", "x-mention"], kinds.Keys.Order(StringComparer.Ordinal));
        Assert.All(kinds.Values, count => Assert.True(count > corpus.Events.Count / 10, $"{count} of {corpus.Events.Count}"));

        var batches = corpus.Webhooks.Where(w => !w.IsDuplicate && w.Events.Count > 1).ToList();
        Assert.Contains(batches, w => w.Channel == ChannelId.Facebook);
        Assert.Contains(batches, w => w.Channel == ChannelId.WhatsApp);
        Assert.DoesNotContain(batches, w => w.Channel == ChannelId.X);
        Assert.All(batches, w => Assert.InRange(w.Events.Count, 2, 3));

        var decorated = corpus.Events.Count(e => e.Text.Any(c => c > 127)) / (double)corpus.Events.Count;
        Assert.InRange(decorated, 0.07, 0.13);
        Assert.Contains(corpus.Events, e => e.Text.Contains("ordine", StringComparison.Ordinal));
        Assert.Contains(corpus.Events, e => e.Text.Contains("order", StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_MetaBodiesEscapeNonAscii_AndCarryEachEventsIdAndText()
    {
        var corpus = CorpusGenerator.Generate(Small with { EmojiRate = 1 });
        foreach (var webhook in corpus.Webhooks.Where(w => w.Channel != ChannelId.X).Take(200))
        {
            Assert.All(webhook.Body.ToArray(), b => Assert.True(b < 128, "Meta escapes every non-ASCII character as \\uXXXX"));
            using var document = JsonDocument.Parse(webhook.Body);
            var texts = Texts(document.RootElement).ToList();
            Assert.Equal(webhook.Events.Select(e => (e.NetworkId, e.Text)), texts);
        }
    }

    [Fact]
    public void Generate_LaterMentionsOfACustomer_AnswerTheirFirst()
    {
        var mentions = CorpusGenerator.Generate(Small).Webhooks.Where(w => !w.IsDuplicate && w.Events[0].Kind == "x-mention")
            .Select(w => JsonDocument.Parse(w.Body).RootElement.GetProperty("tweet_create_events")[0])
            .GroupBy(p => p.GetProperty("user").GetProperty("id_str").GetString())
            .Where(g => g.Count() > 1)
            .ToList();
        Assert.NotEmpty(mentions);
        foreach (var customer in mentions)
        {
            var first = customer.First();
            Assert.Equal(JsonValueKind.Null, first.GetProperty("in_reply_to_status_id_str").ValueKind);
            Assert.All(customer.Skip(1), p => Assert.Equal(first.GetProperty("id_str").GetString(), p.GetProperty("in_reply_to_status_id_str").GetString()));
        }
    }

    private static IEnumerable<(string Id, string Text)> Texts(JsonElement root)
    {
        foreach (var entry in root.GetProperty("entry").EnumerateArray())
        {
            if (entry.TryGetProperty("messaging", out var messaging))
            {
                foreach (var item in messaging.EnumerateArray())
                {
                    var message = item.GetProperty("message");
                    yield return (message.GetProperty("mid").GetString()!, message.GetProperty("text").GetString()!);
                }
            }
            else
            {
                foreach (var change in entry.GetProperty("changes").EnumerateArray())
                {
                    foreach (var message in change.GetProperty("value").GetProperty("messages").EnumerateArray())
                    {
                        yield return (message.GetProperty("id").GetString()!, message.GetProperty("text").GetProperty("body").GetString()!);
                    }
                }
            }
        }
    }
}
