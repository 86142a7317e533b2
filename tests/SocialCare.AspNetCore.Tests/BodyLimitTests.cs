using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;

namespace SocialCare.AspNetCore.Tests;

/// <summary>The body size limit (<c>SocialCareOptions.MaxRequestBodySize</c>) and bodies the server cannot read, on Kestrel.</summary>
public sealed class BodyLimitTests
{
    public static TheoryData<string> Channels => new("facebook", "whatsapp", "x");

    [Theory]
    [MemberData(nameof(Channels))]
    public async Task Post_ContentLengthOverTheLimit_Answers413AndStoresNothing(string channel)
    {
        await using var app = await WebhookApp.StartAsync();
        var webhook = SignedWebhook.Text(channel, "large-1", text: new string('a', (int)WebhookApp.DefaultMaxBody));
        Assert.True(webhook.Body.Length > WebhookApp.DefaultMaxBody);

        using var response = await app.PostAsync(channel, webhook.Body, webhook.Headers);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(await app.TicketsAsync());
        Assert.Contains(app.Logs.Entries, e => e.EventId.Id == 6002);
    }

    [Fact]
    public async Task Post_ContentLengthOverTheLimit_Answers413BeforeTheBodyIsSent()
    {
        await using var app = await WebhookApp.StartAsync();

        // Only the head: an answer proves nothing waited for the 50 MB announced.
        var (status, body) = await RawHttp.ExchangeAsync(
            app.Address,
            "POST /webhooks/whatsapp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n");

        Assert.Equal(413, status);
        Assert.Contains("4096 bytes", body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Channels))]
    public async Task Post_ChunkedOverTheLimit_Answers413AndStoresNothing(string channel)
    {
        await using var app = await WebhookApp.StartAsync();
        var webhook = SignedWebhook.Text(channel, "chunked-large-1", text: new string('b', 2 * (int)WebhookApp.DefaultMaxBody));

        using var response = await app.Client.SendAsync(Chunked(channel, webhook));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(await app.TicketsAsync());
        Assert.Empty(app.Errors);
    }

    [Fact]
    public async Task Post_ChunkedWithinTheLimit_LargerThanTheFirstBuffer_IsStored()
    {
        await using var app = await WebhookApp.StartAsync(maxBody: 256 * 1024);
        var text = string.Concat(Enumerable.Repeat("Il pacco non è arrivato, potete controllare? ", 1000));
        var webhook = SignedWebhook.Text("whatsapp", "chunked-1", text);
        Assert.True(webhook.Body.Length > 2 * 16 * 1024, "The body should need the buffer to grow at least twice.");

        using var response = await app.Client.SendAsync(Chunked("whatsapp", webhook));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = await app.Store.FindMessageAsync(webhook.Channel, webhook.Account, webhook.NetworkId, default);
        Assert.NotNull(message);
        Assert.Equal(text, Assert.IsType<SocialCare.Abstractions.TextPart>(Assert.Single(message.Parts)).Text);
    }

    [Fact]
    public async Task Post_ServerLimitBelowOurs_IsRaisedToOurs()
    {
        // Kestrel alone would refuse anything over 1,000 bytes; the endpoint sets the request's limit to SocialCare's.
        await using var app = await WebhookApp.StartAsync(kestrel: o => o.Limits.MaxRequestBodySize = 1000);
        var webhook = SignedWebhook.Text("whatsapp", "kestrel-limit-1", text: new string('c', 2000));
        Assert.InRange(webhook.Body.Length, 2001, WebhookApp.DefaultMaxBody);

        using var response = await app.PostAsync("whatsapp", webhook.Body, webhook.Headers);
        using var chunked = await app.Client.SendAsync(Chunked("whatsapp", SignedWebhook.Text("whatsapp", "kestrel-limit-2", text: new string('d', 2000))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, chunked.StatusCode);
        Assert.Equal(2, (await app.Store.GetMessagesAsync(Assert.Single(await app.TicketsAsync()).Id, default)).Count);
    }

    [Fact]
    public async Task Post_ClientHangsUpWhileThePipelineWorks_NothingStoredAndNoError()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = await WebhookApp.StartAsync(socialCare: b => SlowAdapter.WrapAll(b.Services, TimeSpan.FromSeconds(5), entered));
        var webhook = SignedWebhook.Text("whatsapp", "hang-up-2");
        var head = $"POST /webhooks/whatsapp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nX-Hub-Signature-256: {webhook.Headers["X-Hub-Signature-256"]}\r\nContent-Length: {webhook.Body.Length}\r\n\r\n";

        // The whole request, then a reset while the adapter works on it.
        await RawHttp.SendAndHangUpAsync(app.Address, head, webhook.Body, reset: true, until: entered.Task);

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!app.Logs.Entries.Any(e => e.EventId.Id == 6005))
        {
            Assert.True(DateTime.UtcNow < deadline, "The endpoint never noticed the client leaving: " + string.Join("\n", app.Logs.Entries.Select(e => $"{e.Level} {e.Category} {e.EventId} {e.Message}")));
            await Task.Delay(20);
        }

        Assert.Empty(app.Errors);
        Assert.Empty(await app.TicketsAsync());
    }

    [Fact]
    public async Task Post_BrokenChunkedEncoding_Answers400_NeverA500()
    {
        await using var app = await WebhookApp.StartAsync();

        var (status, _) = await RawHttp.ExchangeAsync(
            app.Address,
            "POST /webhooks/facebook HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
            "zz\r\n{}\r\n0\r\n\r\n"u8.ToArray());

        Assert.Equal(400, status);
        Assert.Empty(app.Errors);
        Assert.Empty(await app.TicketsAsync());
    }

    [Fact]
    public async Task Post_ClientHangsUpMidBody_NothingStoredNoErrorAndTheServerGoesOn()
    {
        await using var app = await WebhookApp.StartAsync();
        var webhook = SignedWebhook.Text("whatsapp", "hang-up-1");
        var head = $"POST /webhooks/whatsapp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nX-Hub-Signature-256: {webhook.Headers["X-Hub-Signature-256"]}\r\nContent-Length: {webhook.Body.Length}\r\n\r\n";

        await RawHttp.SendAndHangUpAsync(app.Address, head, webhook.Body.AsSpan(0, webhook.Body.Length / 2).ToArray());

        // The endpoint saw the body end early (Kestrel's "unexpected end of request content", or a reset).
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!app.Logs.Entries.Any(e => e.EventId.Id is 6004 or 6005))
        {
            Assert.True(DateTime.UtcNow < deadline, "The endpoint never noticed the client leaving.");
            await Task.Delay(20);
        }

        Assert.Empty(app.Errors);
        Assert.DoesNotContain(app.Logs.Entries, e => e.Level >= LogLevel.Warning && e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.Empty(await app.TicketsAsync());
        using var next = await app.PostAsync("whatsapp", webhook.Body, webhook.Headers);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Single(await app.TicketsAsync());
    }

    private static HttpRequestMessage Chunked(string channel, SignedWebhook webhook)
    {
        var content = new StreamContent(new UnknownLengthStream(webhook.Body));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/" + channel) { Content = content };
        request.Headers.TransferEncodingChunked = true;
        foreach (var (name, value) in webhook.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>A stream that will not tell its length, so that HttpClient sends it chunked, a few hundred bytes at a time.</summary>
    private sealed class UnknownLengthStream(byte[] content) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 700), content.Length - _position);
            content.AsSpan(_position, n).CopyTo(buffer.AsSpan(offset));
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
