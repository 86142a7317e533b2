using System.Buffers;
using System.Collections.Frozen;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SocialCare.Abstractions;
using SocialCare.Testing;

namespace SocialCare.LoadTest.Corpus;

/// <summary>A generated corpus: the requests in replay order, and the distinct events they carry.</summary>
/// <param name="Options">What it was generated from.</param>
/// <param name="Webhooks">The requests in the order to send them, duplicates included.</param>
/// <param name="Events">Every distinct event, once (the ones duplicates repeat are not counted again).</param>
internal sealed record LoadCorpus(CorpusOptions Options, IReadOnlyList<CorpusWebhook> Webhooks, IReadOnlyList<CorpusEvent> Events)
{
    /// <summary>Gets the number of requests that repeat an earlier one.</summary>
    public int Duplicates => Webhooks.Count(w => w.IsDuplicate);

    /// <summary>Gets the number of events all requests carry, duplicates counted as often as they are sent.</summary>
    public int EventsSent => Webhooks.Sum(w => w.Events.Count);
}

/// <summary>
/// Generates a corpus of signed webhooks, deterministically from <see cref="CorpusOptions.Seed"/> and
/// <see cref="CorpusOptions.Epoch"/>: Messenger texts, WhatsApp texts, X Direct Messages and mentions (a customer's later
/// mentions answer their first, so they join its thread), some Meta batches, and byte-for-byte redeliveries.
/// </summary>
/// <remarks>
/// Bodies have the shapes of <see cref="GraphApiEmulator"/>'s and <see cref="XWebhooks"/>' builders (X bodies are built by
/// them); Meta bodies escape non-ASCII as <c>\uXXXX</c>, as Meta does. Signatures are the networks': Meta's
/// <c>X-Hub-Signature-256: sha256=</c> hex HMAC-SHA256 with the app secret, X's <c>x-twitter-webhooks-signature</c>.
/// </remarks>
internal static class CorpusGenerator
{
    /// <summary>Meta's signature header.</summary>
    public const string MetaSignatureHeader = "X-Hub-Signature-256";

    /// <summary>X's signature header.</summary>
    public const string XSignatureHeader = "x-twitter-webhooks-signature";

    private const long TwitterEpochMilliseconds = 1288834974657;
    private const string DisplayPhoneNumber = "15557771234";

    private enum Kind
    {
        Messenger,
        WhatsApp,
        XDirectMessage,
        XMention,
    }

    /// <summary>Generates the corpus.</summary>
    /// <param name="options">What to generate.</param>
    /// <returns>The corpus.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is below 1, a rate outside 0 to 1, or the epoch before November 2010.</exception>
    public static LoadCorpus Generate(CorpusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Webhooks, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Customers, 1);
        CheckRate(options.DuplicateRate, nameof(options.DuplicateRate));
        CheckRate(options.MultiEventRate, nameof(options.MultiEventRate));
        CheckRate(options.EmojiRate, nameof(options.EmojiRate));
        if (options.Epoch.ToUnixTimeMilliseconds() <= TwitterEpochMilliseconds)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Epoch, "The epoch must be after X's (November 2010): X ids count from it, and networks ignore messages without a real time.");
        }

        // Choices and texts come from the seed; ids from the seed and the epoch, so that two runs against one inbox with
        // different epochs never share an id.
        var random = new Random(options.Seed);
        var ids = new Random(unchecked((options.Seed * 1_000_003) + (int)(options.Epoch.ToUnixTimeSeconds() % int.MaxValue)));
        var state = new State(options, random, ids);
        var customers = CreateCustomers(state);
        var byKind = customers.GroupBy(c => c.Kind).ToDictionary(g => g.Key, g => g.ToArray());

        var originals = new List<CorpusWebhook>(options.Webhooks);
        var events = new List<CorpusEvent>(options.Webhooks * 11 / 10);
        for (var i = 0; i < options.Webhooks; i++)
        {
            var customer = customers[random.Next(customers.Length)];
            var batch = customer.Kind is Kind.Messenger or Kind.WhatsApp && random.NextDouble() < options.MultiEventRate ? random.Next(2, 4) : 1;
            var senders = new List<Customer>(batch) { customer };
            while (senders.Count < batch)
            {
                // Meta batches several senders' messages to one Page or number in one request.
                var same = byKind[customer.Kind];
                senders.Add(same[random.Next(same.Length)]);
            }

            var webhook = customer.Kind switch
            {
                Kind.Messenger => Messenger(state, senders),
                Kind.WhatsApp => WhatsApp(state, senders),
                Kind.XDirectMessage => XDirectMessage(state, customer),
                _ => XMention(state, customer),
            };
            originals.Add(webhook);
            events.AddRange(webhook.Events);
        }

        return new LoadCorpus(options, AddDuplicates(originals, options.DuplicateRate, random), events);
    }

    private static void CheckRate(double rate, string name)
    {
        if (!(rate is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(name, rate, "A rate is a share from 0 to 1.");
        }
    }

    /// <summary>Repeats <c>round(rate × count)</c> distinct webhooks, each a little after its original (often while it is still in flight).</summary>
    private static List<CorpusWebhook> AddDuplicates(List<CorpusWebhook> originals, double rate, Random random)
    {
        var count = (int)Math.Round(rate * originals.Count, MidpointRounding.AwayFromZero);
        var order = Enumerable.Range(0, originals.Count).ToArray();
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var keyed = new List<(double Key, int Original, bool Duplicate)>(originals.Count + count);
        keyed.AddRange(Enumerable.Range(0, originals.Count).Select(i => ((double)i, i, false)));
        foreach (var original in order.Take(count))
        {
            keyed.Add((original + 0.5 + random.Next(0, 64), original, true));
        }

        keyed.Sort((a, b) => a.Key.CompareTo(b.Key));
        var positions = new int[originals.Count];
        var result = new List<CorpusWebhook>(keyed.Count);
        foreach (var (_, original, duplicate) in keyed)
        {
            if (duplicate)
            {
                result.Add(originals[original] with { DuplicateOf = positions[original] });
            }
            else
            {
                positions[original] = result.Count;
                result.Add(originals[original]);
            }
        }

        return result;
    }

    private static Customer[] CreateCustomers(State state)
    {
        var random = state.Random;
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var customers = new Customer[state.Options.Customers];
        for (var i = 0; i < customers.Length; i++)
        {
            // Shares: Messenger 35%, WhatsApp 35%, X DMs 15%, X mentions 15%.
            var roll = random.Next(100);
            var kind = roll < 35 ? Kind.Messenger : roll < 70 ? Kind.WhatsApp : roll < 85 ? Kind.XDirectMessage : Kind.XMention;
            var italian = random.Next(2) == 0;
            var names = italian ? Phrases.ItalianNames : Phrases.EnglishNames;
            var name = names[random.Next(names.Length)];
            string id;
            do
            {
                id = kind switch
                {
                    Kind.Messenger => "6" + Digits(random, 15),
                    Kind.WhatsApp => (italian ? "393" : "447") + Digits(random, 9),
                    _ => "17" + Digits(random, 17),
                };
            }
            while (!taken.Add(id));

            var handle = name.Replace(" ", "_", StringComparison.Ordinal).ToLowerInvariant() + "_" + (i % 1000).ToString(CultureInfo.InvariantCulture);
            customers[i] = new Customer(kind, id, name, handle, italian);
        }

        return customers;
    }

    private static CorpusWebhook Messenger(State state, List<Customer> senders)
    {
        var accounts = state.Options.Accounts;
        var items = senders.Select(sender => (Sender: sender, Event: state.NextEvent(sender, ChannelId.Facebook, "messenger", MessengerId(state.Ids)))).ToList();

        // A batch goes either as several entries of the Page, or as several messaging items in one entry; Meta does both.
        var separateEntries = items.Count > 1 && state.Random.Next(2) == 0;
        var body = Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("object", "page");
            writer.WriteStartArray("entry");
            var groups = separateEntries ? items.Select(i => new[] { i }).ToList() : [items.ToArray()];
            foreach (var group in groups)
            {
                writer.WriteStartObject();
                writer.WriteString("id", accounts.PageId);
                writer.WriteNumber("time", group.Max(i => i.Event.At).ToUnixTimeMilliseconds());
                writer.WriteStartArray("messaging");
                foreach (var (sender, e) in group)
                {
                    writer.WriteStartObject();
                    writer.WriteStartObject("sender");
                    writer.WriteString("id", sender.Id);
                    writer.WriteEndObject();
                    writer.WriteStartObject("recipient");
                    writer.WriteString("id", accounts.PageId);
                    writer.WriteEndObject();
                    writer.WriteNumber("timestamp", e.At.ToUnixTimeMilliseconds());
                    writer.WriteStartObject("message");
                    writer.WriteString("mid", e.Event.NetworkId);
                    writer.WriteString("text", e.Event.Text);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
        return Signed(ChannelId.Facebook, body, MetaSignature(body, accounts.FacebookAppSecret), MetaSignatureHeader, items.Select(i => i.Event.Event));
    }

    private static CorpusWebhook WhatsApp(State state, List<Customer> senders)
    {
        var accounts = state.Options.Accounts;
        var items = senders.Select(sender => (Sender: sender, Event: state.NextEvent(sender, ChannelId.WhatsApp, "whatsapp", WhatsAppId(state.Ids, sender.Id)))).ToList();
        var body = Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("object", "whatsapp_business_account");
            writer.WriteStartArray("entry");
            writer.WriteStartObject();
            writer.WriteString("id", accounts.WabaId);
            writer.WriteStartArray("changes");
            writer.WriteStartObject();
            writer.WriteStartObject("value");
            writer.WriteString("messaging_product", "whatsapp");
            writer.WriteStartObject("metadata");
            writer.WriteString("display_phone_number", DisplayPhoneNumber);
            writer.WriteString("phone_number_id", accounts.PhoneNumberId);
            writer.WriteEndObject();
            writer.WriteStartArray("contacts");
            foreach (var sender in items.Select(i => i.Sender).DistinctBy(s => s.Id))
            {
                writer.WriteStartObject();
                writer.WriteStartObject("profile");
                writer.WriteString("name", sender.Name);
                writer.WriteEndObject();
                writer.WriteString("wa_id", sender.Id);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("messages");
            foreach (var (sender, e) in items)
            {
                writer.WriteStartObject();
                writer.WriteString("from", sender.Id);
                writer.WriteString("id", e.Event.NetworkId);
                writer.WriteString("timestamp", e.At.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
                writer.WriteString("type", "text");
                writer.WriteStartObject("text");
                writer.WriteString("body", e.Event.Text);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteString("field", "messages");
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        });
        return Signed(ChannelId.WhatsApp, body, MetaSignature(body, accounts.WhatsAppAppSecret), MetaSignatureHeader, items.Select(i => i.Event.Event));
    }

    private static CorpusWebhook XDirectMessage(State state, Customer customer)
    {
        var accounts = state.Options.Accounts;
        var (e, at) = state.NextEvent(customer, ChannelId.X, "x-dm", null);
        var body = XWebhooks.DirectMessage(accounts.XBrandUserId, e.NetworkId, customer.Id, accounts.XBrandUserId, e.Text, at, customer.Name, customer.Handle);
        return Signed(ChannelId.X, body, XWebhooks.Sign(body, accounts.XConsumerSecret), XSignatureHeader, [e]);
    }

    private static CorpusWebhook XMention(State state, Customer customer)
    {
        var accounts = state.Options.Accounts;
        var (e, at) = state.NextEvent(customer, ChannelId.X, "x-mention", null);
        var text = "@" + accounts.XBrandScreenName + " " + e.Text;
        e = e with { Text = text };

        // A customer's later mentions answer their first one, so that they join its thread (and its ticket).
        var first = customer.FirstPostId;
        var body = XWebhooks.Mention(
            accounts.XBrandUserId,
            e.NetworkId,
            customer.Id,
            customer.Handle,
            text,
            at,
            inReplyToPostId: first,
            forScreenName: accounts.XBrandScreenName,
            authorName: customer.Name,
            inReplyToUserId: first is null ? null : customer.Id,
            inReplyToScreenName: first is null ? null : customer.Handle);
        customer.FirstPostId ??= e.NetworkId;
        return Signed(ChannelId.X, body, XWebhooks.Sign(body, accounts.XConsumerSecret), XSignatureHeader, [e]);
    }

    private static CorpusWebhook Signed(ChannelId channel, byte[] body, string signature, string header, IEnumerable<CorpusEvent> events)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [header] = signature,
            ["Content-Type"] = "application/json",
        };
        return new CorpusWebhook(channel, body, headers.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase), [.. events]);
    }

    /// <summary>Meta's <c>X-Hub-Signature-256</c> value: <c>sha256=</c> and the lower-case hex HMAC-SHA256 of the body.</summary>
    internal static string MetaSignature(byte[] body, string appSecret)
        => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body));

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string Digits(Random random, int count)
    {
        Span<char> digits = stackalloc char[count];
        for (var i = 0; i < count; i++)
        {
            digits[i] = (char)('0' + random.Next(10));
        }

        return new string(digits);
    }

    /// <summary>A Messenger <c>mid</c>: <c>m_</c> and 86 URL-safe base64 characters.</summary>
    private static string MessengerId(Random ids)
    {
        var bytes = new byte[64];
        ids.NextBytes(bytes);
        return "m_" + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>A <c>wamid.</c>: base64 of Meta's framing around the customer's number and 20 hex digits.</summary>
    private static string WhatsAppId(Random ids, string from)
    {
        var random = new byte[10];
        ids.NextBytes(random);
        var phone = Encoding.ASCII.GetBytes(from);
        var hex = Encoding.ASCII.GetBytes(Convert.ToHexString(random));
        byte[] frame = [0x1C, 0x18, (byte)phone.Length, .. phone, 0x15, 0x02, 0x00, 0x12, 0x18, (byte)hex.Length, .. hex, 0x00];
        return "wamid." + Convert.ToBase64String(frame);
    }

    private sealed class Customer(Kind kind, string id, string name, string handle, bool italian)
    {
        public Kind Kind { get; } = kind;

        public string Id { get; } = id;

        public string Name { get; } = name;

        public string Handle { get; } = handle;

        public bool Italian { get; } = italian;

        /// <summary>Gets or sets the customer's first mention, which later mentions answer.</summary>
        public string? FirstPostId { get; set; }
    }

    private sealed class State(CorpusOptions options, Random random, Random ids)
    {
        private long _sequence;

        public CorpusOptions Options { get; } = options;

        public Random Random { get; } = random;

        public Random Ids { get; } = ids;

        /// <summary>The next event: 5 ms after the previous one, with a text in the customer's language; X ids are snowflakes of its time.</summary>
        /// <remarks>The epoch must be after X's (2010): WhatsApp's channel ignores a message without a usable timestamp.</remarks>
        public (CorpusEvent Event, DateTimeOffset At) NextEvent(Customer customer, ChannelId channel, string kind, string? networkId)
        {
            var sequence = _sequence++;
            var at = Options.Epoch.AddMilliseconds(sequence * 5);
            // Every event has its own millisecond, so X ids are unique within a corpus whatever their low bits; random low
            // bits (with the top one set, as WebhookDriver's) keep them apart between seeds.
            networkId ??= (((at.ToUnixTimeMilliseconds() - TwitterEpochMilliseconds) << 22) | 0x200000L | (long)(uint)Ids.Next(0x200000)).ToString(CultureInfo.InvariantCulture);
            return (new CorpusEvent(channel, networkId, kind, Text(customer.Italian)), at);
        }

        private string Text(bool italian)
        {
            var decorated = Random.NextDouble() < Options.EmojiRate;
            var phrases = (italian, decorated) switch
            {
                (true, false) => Phrases.ItalianPlain,
                (true, true) => Phrases.ItalianAccented,
                (false, false) => Phrases.EnglishPlain,
                (false, true) => Phrases.EnglishAccented,
            };
            var text = phrases[Random.Next(phrases.Length)]
                .Replace("{order}", "#" + Digits(Random, 7), StringComparison.Ordinal);
            return decorated ? text + " " + Phrases.Emoji[Random.Next(Phrases.Emoji.Length)] : text;
        }
    }
}
