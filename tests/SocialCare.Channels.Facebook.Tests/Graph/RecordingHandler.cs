using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace SocialCare.Channels.Facebook.Tests.Graph;

/// <summary>One request as it reached the wire.</summary>
internal sealed record RecordedRequest(
    HttpMethod Method,
    Uri Uri,
    IReadOnlyDictionary<string, string> Headers,
    string? ContentType,
    string? CharSet,
    string? Body,
    DateTimeOffset At)
{
    public string? Authorization => Headers.TryGetValue("Authorization", out var value) ? value : null;

    public JsonNode? Json => Body is null ? null : JsonNode.Parse(Body);
}

/// <summary>
/// A stub <see cref="HttpMessageHandler"/> that records every request (method, full address, headers, body text) and
/// answers from a queue, then from <see cref="Fallback"/>. Thread-safe.
/// </summary>
internal sealed class RecordingHandler(TimeProvider? time = null) : HttpMessageHandler
{
    private readonly Lock _gate = new();
    private readonly Queue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _replies = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Gets or sets the answer once the queue is empty; by default 200 with <c>{}</c>.</summary>
    public Func<HttpRequestMessage, HttpResponseMessage> Fallback { get; set; } = _ => Answer(HttpStatusCode.OK, "{}");

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _requests.Count;
            }
        }
    }

    public static HttpResponseMessage Answer(HttpStatusCode status, string? body = null, string mediaType = "application/json")
    {
        var response = new HttpResponseMessage(status);
        if (body is not null)
        {
            response.Content = new StringContent(body, Encoding.UTF8, mediaType);
        }

        return response;
    }

    public RecordingHandler Reply(HttpStatusCode status, string? body = null, Action<HttpResponseMessage>? configure = null) =>
        Reply(_ =>
        {
            var response = Answer(status, body);
            configure?.Invoke(response);
            return response;
        });

    public RecordingHandler Reply(Func<HttpRequestMessage, HttpResponseMessage> reply) =>
        Enqueue((request, _) => Task.FromResult(reply(request)));

    public RecordingHandler Throw(Exception exception) =>
        Enqueue((_, _) => Task.FromException<HttpResponseMessage>(exception));

    /// <summary>Answers only when the call is cancelled (a hanging server).</summary>
    public RecordingHandler Hang() =>
        Enqueue(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });

    public RecordingHandler Enqueue(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> reply)
    {
        lock (_gate)
        {
            _replies.Enqueue(reply);
        }

        return this;
    }

    /// <summary>Waits until at least <paramref name="count"/> requests arrived.</summary>
    public async Task WaitForAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (Count < count)
        {
            await _arrived.WaitAsync(timeout.Token);
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers)
        {
            headers[header.Key] = string.Join(",", header.Value);
        }

        MediaTypeHeaderValue? contentType = request.Content?.Headers.ContentType;
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? reply;
        lock (_gate)
        {
            _requests.Add(new RecordedRequest(request.Method, request.RequestUri!, headers, contentType?.MediaType, contentType?.CharSet, body, _time.GetUtcNow()));
            _replies.TryDequeue(out reply);
        }

        _arrived.Release();
        return reply is null ? Fallback(request) : await reply(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _arrived.Dispose();
        }

        base.Dispose(disposing);
    }
}
