using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace SocialCare.Testing;

/// <summary>
/// Serves an <see cref="HttpMessageHandler"/> (such as <see cref="Meta.GraphApiEmulator"/> or <see cref="XApiEmulator"/>)
/// over real HTTP, on Kestrel at <c>http://127.0.0.1:{free port}/</c>, so that an application in another process, or one
/// that builds its own <c>HttpClient</c>s, can be pointed at an emulated network by configuration alone.
/// </summary>
/// <remarks>
/// <para>
/// Each HTTP request becomes an <see cref="HttpRequestMessage"/> for the handler: the method, the address the client
/// asked for (its <c>Host</c> and the request target verbatim, so OAuth 1.0a signatures computed by the client still
/// match), the headers and the body bytes. The handler's answer is copied back: status, headers (such as
/// <c>Retry-After</c> and <c>x-rate-limit-*</c>) and body. When the handler throws an
/// <see cref="HttpRequestException"/> (an emulated connection failure, or a response lost after processing), the
/// connection is aborted without an answer, as a network failure would look to the client. The request has been sent
/// by then, so a client cannot tell a connection failure from a lost answer (the X adapter reports an unknown outcome
/// for a send, Graph's a transient failure). A client that leaves first (its time-out) cancels the handler.
/// </para>
/// <para>Thread-safe; requests are served concurrently. Dispose to stop the server; the handler is not disposed.</para>
/// </remarks>
public sealed class EmulatorServer : IAsyncDisposable
{
    /// <summary>Request headers that describe the connection or the framing, not the request: never forwarded.</summary>
    /// <summary>Numbers arrivals across every server of the process, so that several servers' requests can be put in one order.</summary>
    private static long _arrivals;

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Content-Length", "Host",
    };

    private readonly WebApplication _app;
    private readonly HttpMessageInvoker _invoker;
    private readonly Action<EmulatorExchange>? _observer;
    private readonly TimeProvider _time;
    private int _disposed;

    private EmulatorServer(WebApplication app, HttpMessageHandler handler, Action<EmulatorExchange>? observer, TimeProvider time)
    {
        _app = app;
        _invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        _observer = observer;
        _time = time;
        BaseAddress = new Uri("http://127.0.0.1/");
    }

    /// <summary>Gets the address the server listens on, such as <c>http://127.0.0.1:53817/</c> (with a trailing slash).</summary>
    public Uri BaseAddress { get; private set; }

    /// <summary>Starts serving a handler on a free port of 127.0.0.1.</summary>
    /// <param name="handler">The handler that answers every request; it is not disposed with the server.</param>
    /// <param name="cancellationToken">A token to cancel the start.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is <see langword="null"/>.</exception>
    public static Task<EmulatorServer> StartAsync(HttpMessageHandler handler, CancellationToken cancellationToken = default)
        => StartAsync(handler, observer: null, TimeProvider.System, cancellationToken);

    /// <summary>Starts serving a handler, reporting every finished exchange to <paramref name="observer"/>.</summary>
    internal static async Task<EmulatorServer> StartAsync(HttpMessageHandler handler, Action<EmulatorExchange>? observer, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(time);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);

            // Emulated networks take media uploads; the default 30 MB cap would refuse a large one.
            kestrel.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        var server = new EmulatorServer(app, handler, observer, time);
        app.Run(server.ServeAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Stops the server; requests in flight are cut off.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(stop.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _invoker.Dispose();
        }
    }

    private async Task ServeAsync(HttpContext context)
    {
        var sequence = Interlocked.Increment(ref _arrivals);
        var receivedAt = _time.GetUtcNow();
        var aborted = context.RequestAborted;
        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        byte[] body = [];
        var status = 0;
        var recorded = false;

        // Recorded before the answer (or the cut connection) reaches the client, so that a test which has its reply
        // already sees the request in the log.
        void Record()
        {
            if (recorded)
            {
                return;
            }

            recorded = true;
            _observer?.Invoke(new EmulatorExchange(
                sequence,
                context.Request.Method,
                context.Request.Path.Value ?? "/",
                context.Request.QueryString.HasValue ? context.Request.QueryString.Value![1..] : string.Empty,
                Encoding.UTF8.GetString(body),
                status,
                receivedAt));
        }

        try
        {
            using (var buffer = new MemoryStream())
            {
                // Inside the try: a client that leaves while its body is still arriving is recorded as abandoned too.
                await context.Request.Body.CopyToAsync(buffer, aborted).ConfigureAwait(false);
                body = buffer.ToArray();
            }

            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), RequestUri(context, target));
            if (body.Length > 0 || context.Request.ContentLength is not null || context.Request.Headers.ContentType.Count > 0)
            {
                request.Content = new ByteArrayContent(body);
            }

            foreach (var header in context.Request.Headers)
            {
                if (HopByHop.Contains(header.Key))
                {
                    continue;
                }

                if (!request.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string?>)header.Value))
                {
                    request.Content?.Headers.TryAddWithoutValidation(header.Key, (IEnumerable<string?>)header.Value);
                }
            }

            using var response = await _invoker.SendAsync(request, aborted).ConfigureAwait(false);
            status = (int)response.StatusCode;
            context.Response.StatusCode = status;
            CopyHeaders(response.Headers, context.Response.Headers);
            CopyHeaders(response.Content.Headers, context.Response.Headers);
            var answer = await response.Content.ReadAsByteArrayAsync(aborted).ConfigureAwait(false);
            context.Response.ContentLength = answer.Length;
            Record();
            await context.Response.Body.WriteAsync(answer, aborted).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            // The emulator plays a network failure: the client sees the connection end without an answer.
            status = 0;
            Record();
            context.Abort();
        }
        catch (Exception exception) when (aborted.IsCancellationRequested && exception is OperationCanceledException or IOException)
        {
            // The client went away (its time-out, usually) while the emulator was slow to answer.
            status = 0;
        }
        catch (Exception exception) when (exception is not OperationCanceledException && !context.Response.HasStarted)
        {
            // A fault of the handler itself (an emulator bug, a bad argument): say what it was rather than cut the connection.
            status = StatusCodes.Status500InternalServerError;
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/plain; charset=utf-8";
            Record();
            await context.Response.WriteAsync("The emulated network failed: " + exception.GetType().Name + ": " + exception.Message, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            Record();
        }
    }

    /// <summary>The address the client asked for: its scheme and <c>Host</c>, and the request target verbatim (what an OAuth 1.0a client signed).</summary>
    private Uri RequestUri(HttpContext context, string target)
    {
        if (Uri.TryCreate(target, UriKind.Absolute, out var absolute) && target.StartsWith("http", StringComparison.OrdinalIgnoreCase))
        {
            return absolute;
        }

        return context.Request.Host.HasValue
            ? new Uri(context.Request.Scheme + "://" + context.Request.Host.Value + target)
            : new Uri(BaseAddress, target);
    }

    private static void CopyHeaders(System.Net.Http.Headers.HttpHeaders from, IHeaderDictionary to)
    {
        foreach (var header in from)
        {
            if (!string.Equals(header.Key, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                to[header.Key] = header.Value.ToArray();
            }
        }
    }
}

/// <summary>One request an <see cref="EmulatorServer"/> served, and the status it answered (0 when the connection was aborted).</summary>
internal sealed record EmulatorExchange(long Sequence, string Method, string Path, string Query, string Body, int StatusCode, DateTimeOffset ReceivedAt);
