using System.Security.Cryptography;
using System.Text;

namespace SocialCare.Channels.Meta;

/// <summary>Builds Graph API addresses and the <c>appsecret_proof</c> that goes with a token (meta.md §9).</summary>
internal static class GraphAddress
{
    /// <summary>Computes <c>appsecret_proof</c>: the lowercase hex HMAC-SHA256 of the access token, keyed with the app secret.</summary>
    /// <param name="appSecret">The Meta app secret.</param>
    /// <param name="accessToken">The access token of the call.</param>
    /// <returns>64 lowercase hex digits.</returns>
    public static string AppSecretProof(string appSecret, string accessToken) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), Encoding.UTF8.GetBytes(accessToken)));

    /// <summary>Builds <c>{base}/{version}/{path}</c>, with <c>?appsecret_proof=</c> when given.</summary>
    /// <param name="baseUrl">The Graph API base address.</param>
    /// <param name="version">The API version, such as <c>v25.0</c>.</param>
    /// <param name="path">The path after the version, its segments already escaped.</param>
    /// <param name="proof">The <c>appsecret_proof</c>, or <see langword="null"/>.</param>
    /// <returns>The absolute address.</returns>
    public static Uri Build(Uri baseUrl, string version, string path, string? proof)
    {
        var root = baseUrl.AbsoluteUri;
        var uri = new StringBuilder(root.Length + path.Length + 96).Append(root);
        if (!root.EndsWith('/'))
        {
            uri.Append('/');
        }

        uri.Append(Uri.EscapeDataString(version)).Append('/').Append(path);
        if (proof is not null)
        {
            uri.Append("?appsecret_proof=").Append(proof);
        }

        return new Uri(uri.ToString(), UriKind.Absolute);
    }
}
