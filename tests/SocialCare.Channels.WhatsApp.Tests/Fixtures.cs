namespace SocialCare.Channels.WhatsApp.Tests;

/// <summary>The shared Meta fixtures (../shared/platforms/fixtures/meta), copied beside the test assembly.</summary>
internal static class Fixtures
{
    /// <summary>The app secret the shared fixtures are signed with.</summary>
    public const string AppSecret = "shared-fixture-app-secret-9a7b3c";

    /// <summary>The verify token of the shared handshake fixtures.</summary>
    public const string VerifyToken = "vt-3f9c2e71a8";

    /// <summary>The phone number id of the shared fixtures.</summary>
    public const string PhoneNumberId = "109283746501234";

    /// <summary>The WhatsApp Business account id of the shared fixtures.</summary>
    public const string WabaId = "118273645501928";

    /// <summary>Reads a fixture's exact bytes.</summary>
    /// <param name="name">The file name, such as <c>whatsapp-text.json</c>.</param>
    /// <returns>The bytes, as signed.</returns>
    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    /// <summary>Lists the fixtures whose names match a pattern such as <c>whatsapp-*.json</c>.</summary>
    /// <param name="pattern">The file name pattern.</param>
    /// <returns>The file names, sorted ordinally.</returns>
    public static IReadOnlyList<string> Names(string pattern) =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), pattern).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    /// <summary>Lists the WhatsApp fixtures.</summary>
    /// <returns>The file names.</returns>
    public static IEnumerable<string> WhatsAppNames() =>
        Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "whatsapp-*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!;
}
