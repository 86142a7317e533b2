using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace SocialCare.Samples.Inbox;

/// <summary>
/// The inbox's configuration as read from standard ASP.NET Core configuration (appsettings.json, environment variables
/// with <c>__</c>, the command line): demo mode, the store, and the keys of each network.
/// </summary>
/// <remarks>
/// Read once by <see cref="InboxApp.BuildAsync"/>. A key with a value that cannot be used fails there with an
/// <see cref="InboxConfigurationException"/> that names it; the channels' own rules (a secret without its verify token,
/// say) are checked by the SDK when the app starts, and name the key too.
/// </remarks>
public sealed class InboxSettings
{
    /// <summary>The key that turns demo mode on or off: <c>SocialCare:Demo</c>.</summary>
    public const string DemoKey = "SocialCare:Demo";

    /// <summary>The key that turns the scripted demo conversations on or off in demo mode: <c>SocialCare:DemoConversations</c>.</summary>
    public const string DemoConversationsKey = "SocialCare:DemoConversations";

    /// <summary>
    /// The key that turns the out-of-hours notice on or off: <c>SocialCare:AutoReply:OutOfHours</c>. On, a customer who
    /// writes outside the opening hours (Monday to Saturday, 9:00 to 19:00, Rome time) is told when the shop opens.
    /// </summary>
    public const string OutOfHoursKey = "SocialCare:AutoReply:OutOfHours";

    /// <summary>The key that chooses the ticket store: <c>SocialCare:Store</c> (<c>Sqlite</c> or <c>InMemory</c>).</summary>
    public const string StoreKey = "SocialCare:Store";

    /// <summary>The key of the SQLite connection string: <c>SocialCare:Sqlite:ConnectionString</c>.</summary>
    public const string SqliteConnectionStringKey = "SocialCare:Sqlite:ConnectionString";

    /// <summary>The section of the Facebook keys: <c>SocialCare:Facebook</c>.</summary>
    public const string FacebookSection = "SocialCare:Facebook";

    /// <summary>The section of the WhatsApp keys: <c>SocialCare:WhatsApp</c>.</summary>
    public const string WhatsAppSection = "SocialCare:WhatsApp";

    /// <summary>The section of the X keys: <c>SocialCare:X</c>.</summary>
    public const string XSection = "SocialCare:X";

    private static readonly string[] FacebookCredentialKeys = ["AppSecret", "VerifyToken", "PageAccessToken", "PageId"];
    private static readonly string[] WhatsAppCredentialKeys = ["AppSecret", "VerifyToken", "AccessToken", "PhoneNumberId"];
    private static readonly string[] XCredentialKeys = ["ConsumerKey", "ConsumerSecret", "AccessToken", "AccessTokenSecret", "BrandUserId"];

    private InboxSettings()
    {
    }

    /// <summary>Gets a value indicating whether the app runs in demo mode: emulated networks and demo accounts.</summary>
    public bool Demo { get; private init; }

    /// <summary>Gets a value indicating whether demo mode plays the scripted conversations.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool DemoConversations { get; private init; }

    /// <summary>Gets a value indicating whether customers writing outside the opening hours get the out-of-hours notice.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool OutOfHours { get; private init; }

    /// <summary>Gets the ticket store the app keeps its tickets in.</summary>
    /// <value>The default is <see cref="InboxStore.Sqlite"/>.</value>
    public InboxStore Store { get; private init; }

    /// <summary>Gets the SQLite connection string configured, or <see langword="null"/> to use the default file beside the app.</summary>
    public string? SqliteConnectionString { get; private init; }

    /// <summary>Gets a value indicating whether the Facebook channel has keys configured.</summary>
    public bool FacebookConfigured { get; private init; }

    /// <summary>Gets a value indicating whether the WhatsApp channel has keys configured.</summary>
    public bool WhatsAppConfigured { get; private init; }

    /// <summary>Gets a value indicating whether the X channel has keys configured.</summary>
    public bool XConfigured { get; private init; }

    /// <summary>Gets the Facebook Page id (<c>SocialCare:Facebook:PageId</c>), when configured.</summary>
    public string? FacebookPageId { get; private init; }

    /// <summary>Gets the Facebook Page access token (<c>SocialCare:Facebook:PageAccessToken</c>), when configured.</summary>
    public string? FacebookPageAccessToken { get; private init; }

    /// <summary>Gets the WhatsApp phone number id (<c>SocialCare:WhatsApp:PhoneNumberId</c>), when configured.</summary>
    public string? WhatsAppPhoneNumberId { get; private init; }

    /// <summary>Gets the X account's user id (<c>SocialCare:X:BrandUserId</c>), when configured.</summary>
    public string? XBrandUserId { get; private init; }

    /// <summary>Gets the X account's @handle without the @ (<c>SocialCare:X:BrandScreenName</c>), when configured.</summary>
    public string? XBrandScreenName { get; private init; }

    /// <summary>Gets the X account's OAuth 1.0a access token (<c>SocialCare:X:AccessToken</c>), when configured.</summary>
    public string? XAccessToken { get; private init; }

    /// <summary>Gets the X account's OAuth 1.0a access token secret (<c>SocialCare:X:AccessTokenSecret</c>), when configured.</summary>
    public string? XAccessTokenSecret { get; private init; }

    /// <summary>Reads and checks the inbox's settings.</summary>
    /// <param name="configuration">The app's configuration.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configuration"/> is <see langword="null"/>.</exception>
    /// <exception cref="InboxConfigurationException">A key has a value that cannot be used; the message names it.</exception>
    public static InboxSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var errors = new List<string>();

        var facebook = configuration.GetSection(FacebookSection);
        var whatsApp = configuration.GetSection(WhatsAppSection);
        var x = configuration.GetSection(XSection);
        var facebookConfigured = AnySet(facebook, FacebookCredentialKeys);
        var whatsAppConfigured = AnySet(whatsApp, WhatsAppCredentialKeys);
        var xConfigured = AnySet(x, XCredentialKeys);

        // Demo mode is the default until a network's credentials are configured; SocialCare:Demo decides either way.
        var demo = ReadBool(configuration, DemoKey, !(facebookConfigured || whatsAppConfigured || xConfigured), errors);
        var conversations = ReadBool(configuration, DemoConversationsKey, true, errors);
        var outOfHours = ReadBool(configuration, OutOfHoursKey, true, errors);

        var store = ReadStore(configuration, errors);
        var connectionString = Value(configuration, SqliteConnectionStringKey);
        if (configuration[SqliteConnectionStringKey] is not null && connectionString is null)
        {
            errors.Add($"{SqliteConnectionStringKey} is empty: remove it to use the default file beside the app, or give a connection string such as 'Data Source=inbox.db'.");
        }

        CheckUrl(facebook, "GraphApiBaseUrl", errors);
        CheckUrl(whatsApp, "GraphApiBaseUrl", errors);
        CheckUrl(x, "ApiBaseUrl", errors);

        var pageId = Value(facebook, "PageId");
        var pageToken = Value(facebook, "PageAccessToken");
        var phoneNumberId = Value(whatsApp, "PhoneNumberId");
        var brandUserId = Value(x, "BrandUserId");
        if (!demo)
        {
            // The channels' own validators check their options; these keys are the sample's, so it checks them itself.
            if (pageToken is not null && pageId is null)
            {
                errors.Add($"{FacebookSection}:PageId is required with {FacebookSection}:PageAccessToken: the Page the token belongs to (its numeric id).");
            }

            if (pageId is not null && pageToken is null)
            {
                errors.Add($"{FacebookSection}:PageAccessToken is required with {FacebookSection}:PageId: Graph calls for the Page need its token.");
            }

            if (pageId is not null && !IsDigits(pageId))
            {
                errors.Add($"{FacebookSection}:PageId must be the Page's numeric id.");
            }

            if (phoneNumberId is not null && !IsDigits(phoneNumberId))
            {
                errors.Add($"{WhatsAppSection}:PhoneNumberId must be the numeric phone number id (not the phone number).");
            }

            if (whatsAppConfigured && phoneNumberId is null)
            {
                errors.Add($"{WhatsAppSection}:PhoneNumberId is required: the WhatsApp Business phone number id that receives and sends.");
            }

            if (xConfigured && brandUserId is null)
            {
                errors.Add($"{XSection}:BrandUserId is required: the numeric user id of the X account that answers.");
            }

            if (brandUserId is not null && !IsDigits(brandUserId))
            {
                errors.Add($"{XSection}:BrandUserId must be the account's numeric user id (not its @handle).");
            }
        }

        if (errors.Count > 0)
        {
            throw new InboxConfigurationException(errors);
        }

        return new InboxSettings
        {
            Demo = demo,
            DemoConversations = conversations,
            OutOfHours = outOfHours,
            Store = store,
            SqliteConnectionString = connectionString,
            FacebookConfigured = facebookConfigured,
            WhatsAppConfigured = whatsAppConfigured,
            XConfigured = xConfigured,
            FacebookPageId = pageId,
            FacebookPageAccessToken = pageToken,
            WhatsAppPhoneNumberId = phoneNumberId,
            XBrandUserId = brandUserId,
            XBrandScreenName = Value(x, "BrandScreenName")?.TrimStart('@'),
            XAccessToken = Value(x, "AccessToken"),
            XAccessTokenSecret = Value(x, "AccessTokenSecret"),
        };
    }

    private static bool AnySet(IConfiguration section, string[] keys) => keys.Any(k => Value(section, k) is not null);

    private static string? Value(IConfiguration configuration, string key)
        => configuration[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static bool IsDigits(string value) => value.Length is > 0 and <= 32 && value.All(char.IsAsciiDigit);

    private static bool ReadBool(IConfiguration configuration, string key, bool fallback, List<string> errors)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (bool.TryParse(value.Trim(), out var result))
        {
            return result;
        }

        errors.Add($"{key} must be true or false, not '{value}'.");
        return fallback;
    }

    private static InboxStore ReadStore(IConfiguration configuration, List<string> errors)
    {
        var value = Value(configuration, StoreKey);
        if (value is null)
        {
            return InboxStore.Sqlite;
        }

        // Names only: Enum.TryParse would also take "1" or "Sqlite,InMemory".
        foreach (var store in Enum.GetValues<InboxStore>())
        {
            if (string.Equals(value, store.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return store;
            }
        }

        errors.Add($"{StoreKey} must be Sqlite or InMemory, not '{value}'.");
        return InboxStore.Sqlite;
    }

    private static void CheckUrl(IConfigurationSection section, string key, List<string> errors)
    {
        if (Value(section, key) is not { } value)
        {
            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{section.Path}:{key} must be an absolute http or https address, not '{value}'."));
        }
    }
}

/// <summary>Where the inbox keeps its tickets, customers and messages (<see cref="InboxSettings.StoreKey"/>).</summary>
public enum InboxStore
{
    /// <summary>A SQLite file (<see cref="InboxSettings.SqliteConnectionStringKey"/>): kept between runs. The default.</summary>
    Sqlite,

    /// <summary>Process memory: everything is lost when the app stops. For load tests and trials.</summary>
    InMemory,
}

/// <summary>The inbox's configuration has a key whose value cannot be used; <see cref="Exception.Message"/> names every such key.</summary>
public sealed class InboxConfigurationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="InboxConfigurationException"/> class.</summary>
    public InboxConfigurationException()
        : this("The inbox's configuration is invalid.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InboxConfigurationException"/> class.</summary>
    /// <param name="message">What is wrong, naming the key.</param>
    public InboxConfigurationException(string message)
        : base(message)
    {
        Errors = [message];
    }

    /// <summary>Initializes a new instance of the <see cref="InboxConfigurationException"/> class.</summary>
    /// <param name="message">What is wrong, naming the key.</param>
    /// <param name="innerException">The cause.</param>
    public InboxConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    /// <summary>Initializes a new instance of the <see cref="InboxConfigurationException"/> class.</summary>
    /// <param name="errors">Each problem, naming its key.</param>
    public InboxConfigurationException(IReadOnlyList<string> errors)
        : base(string.Join(Environment.NewLine, errors ?? []))
    {
        Errors = errors ?? [];
    }

    /// <summary>Gets each problem found, one per key.</summary>
    public IReadOnlyList<string> Errors { get; }
}
