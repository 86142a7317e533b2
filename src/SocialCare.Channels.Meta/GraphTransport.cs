using Polly.CircuitBreaker;
using Polly.Timeout;
using SocialCare.Abstractions;

namespace SocialCare.Channels.Meta;

/// <summary>What one Graph API call came to: the answer's status and body, or the translated error.</summary>
/// <param name="StatusCode">The HTTP status; 0 when there was no answer.</param>
/// <param name="Body">The answer's body (empty when there was none).</param>
/// <param name="Error">The error: a failed answer mapped by <see cref="GraphErrors"/>, or a transport failure.</param>
internal readonly record struct GraphAnswer(int StatusCode, byte[] Body, ChannelError? Error)
{
    /// <summary>Gets why there was no answer (<c>transport failure</c>, <c>time-out</c>, <c>circuit open</c>), for logs; <see langword="null"/> when there was one.</summary>
    public string? Unanswered { get; init; }

    /// <summary>Gets the exception behind a transport failure, for logs.</summary>
    public Exception? Exception { get; init; }
}

/// <summary>Sends one Graph API request through the channel's resilient client and turns every outcome into a <see cref="GraphAnswer"/>.</summary>
internal static class GraphTransport
{
    /// <summary>Sends the request; only the caller's cancellation throws.</summary>
    /// <param name="client">The channel's named client (with its <see cref="GraphResilienceHandler"/>).</param>
    /// <param name="request">The request; disposed by the caller.</param>
    /// <param name="time">The clock <c>Retry-After</c> dates are measured against.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <returns>The answer, or the error.</returns>
    public static async Task<GraphAnswer> SendAsync(HttpClient client, HttpRequestMessage request, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return new GraphAnswer(status, bytes, null);
            }

            return new GraphAnswer(status, bytes, GraphErrors.Map(status, GraphError.TryRead(bytes), GraphResilienceHandler.GetRetryAfter(response, time)));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (HttpRequestException ex)
        {
            return Unanswered("transport failure", GraphErrors.Transport("transport_error", "The Graph API could not be reached."), ex);
        }
        catch (TimeoutRejectedException)
        {
            return Unanswered("time-out", GraphErrors.Transport("timeout", "The Graph API did not answer in time."));
        }
        catch (BrokenCircuitException ex)
        {
            return Unanswered("circuit open", GraphErrors.Transport("circuit_open", "Graph API calls are paused after repeated failures.", ex.RetryAfter));
        }
        catch (OperationCanceledException)
        {
            // Not the caller's token: HttpClient.Timeout ran out.
            return Unanswered("time-out", GraphErrors.Transport("timeout", "The Graph API did not answer in time."));
        }
    }

    private static GraphAnswer Unanswered(string reason, ChannelError error, Exception? exception = null)
        => new(0, [], error) { Unanswered = reason, Exception = exception };
}
