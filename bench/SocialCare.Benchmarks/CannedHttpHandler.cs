using System.Net;
using System.Net.Http.Headers;

namespace SocialCare.Benchmarks;

/// <summary>
/// The network's side of a send, answered at once without I/O: every request gets <c>200 OK</c> with the next of a
/// fixed set of JSON bodies (each with its own message id, as the network's answers have), so that a send benchmark
/// measures SocialCare's outbound path and nothing of a socket.
/// </summary>
/// <remarks>
/// The answer is what the network sends for a successful send (for example the Send API's <c>recipient_id</c> and
/// <c>message_id</c>); the request is not read. Counts the requests it answered, so that a benchmark can check that each
/// send made exactly one call. Thread-safe.
/// </remarks>
internal sealed class CannedHttpHandler : HttpMessageHandler
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private readonly byte[][] _bodies;
    private long _requests;

    public CannedHttpHandler(IEnumerable<string> bodies)
    {
        _bodies = [.. bodies.Select(System.Text.Encoding.UTF8.GetBytes)];
        if (_bodies.Length == 0)
        {
            throw new ArgumentException("At least one answer is needed.", nameof(bodies));
        }
    }

    /// <summary>Gets how many requests were answered.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _requests);
        var content = new ByteArrayContent(_bodies[(int)(n % _bodies.Length)]);
        content.Headers.ContentType = Json;
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
    }
}
