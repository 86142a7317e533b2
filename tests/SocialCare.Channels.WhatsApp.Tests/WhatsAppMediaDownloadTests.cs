using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SocialCare.Abstractions;
using SocialCare.Testing.Meta;

namespace SocialCare.Channels.WhatsApp.Tests;

public sealed class WhatsAppMediaDownloadTests
{
    private const string MediaId = "1029384756102938";
    private const string LookupPath = $"/v25.0/{MediaId}";
    private const string Bearer = $"Bearer {WhatsAppHost.AccessToken}";
    private static readonly ChannelAccountId Number = new(WhatsAppHost.PhoneNumberId);

    private static byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    private static MediaPart Image(string? mediaId = MediaId, Uri? url = null) => new(MediaKind.Image) { NetworkMediaId = mediaId, Url = url, MimeType = "image/jpeg", Caption = "the parcel" };

    private static bool IsLookaside(GraphApiRequest request) => request.Path == "/whatsapp_business/attachments/";

    /// <summary>Asks the emulator for a fresh lookaside address directly (recorded like any request).</summary>
    private static async Task<Uri> IssueUrlAsync(WhatsAppHost host, string mediaId)
    {
        using var invoker = new HttpMessageInvoker(host.Graph, disposeHandler: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://graph.test/v25.0/{mediaId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WhatsAppHost.AccessToken);
        using var response = await invoker.SendAsync(request, default);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return new Uri(document.RootElement.GetProperty("url").GetString()!);
    }

    [Fact]
    public async Task Download_ByMediaId_StreamsTheExactBytesWithTheirDescription()
    {
        await using var host = new WhatsAppHost();
        var content = Bytes(70_000);
        host.Graph.AddMedia(MediaId, content, "image/jpeg");
        var sink = new MemoryMediaSink();

        var result = await host.Media.DownloadAsync(Number, Image() with { MimeType = null, FileName = "parcel.jpg" }, sink, default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(content.Length, result.Bytes);
        Assert.Equal(content, sink.Stored);
        var media = sink.Descriptor!;
        Assert.Equal(ChannelId.WhatsApp, media.Channel);
        Assert.Equal(Number, media.Account);
        Assert.Equal(MediaKind.Image, media.MediaKind);
        Assert.Equal(MediaId, media.NetworkMediaId);
        Assert.Equal("image/jpeg", media.MimeType);
        Assert.Equal(content.Length, media.Size);
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(content)), media.Sha256);
        Assert.Equal(sink.StoredSha256Base64, media.Sha256);
        Assert.Equal("parcel.jpg", media.FileName);

        var requests = host.Graph.Requests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(("GET", LookupPath, Bearer), (requests[0].Method, requests[0].Path, requests[0].Authorization));
        Assert.True(IsLookaside(requests[1]));
        Assert.Equal(("GET", Bearer), (requests[1].Method, requests[1].Authorization));
    }

    [Fact]
    public async Task Download_AudioWithCodecs_KeepsTheFullMimeType()
    {
        await using var host = new WhatsAppHost();
        host.Graph.AddMedia(MediaId, Bytes(3_000), "audio/ogg; codecs=opus");
        var sink = new MemoryMediaSink();

        var result = await host.Media.DownloadAsync(Number, new MediaPart(MediaKind.Audio) { NetworkMediaId = MediaId, IsVoice = true }, sink, default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("audio/ogg; codecs=opus", sink.Descriptor!.MimeType);
        Assert.Equal(MediaKind.Audio, sink.Descriptor.MediaKind);
    }

    [Fact]
    public async Task Download_FromTheSecondNumber_UsesItsToken()
    {
        await using var host = new WhatsAppHost(o => o.PhoneNumbers[1].AccessToken = "EAAG-wa-token-second");
        host.Graph.AddMedia(MediaId, Bytes(10), "image/png");

        var result = await host.Media.DownloadAsync(new ChannelAccountId(WhatsAppHost.SecondPhoneNumberId), Image(), new MemoryMediaSink(), default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.All(host.Graph.Requests, r => Assert.Equal("Bearer EAAG-wa-token-second", r.Authorization));
    }

    [Fact]
    public async Task Download_AnAddressThatExpired_FetchesAFreshOneByTheMediaId()
    {
        await using var host = new WhatsAppHost();
        var content = Bytes(5_000);
        host.Graph.AddMedia(MediaId, content, "image/jpeg");
        var stale = await IssueUrlAsync(host, MediaId);
        host.Time.Advance(TimeSpan.FromMinutes(6));
        var before = host.Graph.Requests.Count;
        var sink = new MemoryMediaSink();

        var result = await host.Media.DownloadAsync(Number, Image(url: stale), sink, default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(content, sink.Stored);
        var requests = host.Graph.Requests.Skip(before).ToList();
        Assert.Equal(3, requests.Count);
        Assert.True(IsLookaside(requests[0]));
        Assert.Equal(stale.Query.TrimStart('?'), requests[0].Query);
        Assert.Equal(LookupPath, requests[1].Path);
        Assert.True(IsLookaside(requests[2]));
        Assert.NotEqual(requests[0].Query, requests[2].Query);
        Assert.Equal(1, sink.Calls);
    }

    [Fact]
    public async Task Download_AddressThatExpiresBetweenLookupAndDownload_IsLookedUpOnceMore()
    {
        GraphApiEmulator? graph = null;
        await using var host = new WhatsAppHost(services: s => s.AddHttpClient(WhatsAppDefaults.HttpClientName).AddHttpMessageHandler(() => new BeforeSendHandler((request, _) =>
        {
            // The first download finds its address expired (as after a slow queue); the second is in time.
            if (request.RequestUri!.Host == "lookaside.fbsbx.com" && graph!.Requests.Count(IsLookaside) == 0)
            {
                graph.ExpireMediaUrls();
            }

            return Task.CompletedTask;
        })));
        graph = host.Graph;
        var content = Bytes(2_048);
        host.Graph.AddMedia(MediaId, content, "image/jpeg");
        var sink = new MemoryMediaSink();

        var result = await host.Media.DownloadAsync(Number, Image(), sink, default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(content, sink.Stored);
        var requests = host.Graph.Requests;
        Assert.Equal(4, requests.Count);
        Assert.Equal([false, true, false, true], requests.Select(IsLookaside));
        Assert.Equal(1, sink.Calls);
    }

    [Fact]
    public async Task Download_AddressExpiringEveryTime_GivesUpAfterOneFreshAddressAsTransient()
    {
        GraphApiEmulator? graph = null;
        await using var host = new WhatsAppHost(services: s => s.AddHttpClient(WhatsAppDefaults.HttpClientName).AddHttpMessageHandler(() => new BeforeSendHandler((request, _) =>
        {
            if (request.RequestUri!.Host == "lookaside.fbsbx.com")
            {
                graph!.ExpireMediaUrls();
            }

            return Task.CompletedTask;
        })));
        graph = host.Graph;
        host.Graph.AddMedia(MediaId, Bytes(100), "image/jpeg");
        var sink = new MemoryMediaSink();

        var result = await host.Media.DownloadAsync(Number, Image(), sink, default);

        Assert.False(result.Succeeded);
        Assert.Equal("media_unavailable", result.Error!.Code);
        Assert.True(result.Error.IsTransient);
        Assert.Equal(ChannelErrorKind.Transient, result.Error.Kind);
        Assert.Contains("expired twice", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(4, host.Graph.Requests.Count);
        Assert.Equal(0, sink.Calls);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == 3006 && e.Message.Contains("media_unavailable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Download_AnExpiredAddressWithoutAMediaId_FailsWithoutALookup()
    {
        await using var host = new WhatsAppHost();
        host.Graph.AddMedia(MediaId, Bytes(100), "image/jpeg");
        var stale = await IssueUrlAsync(host, MediaId);
        host.Time.Advance(TimeSpan.FromMinutes(5));
        var before = host.Graph.Requests.Count;

        var result = await host.Media.DownloadAsync(Number, Image(mediaId: null, url: stale), new MemoryMediaSink(), default);

        Assert.Equal("media_unavailable", result.Error!.Code);
        Assert.Equal(404, result.Error.StatusCode);
        Assert.False(result.Error.IsTransient);
        Assert.Equal(before + 1, host.Graph.Requests.Count);
    }

    [Fact]
    public async Task Download_AFreshAddressWithoutAMediaId_IsDownloadedWithTheToken()
    {
        await using var host = new WhatsAppHost();
        var content = Bytes(1_000);
        host.Graph.AddMedia(MediaId, content, "video/mp4");
        var url = await IssueUrlAsync(host, MediaId);
        var sink = new MemoryMediaSink();

        var result = await host.Media.DownloadAsync(Number, new MediaPart(MediaKind.Video) { Url = url }, sink, default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(content, sink.Stored);
        Assert.Equal("video/mp4", sink.Descriptor!.MimeType);
        Assert.Equal(Bearer, host.Graph.Requests[^1].Authorization);
    }

    [Fact]
    public async Task Download_SizeReportedLargerThanTheLimit_IsRefusedBeforeTheDownload()
    {
        await using var host = new WhatsAppHost(o => o.MaxMediaSize = 4_000);
        host.Graph.AddMedia(MediaId, Bytes(5_000), "image/jpeg");
        var sink = new MemoryMediaSink();

        var result = await host.Media.DownloadAsync(Number, Image(), sink, default);

        Assert.Equal("media_too_large", result.Error!.Code);
        Assert.Equal(ChannelErrorKind.Refused, result.Error.Kind);
        Assert.Contains("SocialCare:WhatsApp:MaxMediaSize", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("5000", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(LookupPath, Assert.Single(host.Graph.Requests).Path);
        Assert.Equal(0, sink.Calls);
    }

    [Fact]
    public async Task Download_SizeInTheWebhookLargerThanTheLimit_IsRefusedWithoutAnyCallWhenThereIsAnAddress()
    {
        await using var host = new WhatsAppHost(o => o.MaxMediaSize = 4_000);

        var result = await host.Media.DownloadAsync(Number, Image(mediaId: null, url: new Uri("https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1&ext=1&hash=1")) with { Size = 9_000 }, new MemoryMediaSink(), default);

        Assert.Equal("media_too_large", result.Error!.Code);
        Assert.Empty(host.Graph.Requests);
    }

    [Fact]
    public async Task Download_ContentLengthLargerThanTheLimit_IsRefusedWithoutReading()
    {
        await using var host = new WhatsAppHost(o => o.MaxMediaSize = 4_000);
        host.Graph.AddMedia(MediaId, Bytes(5_000), "image/jpeg");
        var url = await IssueUrlAsync(host, MediaId);
        var sink = new MemoryMediaSink();

        var result = await host.Media.DownloadAsync(Number, Image(mediaId: null, url: url), sink, default);

        Assert.Equal("media_too_large", result.Error!.Code);
        Assert.Equal(0, sink.Calls);
    }

    [Fact]
    public async Task Download_UnsizedContentLargerThanTheLimit_StopsMidStreamAndTheSinkDiscardsIt()
    {
        await using var host = new WhatsAppHost(o => o.MaxMediaSize = 4_000, services: s => s.AddHttpClient(WhatsAppDefaults.HttpClientName).AddHttpMessageHandler(() => new UnsizedMediaHandler()));
        host.Graph.AddMedia(MediaId, Bytes(10_000), "image/jpeg");
        var url = await IssueUrlAsync(host, MediaId);
        var sink = new MemoryMediaSink();

        var result = await host.Media.DownloadAsync(Number, Image(mediaId: null, url: url), sink, default);

        Assert.False(result.Succeeded);
        Assert.Equal("media_too_large", result.Error!.Code);
        Assert.Equal(0, result.Bytes);
        Assert.Equal(1, sink.Calls);
        Assert.NotNull(sink.Failure);
        Assert.Null(sink.Stored);
        Assert.InRange(sink.DiscardedBytes, 1, 4_000);
    }

    [Fact]
    public async Task Download_UnsizedContentWithinTheLimit_IsStored()
    {
        await using var host = new WhatsAppHost(o => o.MaxMediaSize = 4_000, services: s => s.AddHttpClient(WhatsAppDefaults.HttpClientName).AddHttpMessageHandler(() => new UnsizedMediaHandler()));
        var content = Bytes(4_000);
        host.Graph.AddMedia(MediaId, content, "image/jpeg");
        var url = await IssueUrlAsync(host, MediaId);
        var sink = new MemoryMediaSink();

        var result = await host.Media.DownloadAsync(Number, Image(mediaId: null, url: url), sink, default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(4_000, result.Bytes);
        Assert.Equal(content, sink.Stored);
    }

    [Fact]
    public async Task Download_ASinkThatSwallowsTheSizeError_IsStillReportedTooLarge()
    {
        await using var host = new WhatsAppHost(o => o.MaxMediaSize = 4_000, services: s => s.AddHttpClient(WhatsAppDefaults.HttpClientName).AddHttpMessageHandler(() => new UnsizedMediaHandler()));
        host.Graph.AddMedia(MediaId, Bytes(10_000), "image/jpeg");
        var url = await IssueUrlAsync(host, MediaId);

        var result = await host.Media.DownloadAsync(Number, Image(mediaId: null, url: url), new SwallowingSink(), default);

        Assert.False(result.Succeeded);
        Assert.Equal("media_too_large", result.Error!.Code);
    }

    [Fact]
    public async Task Download_UnknownMediaId_FailsAsAnInvalidRequest()
    {
        await using var host = new WhatsAppHost();
        var sink = new MemoryMediaSink();

        var result = await host.Media.DownloadAsync(Number, Image(mediaId: "999000999000999"), sink, default);

        Assert.False(result.Succeeded);
        Assert.Equal("100", result.Error!.Code);
        Assert.Equal(ChannelErrorKind.InvalidRequest, result.Error.Kind);
        Assert.Single(host.Graph.Requests);
        Assert.Equal(0, sink.Calls);
    }

    [Fact]
    public async Task Download_TokenRefusedOnLookup_IsUnauthorizedAndTellsTheHealthSinks()
    {
        await using var host = new WhatsAppHost(socialCare: b => b.AddChannelHealthSink<RecordingHealthSink>());
        var health = host.Services.GetServices<IChannelHealthSink>().OfType<RecordingHealthSink>().Single();
        host.Graph.AddMedia(MediaId, Bytes(100), "image/jpeg");
        host.Graph.FailNext(401, 190, "Error validating access token: Session has expired.");

        var refused = await host.Media.DownloadAsync(Number, Image(), new MemoryMediaSink(), default);
        var later = await host.Media.DownloadAsync(Number, Image(), new MemoryMediaSink(), default);

        Assert.Equal(ChannelErrorKind.Unauthorized, refused.Error!.Kind);
        Assert.Equal("190", refused.Error.Code);
        Assert.True(later.Succeeded, later.Error?.Message);
        Assert.Equal([ChannelHealthStatus.Unauthorized, ChannelHealthStatus.Healthy], health.Changes.Select(c => c.Status));
        Assert.DoesNotContain(host.Logs.Entries, e => e.Message.Contains(WhatsAppHost.AccessToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Download_LookupFailingWith503_IsRetriedByTheResilienceHandler()
    {
        await using var host = new WhatsAppHost();
        var content = Bytes(100);
        host.Graph.AddMedia(MediaId, content, "image/jpeg");
        host.Graph.FailNext(503, 131016, "Service unavailable");
        var sink = new MemoryMediaSink();

        var result = await host.Media.DownloadAsync(Number, Image(), sink, default);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(content, sink.Stored);
        Assert.Equal(3, host.Graph.Requests.Count);
    }

    [Fact]
    public async Task Download_NeitherIdNorAddress_IsRefused()
    {
        await using var host = new WhatsAppHost();

        var result = await host.Media.DownloadAsync(Number, new MediaPart(MediaKind.Document), new MemoryMediaSink(), default);

        Assert.Equal("no_media", result.Error!.Code);
        Assert.Equal(ChannelErrorKind.Refused, result.Error.Kind);
        Assert.Empty(host.Graph.Requests);
    }

    [Fact]
    public async Task Download_ForAnUnknownPhoneNumber_IsRefusedWithoutACall()
    {
        await using var host = new WhatsAppHost();
        host.Graph.AddMedia(MediaId, Bytes(100), "image/jpeg");

        var result = await host.Media.DownloadAsync(new ChannelAccountId("999999999999999"), Image(), new MemoryMediaSink(), default);

        Assert.Equal("unknown_phone_number", result.Error!.Code);
        Assert.Empty(host.Graph.Requests);
    }

    [Fact]
    public async Task Download_NullArguments_Throw()
    {
        await using var host = new WhatsAppHost();

        await Assert.ThrowsAsync<ArgumentNullException>(() => host.Media.DownloadAsync(Number, null!, new MemoryMediaSink(), default));
        await Assert.ThrowsAsync<ArgumentNullException>(() => host.Media.DownloadAsync(Number, Image(), null!, default));
    }

    [Fact]
    public async Task Download_ASinkFailingForItsOwnReasons_PropagatesItsException()
    {
        await using var host = new WhatsAppHost();
        host.Graph.AddMedia(MediaId, Bytes(100), "image/jpeg");

        await Assert.ThrowsAsync<IOException>(() => host.Media.DownloadAsync(Number, Image(), new FailingSink(), default));
    }

    /// <summary>A careless sink: it catches the size error and returns as if the file were complete.</summary>
    private sealed class SwallowingSink : IMediaSink
    {
        public async Task WriteAsync(MediaDescriptor media, Stream content, CancellationToken cancellationToken)
        {
            try
            {
                await content.CopyToAsync(Stream.Null, 1024, cancellationToken);
            }
            catch (InvalidDataException)
            {
                // Keeps what it has: a truncated file.
            }
        }
    }

    private sealed class FailingSink : IMediaSink
    {
        public Task WriteAsync(MediaDescriptor media, Stream content, CancellationToken cancellationToken) => throw new IOException("The blob store is full.");
    }
}
