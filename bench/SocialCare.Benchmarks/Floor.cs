using System.Security.Cryptography;
using System.Text.Json;

namespace SocialCare.Benchmarks;

/// <summary>The physical floor of webhook ingest that issue 9 holds each channel to: HMAC-SHA256 over the body plus one bare <see cref="Utf8JsonReader"/> pass.</summary>
internal static class Floor
{
    /// <summary>Computes the floor's work over one body; the result depends on every token read and on the digest.</summary>
    public static int Compute(byte[] key, byte[] body)
    {
        Span<byte> digest = stackalloc byte[32];
        HMACSHA256.HashData(key, body, digest);
        var reader = new Utf8JsonReader(body);
        var tokens = (int)digest[0];
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }
}
