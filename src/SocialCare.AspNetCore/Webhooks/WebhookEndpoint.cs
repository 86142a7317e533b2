using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;
using SocialCare.Core;

namespace SocialCare.AspNetCore;

/// <summary>
/// Answers <c>GET</c> and <c>POST {prefix}/{channel}</c>: reads the raw body within the size limit, hands the request to
/// the <see cref="IWebhookPipeline"/> and writes its answer.
/// </summary>
/// <remarks>
/// Thread-safe; one per <c>MapSocialCareWebhooks</c> call. The services are resolved on the first request, so that the
/// host's start-up validation runs first. Bad input gets a 4xx, a client that goes away gets nothing, and only an
/// unexpected failure of the pipeline gets a 500, without details and logged once.
/// </remarks>
internal sealed class WebhookEndpoint(IServiceProvider services)
{
    private const string ChannelRouteValue = "channel";
    private const string TextContentType = "text/plain; charset=utf-8";

    private readonly Lazy<Resolved> _resolved = new(() => Resolved.From(services), LazyThreadSafetyMode.ExecutionAndPublication);

    public async Task HandleAsync(HttpContext context)
    {
        var resolved = _resolved.Value;
        if (context.Request.RouteValues[ChannelRouteValue] is not string name || !resolved.Channels.TryGetValue(name, out var channel))
        {
            resolved.Logger.UnknownChannel();
            await WriteAsync(context, StatusCodes.Status404NotFound, "No channel of this name is registered.").ConfigureAwait(false);
            return;
        }

        var cancellationToken = context.RequestAborted;
        WebhookBody? body = null;
        try
        {
            var request = context.Request;
            var isPost = HttpMethods.IsPost(request.Method);
            if (isPost)
            {
                body = await ReadBodyAsync(context, channel, resolved, cancellationToken).ConfigureAwait(false);
                if (body is null)
                {
                    return;
                }
            }

            var webhook = new WebhookRequest(request.Method, (request.PathBase + request.Path).Value ?? string.Empty, body?.Memory ?? ReadOnlyMemory<byte>.Empty)
            {
                Headers = Headers(request.Headers),
                Query = Query(request.Query),
            };

            WebhookResponse response;
            try
            {
                response = await resolved.Pipeline.ProcessAsync(channel, webhook, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The client is gone: nothing was acknowledged, and the network delivers the request again.
                resolved.Logger.ClientDisconnected(channel);
                return;
            }
            catch (Exception exception)
            {
                resolved.Logger.PipelineFailed(channel, exception);
                if (!context.Response.HasStarted)
                {
                    context.Response.Clear();
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                }

                return;
            }

            resolved.Monitor?.WebhookAnswered(channel, response);
            await WriteAsync(context, response).ConfigureAwait(false);
        }
        finally
        {
            body?.Dispose();
        }
    }

    /// <summary>Reads the body within the limit, or answers (413, 400) and returns <see langword="null"/> when it cannot.</summary>
    private static async Task<WebhookBody?> ReadBodyAsync(HttpContext context, ChannelId channel, Resolved resolved, CancellationToken cancellationToken)
    {
        var limit = resolved.Limit;
        var contentLength = context.Request.ContentLength;
        if (contentLength > limit)
        {
            // Refused before a byte of the body is read; the server drains or drops the rest.
            resolved.Logger.ContentLengthTooLarge(channel, contentLength.Value, limit);
            await RefuseAsync(context, channel, resolved, StatusCodes.Status413PayloadTooLarge, $"The body is larger than {limit} bytes.").ConfigureAwait(false);
            return null;
        }

        // Lets the server itself stop a chunked body at the limit (and allows bodies over its own default when the limit is higher).
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        WebhookBody body;
        try
        {
            body = await WebhookBody.ReadAsync(context.Request.Body, contentLength, limit, cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException exception)
        {
            // Kestrel's verdict on the body: over its size limit (413), a broken chunked encoding or a short body (400).
            if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                resolved.Logger.BodyTooLarge(channel, limit);
                await RefuseAsync(context, channel, resolved, StatusCodes.Status413PayloadTooLarge, $"The body is larger than {limit} bytes.").ConfigureAwait(false);
            }
            else
            {
                resolved.Logger.BadBody(channel, exception.StatusCode, exception.GetType().Name);
                await RefuseAsync(context, channel, resolved, exception.StatusCode is >= 400 and < 500 ? exception.StatusCode : StatusCodes.Status400BadRequest, "The request body could not be read.").ConfigureAwait(false);
            }

            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            resolved.Logger.ClientDisconnected(channel);
            return null;
        }
        catch (IOException)
        {
            // The connection broke mid-body (Kestrel's ConnectionResetException is an IOException): the client's doing,
            // so a 400 if anything can still be written, never a 500.
            resolved.Logger.ClientDisconnected(channel);
            await RefuseAsync(context, channel, resolved, StatusCodes.Status400BadRequest, "The request body could not be read.").ConfigureAwait(false);
            return null;
        }

        if (body.TooLarge)
        {
            resolved.Logger.BodyTooLarge(channel, limit);
            await RefuseAsync(context, channel, resolved, StatusCodes.Status413PayloadTooLarge, $"The body is larger than {limit} bytes.").ConfigureAwait(false);
            return null;
        }

        return body;
    }

    private static Task RefuseAsync(HttpContext context, ChannelId channel, Resolved resolved, int statusCode, string reason)
    {
        resolved.Monitor?.WebhookRefused(channel);
        return context.RequestAborted.IsCancellationRequested ? Task.CompletedTask : WriteAsync(context, statusCode, reason);
    }

    private static Task WriteAsync(HttpContext context, WebhookResponse response)
    {
        if (response.Body is { } body)
        {
            return WriteAsync(context, response.StatusCode, body, response.ContentType ?? TextContentType);
        }

        // A refusal says why (the reason is free of secrets and personal data); an acknowledgement has no body.
        return response.StatusCode >= 400 && response.Reason is { } reason
            ? WriteAsync(context, response.StatusCode, reason)
            : WriteStatus(context, response.StatusCode);
    }

    private static Task WriteAsync(HttpContext context, int statusCode, string text, string contentType = TextContentType)
    {
        if (context.Response.HasStarted)
        {
            return Task.CompletedTask;
        }

        context.Response.StatusCode = statusCode;
        context.Response.ContentType = contentType;
        context.Response.Headers.CacheControl = "no-store";
        var bytes = Encoding.UTF8.GetBytes(text);
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }

    private static Task WriteStatus(HttpContext context, int statusCode)
    {
        if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = statusCode;
            context.Response.ContentLength = 0;
        }

        return Task.CompletedTask;
    }

    private static Dictionary<string, string> Headers(IHeaderDictionary headers)
    {
        var result = new Dictionary<string, string>(headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var header in headers)
        {
            result[header.Key] = header.Value.ToString();
        }

        return result;
    }

    private static Dictionary<string, string> Query(IQueryCollection query)
    {
        var result = new Dictionary<string, string>(query.Count, StringComparer.Ordinal);
        foreach (var parameter in query)
        {
            result[parameter.Key] = parameter.Value.ToString();
        }

        return result;
    }

    /// <summary>The services an endpoint needs, resolved once.</summary>
    private sealed record Resolved(IWebhookPipeline Pipeline, Dictionary<string, ChannelId> Channels, long Limit, SocialCareChannelMonitor? Monitor, ILogger Logger)
    {
        public static Resolved From(IServiceProvider services)
        {
            var pipeline = services.GetService<IWebhookPipeline>()
                ?? throw new InvalidOperationException("MapSocialCareWebhooks needs SocialCare's services: call services.AddSocialCare() and add channels to it.");
            var channels = pipeline.Channels.ToDictionary(c => c.Value, StringComparer.Ordinal);
            var logger = (services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(typeof(WebhookEndpoint).FullName!);
            return new Resolved(
                pipeline,
                channels,
                services.GetRequiredService<IOptions<SocialCareOptions>>().Value.MaxRequestBodySize,
                services.GetService<SocialCareChannelMonitor>(),
                logger);
        }
    }
}
