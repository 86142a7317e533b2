namespace SocialCare.Abstractions;

/// <summary>
/// A read-only wrapper that counts the bytes read and throws <see cref="InvalidDataException"/> past a limit, so that an
/// <see cref="IMediaDownloader"/> never hands its <see cref="IMediaSink"/> more than the configured largest file.
/// </summary>
/// <remarks>Disposing it disposes the inner stream.</remarks>
public sealed class LimitedReadStream : Stream
{
    private readonly Stream _inner;
    private readonly long _limit;

    /// <summary>Initializes a new instance of the <see cref="LimitedReadStream"/> class.</summary>
    /// <param name="inner">The stream to read.</param>
    /// <param name="limit">The most bytes that may be read.</param>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is negative.</exception>
    public LimitedReadStream(Stream inner, long limit)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        _inner = inner;
        _limit = limit;
    }

    /// <summary>Gets how many bytes were read.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Gets a value indicating whether the content turned out larger than the limit.</summary>
    public bool Exceeded { get; private set; }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Count(_inner.Read(buffer, offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer) => Count(_inner.Read(buffer));

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => Count(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Count(int read)
    {
        BytesRead += read;
        if (BytesRead > _limit)
        {
            Exceeded = true;
            throw new InvalidDataException($"The media is larger than the {_limit}-byte limit.");
        }

        return read;
    }
}

/// <summary>Writes downloaded media into an <see cref="IMediaSink"/> without ever passing it more than a size limit.</summary>
public static class MediaSinkExtensions
{
    /// <summary>
    /// Hands the content to the sink through a <see cref="LimitedReadStream"/>. Content larger than <paramref name="limit"/>
    /// is refused (error code <c>media_too_large</c>), also when the sink caught the size error and kept a truncated file.
    /// </summary>
    /// <param name="sink">The sink.</param>
    /// <param name="media">What the content is.</param>
    /// <param name="content">The content, read once; disposed when done.</param>
    /// <param name="limit">The largest size accepted, in bytes.</param>
    /// <param name="limitOption">The configuration path of the limit, named in the error (such as <c>SocialCare:X:MaxMediaSize</c>).</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>The bytes stored, or the size error.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sink"/>, <paramref name="media"/>, <paramref name="content"/> or <paramref name="limitOption"/> is <see langword="null"/>.</exception>
    public static async Task<MediaDownloadResult> WriteLimitedAsync(this IMediaSink sink, MediaDescriptor media, Stream content, long limit, string limitOption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(media);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(limitOption);
        if (media.Size > limit)
        {
            await content.DisposeAsync().ConfigureAwait(false);
            return MediaDownloadResult.Failed(TooLarge(media.Size.Value, limit, limitOption));
        }

        var limited = new LimitedReadStream(content, limit);
        await using (limited.ConfigureAwait(false))
        {
            try
            {
                await sink.WriteAsync(media, limited, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException) when (limited.Exceeded)
            {
                return MediaDownloadResult.Failed(TooLarge(limited.BytesRead, limit, limitOption));
            }

            // A sink that caught the size error and returned kept a truncated file: still too large, not stored.
            return limited.Exceeded
                ? MediaDownloadResult.Failed(TooLarge(limited.BytesRead, limit, limitOption))
                : MediaDownloadResult.Stored(limited.BytesRead);
        }
    }

    /// <summary>The error for media over the limit.</summary>
    /// <param name="size">The size seen (or announced), in bytes.</param>
    /// <param name="limit">The limit, in bytes.</param>
    /// <param name="limitOption">The configuration path of the limit.</param>
    /// <returns>A refusal with code <c>media_too_large</c>.</returns>
    public static ChannelError TooLarge(long size, long limit, string limitOption)
        => new("media_too_large", $"The media file is {size} bytes; the limit is {limit} bytes ({limitOption}).") { Kind = ChannelErrorKind.Refused };
}
