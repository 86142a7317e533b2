using System.Security.Cryptography;
using SocialCare.Abstractions;

namespace SocialCare.Channels.WhatsApp.Tests;

/// <summary>A health sink that records every change, for <c>AddChannelHealthSink&lt;RecordingHealthSink&gt;()</c>.</summary>
internal sealed class RecordingHealthSink : IChannelHealthSink
{
    private readonly List<ChannelHealthChanged> _changes = [];

    public IReadOnlyList<ChannelHealthChanged> Changes
    {
        get
        {
            lock (_changes)
            {
                return [.. _changes];
            }
        }
    }

    public Task OnHealthChangedAsync(ChannelHealthChanged change, CancellationToken cancellationToken)
    {
        lock (_changes)
        {
            _changes.Add(change);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// A media sink that copies the content to memory, as a host's blob store would; when reading throws
/// <see cref="InvalidDataException"/> (the file is larger than allowed) it discards what it had and rethrows.
/// </summary>
internal sealed class MemoryMediaSink : IMediaSink
{
    public int Calls { get; private set; }

    public MediaDescriptor? Descriptor { get; private set; }

    /// <summary>Gets the stored bytes; <see langword="null"/> when nothing was stored (or it was discarded).</summary>
    public byte[]? Stored { get; private set; }

    /// <summary>Gets how many bytes had arrived when the sink gave up, before discarding them.</summary>
    public long DiscardedBytes { get; private set; }

    public InvalidDataException? Failure { get; private set; }

    public async Task WriteAsync(MediaDescriptor media, Stream content, CancellationToken cancellationToken)
    {
        Calls++;
        Descriptor = media;
        var buffer = new MemoryStream();
        try
        {
            // Small reads, as a blob upload would, so that the limit is met mid-stream.
            await content.CopyToAsync(buffer, 1024, cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            Failure = ex;
            DiscardedBytes = buffer.Length;
            Stored = null;
            throw;
        }

        Stored = buffer.ToArray();
    }

    public string? StoredSha256Base64 => Stored is null ? null : Convert.ToBase64String(SHA256.HashData(Stored));
}

/// <summary>Records each answer's body (buffered, so the caller still reads it) on its way back from the primary handler.</summary>
internal sealed class AnswerRecorder : DelegatingHandler
{
    private readonly List<string> _answers = [];

    public IReadOnlyList<string> Answers
    {
        get
        {
            lock (_answers)
            {
                return [.. _answers];
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        lock (_answers)
        {
            _answers.Add(body);
        }

        return response;
    }
}

/// <summary>A handler that runs a callback before each request reaches the primary handler (to expire media URLs at the right moment…).</summary>
internal sealed class BeforeSendHandler(Func<HttpRequestMessage, int, Task> before) : DelegatingHandler
{
    private int _count;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await before(request, Interlocked.Increment(ref _count));
        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Hides the length of media downloads (as a chunked answer does): the content becomes a non-seekable stream without Content-Length.</summary>
internal sealed class UnsizedMediaHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (request.RequestUri!.Host == "lookaside.fbsbx.com" && response.IsSuccessStatusCode)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var type = response.Content.Headers.ContentType;
            response.Content = new StreamContent(new ForwardOnlyStream(new MemoryStream(bytes)));
            response.Content.Headers.ContentType = type;
        }

        return response;
    }

    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
