namespace SocialCare.Abstractions;

/// <summary>What is known about a media file being downloaded, handed to the <see cref="IMediaSink"/> with its bytes.</summary>
/// <param name="Channel">The channel the media came from.</param>
/// <param name="Account">The channel account it was sent to.</param>
/// <param name="MediaKind">The kind of media.</param>
public sealed record MediaDescriptor(ChannelId Channel, ChannelAccountId Account, MediaKind MediaKind)
{
    /// <summary>Gets the network's id of the media, when it has one.</summary>
    public string? NetworkMediaId { get; init; }

    /// <summary>Gets the MIME type the network reports, when it does.</summary>
    public string? MimeType { get; init; }

    /// <summary>Gets the size in bytes the network reports, when it does.</summary>
    public long? Size { get; init; }

    /// <summary>Gets the SHA-256 of the content as the network reports it (base64 for WhatsApp), when it does.</summary>
    public string? Sha256 { get; init; }

    /// <summary>Gets the file name the sender gave, when any.</summary>
    public string? FileName { get; init; }
}

/// <summary>
/// Where downloaded media goes: the host's blob store, a file, a CRM attachment. The channel streams the bytes to it as
/// they arrive, so that a large file is never held in memory.
/// </summary>
/// <remarks>Implemented by the host. <see cref="WriteAsync"/> reads the content to its end, or gives up by throwing.</remarks>
public interface IMediaSink
{
    /// <summary>Stores one media file.</summary>
    /// <param name="media">What is known about the file.</param>
    /// <param name="content">The bytes, read once; reading throws <see cref="InvalidDataException"/> when the file turns out larger than allowed, and then whatever was written must be discarded.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the file is stored.</returns>
    Task WriteAsync(MediaDescriptor media, Stream content, CancellationToken cancellationToken);
}

/// <summary>The outcome of a media download: how many bytes were stored, or why nothing was.</summary>
public sealed record MediaDownloadResult
{
    private MediaDownloadResult(long bytes, ChannelError? error)
    {
        Bytes = bytes;
        Error = error;
    }

    /// <summary>Gets how many bytes the sink received.</summary>
    public long Bytes { get; }

    /// <summary>Gets the error, or <see langword="null"/> when the media was stored.</summary>
    public ChannelError? Error { get; }

    /// <summary>Gets a value indicating whether the media was stored.</summary>
    public bool Succeeded => Error is null;

    /// <summary>Creates a successful result.</summary>
    /// <param name="bytes">How many bytes the sink received.</param>
    /// <returns>The result.</returns>
    public static MediaDownloadResult Stored(long bytes) => new(bytes, null);

    /// <summary>Creates a failed result.</summary>
    /// <param name="error">Why the media could not be stored.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is <see langword="null"/>.</exception>
    public static MediaDownloadResult Failed(ChannelError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new(0, error);
    }
}

/// <summary>
/// Downloads media customers sent (a WhatsApp image by its media id), with the channel's credentials, into a host's
/// <see cref="IMediaSink"/>. Implemented by channel adapters whose media need the network's token or expire (WhatsApp's
/// media URLs live about five minutes, its media ids seven days: download promptly).
/// </summary>
/// <remarks>Implementations are thread-safe. Resolve the one for a channel as a keyed service: the key is the channel id's value (for example <c>whatsapp</c>).</remarks>
public interface IMediaDownloader
{
    /// <summary>Downloads one media part of a received message.</summary>
    /// <param name="account">The channel account the message was sent to.</param>
    /// <param name="media">The media part, with its network id or address.</param>
    /// <param name="sink">Where the bytes go.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The bytes stored, or why not (too large, expired, unauthorized…) as a channel error.</returns>
    Task<MediaDownloadResult> DownloadAsync(ChannelAccountId account, MediaPart media, IMediaSink sink, CancellationToken cancellationToken);
}
