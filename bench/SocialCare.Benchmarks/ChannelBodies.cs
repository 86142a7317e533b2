using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SocialCare.Benchmarks;

/// <summary>
/// The realistic webhook bodies of the per-channel benchmarks, as templates, and variants of them for the ingest
/// benchmarks: each event its own message id, each customer their own ids, every id as long as the template's, so a
/// variant has the template's size to the byte.
/// </summary>
/// <remarks>
/// The verify + parse benchmarks read the templates themselves; the ingest benchmarks read variants of the same
/// templates, so both measure the same bytes apart from the ids.
/// </remarks>
internal static class ChannelBodies
{
    /// <summary>The Facebook Page of the Messenger body.</summary>
    public const string PageId = "104857392016485";

    /// <summary>The WhatsApp phone number id of the WhatsApp bodies.</summary>
    public const string PhoneNumberId = "109283746501234";

    /// <summary>The brand's X account of the X fixtures.</summary>
    public const string XBrand = "1278843152204431360";

    /// <summary>The Meta app secret the Messenger and WhatsApp bodies are signed with.</summary>
    public const string MetaSecret = "shared-fixture-app-secret-9a7b3c";

    /// <summary>The X consumer secret the shared X fixtures are signed with.</summary>
    public const string XSecret = "kP3xV9qLm2TzR8wN4sYb7JcH1dF6gA0eU5iO2rE9tQw";

    /// <summary>SocialCare's local message id in the template status's <c>biz_opaque_callback_data</c>.</summary>
    public const string StatusLocalId = "0195f3a2c4e87b1d9a6f02e4c8b3d571";

    /// <summary>The time of the Messenger body's message (its <c>timestamp</c>).</summary>
    public static readonly DateTimeOffset MessengerTime = DateTimeOffset.FromUnixTimeMilliseconds(1795097141000);

    /// <summary>The time of the WhatsApp bodies (the text message's <c>timestamp</c>).</summary>
    public static readonly DateTimeOffset WhatsAppTime = DateTimeOffset.FromUnixTimeSeconds(1795199400);

    /// <summary>The time of the X fixtures (the DM's <c>created_timestamp</c>).</summary>
    public static readonly DateTimeOffset XTime = DateTimeOffset.FromUnixTimeMilliseconds(1791969242733);

    private const string MessengerPsid = "6241839201847562";
    private const string MessengerMid = "m_EXehXcv3__DUMZH8KRrYV3CJC_BZHhm5S6xxMYHxq2B5kRP0r6UV1cZB3urJ1mKpWx-KA7EvZtxr9Pko2JjCKl";
    private const string MessengerTimestamp = "1795097141000";
    private const string WhatsAppPhone = "393471234567";
    private const string WhatsAppUserId = "IT.1839201746502938";
    private const string WhatsAppTextWamid = "wamid.HBgMMzkzNDcxMjM0NTY3FQIAEhgUMDU4ODA1QkU5Q0VEQTMzQzE2Q0EA";
    private const string WhatsAppStatusWamid = "wamid.HBgMMzkzNDcxMjM0NTY3FQIAERgUQURENDcyNTExNDZDMTREN0U0NDUA";
    private const string XCustomer = "1402938475610284033";
    private const string XDmEventId = "2110298073131778308";
    private const string XMentionPostId = "2110295848522037206";

    // A real-looking Messenger text message of about 1 KB (the customer's text makes up most of it).
    private static readonly string MessengerTemplate =
        "{\"object\":\"page\",\"entry\":[{\"id\":\"" + PageId + "\",\"time\":1795097141412,\"messaging\":[{\"sender\":{\"id\":\"" + MessengerPsid + "\"},"
        + "\"recipient\":{\"id\":\"" + PageId + "\"},\"timestamp\":" + MessengerTimestamp + ",\"message\":{\"mid\":\"" + MessengerMid + "\","
        + "\"text\":" + JsonSerializer.Serialize(
            "Hi, my order #48213 still hasn't arrived. I ordered it two weeks ago and the tracking page has said "
            + "'label created' ever since. Could you check with the courier and tell me when it will come? I need it before "
            + "the weekend because it is a birthday present for my daughter, and if it cannot arrive in time I would rather "
            + "cancel and get a refund. The address is the one on my account. I also tried calling the shop on Tuesday "
            + "but nobody answered the phone. My order was paid by card and the amount has already left my account, so "
            + "please do not charge me again if you send a replacement. Thank you very much for your help, I really hope "
            + "this can be sorted out soon.",
            BenchJson.Default.String) + "}}]}]}";

    // A customer's text of a few sentences in Italian: Meta writes every non-ASCII character as a \u escape (lowercase
    // hex), so the body is ASCII and the parser unescapes the text and the name while it reads them.
    private static readonly string WhatsAppTextTemplate =
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"118273645501928\",\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\","
        + "\"metadata\":{\"display_phone_number\":\"15557771234\",\"phone_number_id\":\"" + PhoneNumberId + "\"},"
        + "\"contacts\":[{\"profile\":{\"name\":\"Niccol\\u00f2 Ferrari\"},\"wa_id\":\"" + WhatsAppPhone + "\",\"user_id\":\"" + WhatsAppUserId + "\"}],"
        + "\"messages\":[{\"from\":\"" + WhatsAppPhone + "\",\"id\":\"" + WhatsAppTextWamid + "\",\"timestamp\":\"1795199400\",\"type\":\"text\","
        + "\"text\":{\"body\":\"Buongiorno, l'ordine 48213 non \\u00e8 ancora arrivato e il tracciamento \\u00e8 fermo da luned\\u00ec. "
        + "Potete verificare con il corriere? \\u00c8 un regalo e mi servirebbe entro venerd\\u00ec. Grazie mille!\"}}]},\"field\":\"messages\"}]}]}";

    // The delivered status of a message SocialCare sent, with the callback data it set at send time.
    private static readonly string WhatsAppStatusTemplate =
        "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"118273645501928\",\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\","
        + "\"metadata\":{\"display_phone_number\":\"15557771234\",\"phone_number_id\":\"" + PhoneNumberId + "\"},"
        + "\"statuses\":[{\"id\":\"" + WhatsAppStatusWamid + "\",\"status\":\"delivered\",\"timestamp\":\"1795199802\",\"recipient_id\":\"" + WhatsAppPhone + "\","
        + "\"conversation\":{\"id\":\"c7f1e2a9b03d4e5f8a6b1c2d3e4f5a6b\",\"origin\":{\"type\":\"service\"}},"
        + "\"pricing\":{\"billable\":false,\"pricing_model\":\"PMP\",\"category\":\"service\",\"type\":\"free_customer_service\"},"
        + "\"biz_opaque_callback_data\":\"socialcare:" + StatusLocalId + "\"}]},\"field\":\"messages\"}]}]}";

    /// <summary>The Messenger text webhook of <see cref="FacebookWebhookBenchmarks"/> (966 bytes).</summary>
    public static byte[] MessengerText() => Encoding.UTF8.GetBytes(MessengerTemplate);

    /// <summary>The WhatsApp text message webhook of <see cref="WhatsAppWebhookBenchmarks"/> (712 bytes).</summary>
    public static byte[] WhatsAppText() => Encoding.UTF8.GetBytes(WhatsAppTextTemplate);

    /// <summary>The WhatsApp delivered status webhook of <see cref="WhatsAppWebhookBenchmarks"/> (655 bytes).</summary>
    public static byte[] WhatsAppStatus() => Encoding.UTF8.GetBytes(WhatsAppStatusTemplate);

    /// <summary>The customer's PSID in the Messenger variants.</summary>
    public static string MessengerCustomer(int customer) => Keep(MessengerPsid, customer, 5);

    /// <summary>The customer's phone in the WhatsApp variants.</summary>
    public static string WhatsAppCustomerPhone(int customer) => Keep(WhatsAppPhone, customer, 5);

    /// <summary>The customer's business-scoped user id (the sender's key) in the WhatsApp text variants.</summary>
    public static string WhatsAppCustomerUserId(int customer) => Keep(WhatsAppUserId, customer, 8);

    /// <summary>The <c>wamid</c> of a status variant: the id of the message SocialCare sent, as WhatsApp returned it.</summary>
    public static string WhatsAppStatusWamidOf(int index) => Keep(WhatsAppStatusWamid, index, 8);

    /// <summary>The customer's X user id in the X variants.</summary>
    public static string XCustomerOf(int customer) => Keep(XCustomer, customer, 9);

    /// <summary>The id of an X mention variant (the post a public reply answers).</summary>
    public static string XMentionPostOf(int index) => Keep(XMentionPostId, index, 9);

    /// <summary>A Messenger text webhook from <paramref name="customer"/>, with message id and time of event <paramref name="index"/>.</summary>
    public static byte[] MessengerText(int index, int customer)
        => Encoding.UTF8.GetBytes(MessengerTemplate
            .Replace(MessengerMid, Keep(MessengerMid, index, 8), StringComparison.Ordinal)
            .Replace(MessengerPsid, MessengerCustomer(customer), StringComparison.Ordinal)
            .Replace(MessengerTimestamp, (1795097141000L + index).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));

    /// <summary>A WhatsApp text message from <paramref name="customer"/> (phone and user id), with the <c>wamid</c> of event <paramref name="index"/>.</summary>
    public static byte[] WhatsAppText(int index, int customer)
        => Encoding.UTF8.GetBytes(WhatsAppTextTemplate
            .Replace(WhatsAppTextWamid, Keep(WhatsAppTextWamid, index, 8), StringComparison.Ordinal)
            .Replace(WhatsAppPhone, WhatsAppCustomerPhone(customer), StringComparison.Ordinal)
            .Replace(WhatsAppUserId, WhatsAppCustomerUserId(customer), StringComparison.Ordinal));

    /// <summary>The delivered status, to <paramref name="customer"/>, of the message whose <c>wamid</c> is event <paramref name="index"/>'s and whose local id is <paramref name="localId"/>.</summary>
    public static byte[] WhatsAppStatus(int index, int customer, string localId)
    {
        if (localId.Length != StatusLocalId.Length)
        {
            throw new ArgumentException($"A local id has {StatusLocalId.Length} characters.", nameof(localId));
        }

        return Encoding.UTF8.GetBytes(WhatsAppStatusTemplate
            .Replace(WhatsAppStatusWamid, WhatsAppStatusWamidOf(index), StringComparison.Ordinal)
            .Replace(WhatsAppPhone, WhatsAppCustomerPhone(customer), StringComparison.Ordinal)
            .Replace(StatusLocalId, localId, StringComparison.Ordinal));
    }

    /// <summary>The DM fixture's bytes, from <paramref name="customer"/> (in the event and in the <c>users</c> map), with the event id of <paramref name="index"/>.</summary>
    public static byte[] XDm(byte[] fixture, int index, int customer)
        => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(fixture)
            .Replace(Quoted(XDmEventId), Quoted(Keep(XDmEventId, index, 9)), StringComparison.Ordinal)
            .Replace(Quoted(XCustomer), Quoted(XCustomerOf(customer)), StringComparison.Ordinal));

    /// <summary>The mention fixture's bytes, by <paramref name="customer"/>, with the post id of <paramref name="index"/>.</summary>
    public static byte[] XMention(byte[] fixture, int index, int customer)
        => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(fixture)
            .Replace(Quoted(XMentionPostId), Quoted(XMentionPostOf(index)), StringComparison.Ordinal)
            .Replace(Quoted(XCustomer), Quoted(XCustomerOf(customer)), StringComparison.Ordinal));

    /// <summary>Reads a shared X fixture's exact bytes, linked beside the assembly by the project file.</summary>
    public static byte[] ReadXFixture(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "x", name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The shared X fixture {name} was not copied beside the benchmarks (../shared/platforms/fixtures/x, beside the repository).", path);
        }

        return File.ReadAllBytes(path);
    }

    private static string Quoted(string value) => "\"" + value + "\"";

    // The template's id with its last `digits` characters replaced by the number: as long as the template's id.
    private static string Keep(string template, int number, int digits)
    {
        var tail = number.ToString("D" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (tail.Length != digits)
        {
            throw new ArgumentOutOfRangeException(nameof(number), number, $"At most {digits} digits.");
        }

        return string.Concat(template.AsSpan(0, template.Length - digits), tail);
    }
}
