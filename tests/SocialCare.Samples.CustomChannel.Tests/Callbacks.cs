using System.Text;

namespace SocialCare.Samples.CustomChannel.Tests;

/// <summary>Callback bodies as the SMS gateway writes them.</summary>
internal static class Callbacks
{
    public const string Customer = "+447700900123";

    public static byte[] Of(params string[] events)
        => Encoding.UTF8.GetBytes($$"""{"number":"{{SmsHost.Number}}","events":[{{string.Join(",", events)}}]}""");

    public static string Received(string eventId, string messageId, string text, string from = Customer)
        => $$"""{"id":"{{eventId}}","type":"message.received","message_id":"{{messageId}}","from":"{{from}}","to":"{{SmsHost.Number}}","text":"{{text}}","occurred_at":"2026-11-20T18:29:41Z"}""";

    public static string Outbound(string eventId, string messageId, string text)
        => $$"""{"id":"{{eventId}}","type":"message.outbound","message_id":"{{messageId}}","from":"{{SmsHost.Number}}","to":"{{Customer}}","text":"{{text}}","occurred_at":"2026-11-20T18:29:50Z"}""";

    public static string Status(string eventId, string messageId, string status, string? errorCode = null)
        => $$"""{"id":"{{eventId}}","type":"message.status","message_id":"{{messageId}}","from":"{{SmsHost.Number}}","to":"{{Customer}}","status":"{{status}}"{{(errorCode is null ? "" : $",\"error_code\":\"{errorCode}\",\"error_message\":\"Unreachable handset\"")}},"occurred_at":"2026-11-20T18:29:55Z"}""";
}
