using System.Globalization;
using System.Text;
using SocialCare.Abstractions;

namespace SocialCare.Samples.CustomChannel.Sms;

/// <summary>Signs callbacks exactly as the SMS gateway does: for tests, fakes of the gateway and trying the endpoint by hand.</summary>
public static class SmsSigner
{
    /// <summary>Computes the <see cref="SmsDefaults.SignatureHeader"/> value of a body sent at a given time.</summary>
    /// <param name="body">The raw body bytes, exactly as they will be sent.</param>
    /// <param name="secret">The shared secret.</param>
    /// <param name="timestamp">When the gateway sends the callback.</param>
    /// <returns><c>t={unix seconds},v1={lower-case hex HMAC-SHA256 of "{t}." and the body}</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is null or empty.</exception>
    public static string Sign(ReadOnlySpan<byte> body, string secret, DateTimeOffset timestamp)
    {
        var t = timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t},v1={WebhookSignatureVerifier.Compute(secret, SignedPayload(t, body), SignatureEncoding.Hex)}";
    }

    /// <summary>The bytes a signature covers: the timestamp's digits, a dot, then the raw body (so an old callback cannot be replayed with a new time).</summary>
    internal static byte[] SignedPayload(ReadOnlySpan<char> timestamp, ReadOnlySpan<byte> body)
    {
        var payload = new byte[timestamp.Length + 1 + body.Length];
        var written = Encoding.ASCII.GetBytes(timestamp, payload);
        payload[written] = (byte)'.';
        body.CopyTo(payload.AsSpan(written + 1));
        return payload;
    }
}
