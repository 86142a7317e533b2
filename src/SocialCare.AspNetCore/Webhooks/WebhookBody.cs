using System.Buffers;

namespace SocialCare.AspNetCore;

/// <summary>A webhook body read into a buffer rented from <see cref="ArrayPool{T}.Shared"/>; disposing it returns the buffer.</summary>
/// <remarks>
/// Not thread-safe; dispose it once, after everything that reads <see cref="Memory"/> is done (the pipeline's answer:
/// events' <c>Raw</c> slices point into it, see <c>InboundEnvelope</c>).
/// </remarks>
internal sealed class WebhookBody : IDisposable
{
    /// <summary>The first buffer of a body whose length is not announced (chunked): most webhooks fit; larger ones double it.</summary>
    internal const int InitialChunkedCapacity = 16 * 1024;

    private static readonly WebhookBody TooLargeBody = new(null, 0, tooLarge: true);

    private byte[]? _buffer;

    private WebhookBody(byte[]? buffer, int length, bool tooLarge)
    {
        _buffer = buffer;
        Length = length;
        TooLarge = tooLarge;
    }

    /// <summary>Gets a value indicating whether the body is larger than the limit (then nothing of it is kept).</summary>
    public bool TooLarge { get; }

    /// <summary>Gets the number of bytes read.</summary>
    public int Length { get; }

    /// <summary>Gets the bytes read.</summary>
    /// <exception cref="ObjectDisposedException">The body was disposed.</exception>
    public ReadOnlyMemory<byte> Memory
    {
        get
        {
            ObjectDisposedException.ThrowIf(_buffer is null && Length > 0, this);
            return _buffer is null ? ReadOnlyMemory<byte>.Empty : _buffer.AsMemory(0, Length);
        }
    }

    /// <summary>
    /// Reads a body up to <paramref name="limit"/> bytes with one copy: a body of announced length straight into a buffer
    /// of that size, one of unknown length (chunked) into a buffer that doubles as it fills, up to the limit.
    /// </summary>
    /// <param name="body">The body stream.</param>
    /// <param name="contentLength">The announced length, or <see langword="null"/> when the body is chunked.</param>
    /// <param name="limit">The largest body accepted, in bytes (at most <see cref="Array.MaxLength"/> - 1).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The body, or <see cref="TooLarge"/> as soon as it is known to be over the limit (without reading the rest).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is negative or too large.</exception>
    public static async Task<WebhookBody> ReadAsync(Stream body, long? contentLength, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(limit, Array.MaxLength);
        if (contentLength > limit)
        {
            return TooLargeBody;
        }

        // One byte over the announced length (or the limit) lets the last read see the end without growing the buffer.
        var capacity = contentLength is { } announced ? announced + 1 : Math.Min(InitialChunkedCapacity, limit + 1);
        var buffer = ArrayPool<byte>.Shared.Rent((int)capacity);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    // Only a chunked body (or a server that lets more than Content-Length through) gets here; length <= limit.
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    var result = new WebhookBody(buffer, length, tooLarge: false);
                    buffer = null;
                    return result;
                }

                length += read;
                if (length > limit)
                {
                    return TooLargeBody;
                }
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
