using System.Text.Json;

namespace SocialCare.Channels.Twitter.Tests;

/// <summary>The shared X fixtures (../shared/platforms/fixtures/x), copied beside the test assembly.</summary>
internal static class XFixtures
{
    /// <summary>The consumer secret the shared fixtures are signed with (<c>_signatures.json</c>).</summary>
    public const string ConsumerSecret = "kP3xV9qLm2TzR8wN4sYb7JcH1dF6gA0eU5iO2rE9tQw";

    /// <summary>The brand account of the fixtures, <c>@NimbusCare</c>.</summary>
    public const string BrandId = "1278843152204431360";

    /// <summary>The brand's handle.</summary>
    public const string BrandScreenName = "NimbusCare";

    /// <summary>Our app's id in the fixtures.</summary>
    public const string AppId = "28817342";

    private static readonly Lazy<JsonDocument> SignaturesDocument = new(() => JsonDocument.Parse(Read("_signatures.json")));

    private static readonly Lazy<JsonDocument> IndexDocument = new(() => JsonDocument.Parse(Read("_index.json")));

    /// <summary>Gets <c>_signatures.json</c>.</summary>
    public static JsonElement Signatures => SignaturesDocument.Value.RootElement;

    /// <summary>Gets <c>_index.json</c>.</summary>
    public static JsonElement Index => IndexDocument.Value.RootElement;

    /// <summary>Reads a fixture's exact bytes.</summary>
    /// <param name="name">The file name, such as <c>aaa-dm-text.json</c>.</param>
    /// <returns>The bytes, as signed.</returns>
    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    /// <summary>Lists the fixtures whose names match a pattern such as <c>aaa-*.json</c>.</summary>
    /// <param name="pattern">The file name pattern.</param>
    /// <returns>The file names, sorted ordinally.</returns>
    public static IReadOnlyList<string> Names(string pattern) =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), pattern).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    /// <summary>Returns the signature header value <c>_signatures.json</c> gives for a fixture.</summary>
    /// <param name="name">The fixture's file name.</param>
    /// <returns>The <c>sha256=…</c> value.</returns>
    public static string SignatureOf(string name) => Signatures.GetProperty("post_signatures").GetProperty(name).GetString()!;
}
