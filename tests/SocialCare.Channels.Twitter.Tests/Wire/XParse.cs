using System.Collections.Frozen;
using System.Text;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Twitter.Tests.Wire;

/// <summary>Runs the X webhook parser the way the adapter does, with the fixtures' brand account.</summary>
internal static class XParse
{
    public const string Brand = XFixtures.BrandId;

    /// <summary>A second brand account served by the same app.</summary>
    public const string OtherBrand = "1500000000000000001";

    public const string Priya = "1402938475610284033";
    public const string Dana = "1587651234098761728";
    public const string Marco = "95838211";
    public const string Kenji = "3311479021";

    public static readonly DateTimeOffset ReceivedAt = new(2026, 10, 14, 12, 0, 0, TimeSpan.Zero);

    public static XParseSettings Settings(
        bool retweets = false,
        bool quotes = true,
        string? listening = Brand,
        string? appId = XFixtures.AppId,
        DateTimeOffset? receivedAt = null,
        params string[] accounts) =>
        new(
            (accounts.Length == 0 ? [Brand, OtherBrand] : accounts).ToFrozenSet(StringComparer.Ordinal),
            appId,
            retweets,
            quotes,
            listening)
        {
            ReceivedAt = receivedAt ?? ReceivedAt,
        };

    public static List<InboundEnvelope> Fixture(string name, out XParseSummary summary, XParseSettings? settings = null) =>
        Body(XFixtures.Read(name), out summary, settings);

    public static List<InboundEnvelope> Fixture(string name, XParseSettings? settings = null) =>
        Body(XFixtures.Read(name), out _, settings);

    public static List<InboundEnvelope> Body(string json, out XParseSummary summary, XParseSettings? settings = null) =>
        Body(Encoding.UTF8.GetBytes(json), out summary, settings);

    public static List<InboundEnvelope> Body(string json, XParseSettings? settings = null) =>
        Body(Encoding.UTF8.GetBytes(json), out _, settings);

    public static List<InboundEnvelope> Body(byte[] body, out XParseSummary summary, XParseSettings? settings = null)
    {
        var events = new List<InboundEnvelope>();
        var ok = XWebhookParser.TryParse(body, settings ?? Settings(), events, out summary, out var error);
        Assert.True(ok, error);
        Assert.Null(error);
        return events;
    }

    public static T Single<T>(List<InboundEnvelope> events)
        where T : InboundEvent
    {
        var envelope = Assert.Single(events);
        return Assert.IsType<T>(envelope.Event);
    }

    public static string Text(InboundEvent e)
    {
        var parts = e switch
        {
            MessageReceived m => m.Parts,
            MessageEdited m => m.Parts,
            _ => throw new InvalidOperationException("no parts"),
        };
        return Assert.IsType<TextPart>(parts[0]).Text;
    }

    public static string Raw(InboundEnvelope envelope) => Encoding.UTF8.GetString(envelope.Raw.Span);

    /// <summary>Replaces text in a fixture, as a quick way to make a variant of a real shape.</summary>
    public static string Variant(string name, params (string From, string To)[] replacements)
    {
        var text = Encoding.UTF8.GetString(XFixtures.Read(name));
        foreach (var (from, to) in replacements)
        {
            Assert.Contains(from, text, StringComparison.Ordinal);
            text = text.Replace(from, to, StringComparison.Ordinal);
        }

        return text;
    }
}
