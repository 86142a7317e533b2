namespace SocialCare.Channels.Facebook.Tests;

/// <summary>Reads the shared Meta fixtures (shared/platforms/fixtures/meta), which the project copies to <c>Fixtures/</c>.</summary>
internal static class Fixtures
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(Folder, name));

    /// <summary>The names of the fixtures matching a pattern such as <c>messenger-*.json</c>, sorted.</summary>
    public static IReadOnlyList<string> Names(string pattern) =>
        [.. Directory.GetFiles(Folder, pattern).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
}
