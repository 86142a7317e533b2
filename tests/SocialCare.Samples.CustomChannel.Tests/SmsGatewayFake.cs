using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SocialCare.Testing;

namespace SocialCare.Samples.CustomChannel.Tests;

/// <summary>
/// A fake of the SMS gateway's API, used as the primary handler of the channel's <c>HttpClient</c>:
/// <c>POST /v1/messages</c> with the API key answers 201 <c>{"id":"SM…"}</c>, and the faults of
/// <see cref="INetworkFaults"/> answer as the gateway does. SMS has no reply window.
/// </summary>
internal sealed class SmsGatewayFake : HttpMessageHandler, INetworkFaults
{
    private readonly Lock _gate = new();
    private readonly string _apiKey;
    private readonly List<AcceptedMessage> _accepted = [];
    private readonly List<JsonElement> _bodies = [];
    private readonly List<string?> _authorizations = [];
    private readonly HashSet<string> _optedOut = new(StringComparer.Ordinal);
    private readonly Queue<Func<HttpResponseMessage>> _faults = new();
    private int _ids;

    public SmsGatewayFake(string apiKey) => _apiKey = apiKey;

    public IReadOnlyList<AcceptedMessage> AcceptedMessages
    {
        get
        {
            lock (_gate)
            {
                return [.. _accepted];
            }
        }
    }

    /// <summary>Gets the JSON bodies of the send requests received, failed ones included.</summary>
    public IReadOnlyList<JsonElement> Bodies
    {
        get
        {
            lock (_gate)
            {
                return [.. _bodies];
            }
        }
    }

    /// <summary>Gets the <c>Authorization</c> headers of the requests received.</summary>
    public IReadOnlyList<string?> Authorizations
    {
        get
        {
            lock (_gate)
            {
                return [.. _authorizations];
            }
        }
    }

    /// <summary>Makes a number refuse messages, as after the customer texted STOP: sends answer 422 <c>recipient_opted_out</c>.</summary>
    public void OptOut(string number)
    {
        lock (_gate)
        {
            _optedOut.Add(number);
        }
    }

    #region snippet:custom-fake-faults
    public void FailNextWithServerError() => Enqueue(() => Error(HttpStatusCode.ServiceUnavailable, "internal_error", "The gateway is having a moment; try again shortly."));

    public void FailNextWithRateLimit(TimeSpan retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retryAfter, TimeSpan.Zero);
        Enqueue(() =>
        {
            var response = Error(HttpStatusCode.TooManyRequests, "rate_limited", "Too many messages from this number; slow down.");
            response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(Math.Ceiling(retryAfter.TotalSeconds)));
            return response;
        });
    }

    public void FailNextWithConnectionError()
        => Enqueue(() => throw new HttpRequestException(HttpRequestError.ConnectionError, "Emulated connection failure (nothing was sent)."));

    public void FailNextWithInvalidToken() => Enqueue(() => Error(HttpStatusCode.Unauthorized, "invalid_api_key", "The API key is not valid."));

    public void FailNextOutsideWindow() => throw new NotSupportedException("SMS has no reply window: a message may be sent at any time.");
    #endregion

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var text = request.Content is null ? "{}" : await request.Content.ReadAsStringAsync(cancellationToken);
        using var document = JsonDocument.Parse(text);
        var body = document.RootElement.Clone();
        Func<HttpResponseMessage>? fault = null;
        lock (_gate)
        {
            _bodies.Add(body);
            _authorizations.Add(request.Headers.Authorization?.ToString());
            _faults.TryDequeue(out fault);
        }

        if (fault is not null)
        {
            return fault();
        }

        if (request.Method != HttpMethod.Post || request.RequestUri?.AbsolutePath != "/v1/messages")
        {
            return Error(HttpStatusCode.NotFound, "not_found", "No such endpoint.");
        }

        if (request.Headers.Authorization is not { Scheme: "Bearer" } auth || auth.Parameter != _apiKey)
        {
            return Error(HttpStatusCode.Unauthorized, "invalid_api_key", "The API key is not valid.");
        }

        var to = body.TryGetProperty("to", out var t) ? t.GetString() ?? string.Empty : string.Empty;
        lock (_gate)
        {
            if (_optedOut.Contains(to))
            {
                return Error(HttpStatusCode.UnprocessableEntity, "recipient_opted_out", "The recipient replied STOP and receives no messages from this number.");
            }

            var id = "SM" + (++_ids).ToString("D6", CultureInfo.InvariantCulture);
            _accepted.Add(new AcceptedMessage(id, to, body.TryGetProperty("text", out var m) ? m.GetString() : null));
            return Json(HttpStatusCode.Created, $$"""{"id":"{{id}}","status":"queued"}""");
        }
    }

    private static HttpResponseMessage Error(HttpStatusCode status, string code, string message)
        => Json(status, $$$"""{"error":{"code":"{{{code}}}","message":"{{{message}}}"}}""");

    private static HttpResponseMessage Json(HttpStatusCode status, string json)
        => new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private void Enqueue(Func<HttpResponseMessage> fault)
    {
        lock (_gate)
        {
            _faults.Enqueue(fault);
        }
    }
}
