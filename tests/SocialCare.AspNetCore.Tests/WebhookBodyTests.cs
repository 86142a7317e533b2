namespace SocialCare.AspNetCore.Tests;

/// <summary>The pooled body reader on its own, over streams that hand out bytes a little at a time.</summary>
public sealed class WebhookBodyTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(4096)]
    public async Task ReadAsync_AnnouncedLengthWithinTheLimit_ReadsItAll(int length)
    {
        var content = Bytes(length);

        using var body = await WebhookBody.ReadAsync(new TrickleStream(content, 300), length, 4096, default);

        Assert.False(body.TooLarge);
        Assert.Equal(content, body.Memory.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(WebhookBody.InitialChunkedCapacity)]
    [InlineData(WebhookBody.InitialChunkedCapacity + 1)]
    [InlineData(5 * WebhookBody.InitialChunkedCapacity)]
    [InlineData(100_000)]
    public async Task ReadAsync_UnknownLengthWithinTheLimit_GrowsAndReadsItAll(int length)
    {
        var content = Bytes(length);

        using var body = await WebhookBody.ReadAsync(new TrickleStream(content, 1500), contentLength: null, limit: 100_000, default);

        Assert.False(body.TooLarge);
        Assert.Equal(length, body.Length);
        Assert.Equal(content, body.Memory.ToArray());
    }

    [Fact]
    public async Task ReadAsync_AnnouncedLengthOverTheLimit_ReadsNothing()
    {
        var stream = new TrickleStream(Bytes(5000), 1000);

        using var body = await WebhookBody.ReadAsync(stream, 5000, 4096, default);

        Assert.True(body.TooLarge);
        Assert.Equal(0, stream.Position);
    }

    [Fact]
    public async Task ReadAsync_UnknownLengthOverTheLimit_StopsJustPastIt()
    {
        var stream = new TrickleStream(Bytes(1_000_000), 700);

        using var body = await WebhookBody.ReadAsync(stream, contentLength: null, limit: 4096, default);

        Assert.True(body.TooLarge);
        Assert.InRange(stream.Position, 4097, 4096 + 700);
    }

    [Fact]
    public async Task ReadAsync_MoreBytesThanAnnounced_IsTooLargeWhenOverTheLimit()
    {
        // A server that lets a body run past its Content-Length must not get past the limit either.
        using var body = await WebhookBody.ReadAsync(new TrickleStream(Bytes(6000), 4000), contentLength: 100, limit: 4096, default);

        Assert.True(body.TooLarge);
    }

    [Fact]
    public async Task Memory_AfterDispose_Throws()
    {
        var body = await WebhookBody.ReadAsync(new TrickleStream(Bytes(10), 10), 10, 4096, default);

        body.Dispose();
        body.Dispose();

        Assert.Throws<ObjectDisposedException>(() => body.Memory);
    }

    private static byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A read-only stream that returns at most <paramref name="step"/> bytes per read.</summary>
    private sealed class TrickleStream(byte[] content, int step) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(Math.Min(buffer.Length, step), content.Length - _position);
            content.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            => ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
