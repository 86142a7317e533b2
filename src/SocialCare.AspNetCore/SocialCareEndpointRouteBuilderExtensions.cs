using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SocialCare.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps SocialCare's webhook endpoints.</summary>
public static class SocialCareEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET</c> and <c>POST {prefix}/{channel}</c> for every channel of the webhook pipeline (<c>facebook</c>,
    /// <c>whatsapp</c>, <c>x</c> and custom ones); another name answers 404.
    /// </summary>
    /// <param name="endpoints">The application's endpoint route builder (<c>app</c>).</param>
    /// <param name="prefix">The path in front of the channel's name; by default <c>/webhooks</c>.</param>
    /// <returns>A builder to add conventions to the endpoints (host filtering, rate limiting…).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> or <paramref name="prefix"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// <para>
    /// A <c>POST</c>'s raw body is read with the limit of <c>SocialCareOptions.MaxRequestBodySize</c>: 413 as soon as the
    /// <c>Content-Length</c> or the bytes read (a chunked body) are over it. The request (method, path, raw body, headers,
    /// query) goes to <c>IWebhookPipeline.ProcessAsync</c>, which verifies the signature before anything reads the JSON
    /// and answers only after every event is durably committed or found a duplicate; its status code, body (the set-up
    /// handshakes' challenge) and content type are written back, and a refusal's short reason as <c>text/plain</c>.
    /// Replies, timers and other follow-up work run in SocialCare's background services, not in the request.
    /// </para>
    /// <para>
    /// Bad input never gets a 500: 401 unsigned or forged, 400 malformed or unreadable, 413 too large, 404 unknown
    /// channel; a client that disconnects gets nothing and leaves nothing behind. An unexpected failure of the pipeline
    /// answers 500 without details, logged once. The services are resolved on the first request.
    /// </para>
    /// </remarks>
    public static IEndpointConventionBuilder MapSocialCareWebhooks(this IEndpointRouteBuilder endpoints, string prefix = SocialCareAspNetCoreDefaults.WebhookPrefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        var trimmed = prefix.Trim('/');
        var pattern = trimmed.Length == 0 ? "/{channel}" : "/" + trimmed + "/{channel}";
        var endpoint = new WebhookEndpoint(endpoints.ServiceProvider);
        return endpoints
            .MapMethods(pattern, [HttpMethods.Get, HttpMethods.Post], new RequestDelegate(endpoint.HandleAsync))
            .WithDisplayName("SocialCare webhooks");
    }
}
