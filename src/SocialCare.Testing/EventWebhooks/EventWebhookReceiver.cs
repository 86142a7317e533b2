using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using SocialCare.Abstractions;

namespace SocialCare.Testing;

/// <summary>One request an <see cref="EventWebhookReceiver"/> got.</summary>
/// <param name="Id">The <c>webhook-id</c> header.</param>
/// <param name="Signature">The <c>webhook-signature</c> header.</param>
/// <param name="Verification">What the <see cref="EventWebhookVerifier"/> found.</param>
/// <param name="Body">The raw body, as text.</param>
/// <param name="Payload">The body read as a payload, when it verified and parsed; otherwise <see langword="null"/>.</param>
/// <param name="Repeat">Whether a request with the same id was accepted before.</param>
/// <param name="Status">The status the receiver answered: 204 when it accepted the request.</param>
public sealed record ReceivedEventWebhook(string? Id, string Signature, EventWebhookVerification Verification, string Body, EventWebhookPayload? Payload, bool Repeat, int Status);

/// <summary>
/// A receiver of event webhooks on Kestrel at <c>http://127.0.0.1:{port}/events</c>, as a CRM would run one: verifies
/// each request with <see cref="EventWebhookVerifier"/> (401 when it fails), records it, and answers 204, or the status
/// a test sets with <see cref="FailWith"/>. It can be stopped and started again on the same port, to play a receiver
/// that is down.
/// </summary>
/// <remarks>Thread-safe. Dispose to stop it.</remarks>
public sealed class EventWebhookReceiver : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<ReceivedEventWebhook> _received = [];
    private readonly HashSet<string> _accepted = new(StringComparer.Ordinal);
    private readonly List<EventWebhookPayload> _acceptedPayloads = [];
    private readonly EventWebhookVerifier _verifier;
    private WebApplication? _app;
    private int _port;

    private EventWebhookReceiver(EventWebhookVerifier verifier)
    {
        _verifier = verifier;
    }

    /// <summary>Gets the URL to configure as the endpoint.</summary>
    public Uri Url => new($"http://127.0.0.1:{_port}/events");

    /// <summary>Gets or sets the status to answer verified requests with instead of 204 (for example 500, or 429); <see langword="null"/> to accept them.</summary>
    public HttpStatusCode? FailWith { get; set; }

    /// <summary>Gets or sets the <c>Retry-After</c> seconds sent with <see cref="FailWith"/>, when set.</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>Gets whether the receiver is listening.</summary>
    public bool IsRunning => _app is not null;

    /// <summary>Gets every request received, in arrival order, refused ones and repeats included.</summary>
    public IReadOnlyList<ReceivedEventWebhook> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Gets the payloads accepted (verified, answered 2xx, not repeats), in arrival order.</summary>
    public IReadOnlyList<EventWebhookPayload> Accepted
    {
        get
        {
            lock (_gate)
            {
                return [.. _acceptedPayloads];
            }
        }
    }

    /// <summary>Starts a receiver on a free port of 127.0.0.1.</summary>
    /// <param name="secrets">The secrets it accepts.</param>
    /// <param name="time">The clock the verifier checks timestamps against; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="cancellationToken">A token to cancel the start.</param>
    /// <returns>The running receiver.</returns>
    public static async Task<EventWebhookReceiver> StartAsync(IEnumerable<string> secrets, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var receiver = new EventWebhookReceiver(new EventWebhookVerifier(secrets, time));
        await receiver.StartAsync(cancellationToken).ConfigureAwait(false);
        return receiver;
    }

    /// <summary>Starts listening again, on the same port as before (or a free one the first time).</summary>
    /// <param name="cancellationToken">A token to cancel the start.</param>
    /// <returns>A task that completes when the receiver listens.</returns>
    /// <exception cref="InvalidOperationException">It is already running.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("The receiver is already running.");
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, _port));
        var app = builder.Build();
        app.Run(ServeAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        _port = new Uri(address).Port;
        _app = app;
    }

    /// <summary>Stops listening: connections to the port are refused until <see cref="StartAsync(CancellationToken)"/>.</summary>
    /// <returns>A task that completes when the receiver has stopped.</returns>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _app, null) is { } app)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(stop.Token).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task ServeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path != "/events")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        var body = buffer.ToArray();
        var headers = context.Request.Headers;
        string? id = headers[EventWebhookHeaders.Id];
        var verification = _verifier.Verify(id, headers[EventWebhookHeaders.Timestamp], headers[EventWebhookHeaders.Signature], body);
        EventWebhookPayload? payload = null;
        if (verification == EventWebhookVerification.Valid)
        {
            try
            {
                payload = SocialCareJson.Deserialize<EventWebhookPayload>(body);
            }
            catch (System.Text.Json.JsonException)
            {
                payload = null;
            }
        }

        var failWith = FailWith;
        var status = verification != EventWebhookVerification.Valid ? StatusCodes.Status401Unauthorized
            : payload is null ? StatusCodes.Status400BadRequest
            : failWith is { } failure ? (int)failure
            : StatusCodes.Status204NoContent;
        lock (_gate)
        {
            var repeat = id is not null && _accepted.Contains(id);
            if (status == StatusCodes.Status204NoContent && id is not null && _accepted.Add(id))
            {
                _acceptedPayloads.Add(payload!);
            }

            _received.Add(new ReceivedEventWebhook(id, headers[EventWebhookHeaders.Signature].ToString(), verification, System.Text.Encoding.UTF8.GetString(body), payload, repeat, status));
        }

        context.Response.StatusCode = status;
        if (failWith is not null && status == (int)failWith && RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
