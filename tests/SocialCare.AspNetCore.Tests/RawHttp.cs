using System.Net.Sockets;
using System.Text;

namespace SocialCare.AspNetCore.Tests;

/// <summary>HTTP/1.1 written by hand over a socket, for what HttpClient will not send: a body that never comes, a broken chunked encoding, a client that leaves mid-body.</summary>
internal static class RawHttp
{
    /// <summary>Sends the bytes and reads one response (status line, headers, and a Content-Length body).</summary>
    /// <returns>The status code and the body.</returns>
    public static async Task<(int Status, string Body)> ExchangeAsync(Uri address, string head, byte[]? body = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token);
        if (body is not null)
        {
            await stream.WriteAsync(body, timeout.Token);
        }

        return await ReadResponseAsync(stream, timeout.Token);
    }

    /// <summary>Sends a request head and (part of) its body, waits for <paramref name="until"/>, then closes the connection: gracefully, or with a reset.</summary>
    public static async Task SendAndHangUpAsync(Uri address, string head, byte[] partialBody, bool reset = false, Task? until = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token);
        await stream.WriteAsync(partialBody, timeout.Token);
        await stream.FlushAsync(timeout.Token);
        if (until is not null)
        {
            await until.WaitAsync(timeout.Token);
        }

        if (reset)
        {
            // A zero linger time makes Close send RST: the server sees the connection reset, not a half-close.
            client.Client.LingerState = new LingerOption(true, 0);
            client.Client.Close();
        }
        else
        {
            client.Client.Shutdown(SocketShutdown.Both);
        }
    }

    private static async Task<(int Status, string Body)> ReadResponseAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        int headerEnd;
        while ((headerEnd = IndexOf(received, "\r\n\r\n"u8)) < 0)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            Assert.True(read > 0, "The server closed the connection before answering: " + Encoding.ASCII.GetString([.. received]));
            received.AddRange(buffer.AsSpan(0, read));
        }

        var head = Encoding.ASCII.GetString([.. received.Take(headerEnd)]);
        var lines = head.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var lengthLine = lines.FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var bodyStart = headerEnd + 4;
        while (received.Count < bodyStart + length)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            Assert.True(read > 0, "The server closed the connection mid-answer.");
            received.AddRange(buffer.AsSpan(0, read));
        }

        return (status, Encoding.UTF8.GetString([.. received.Skip(bodyStart).Take(length)]));
    }

    private static int IndexOf(List<byte> bytes, ReadOnlySpan<byte> value)
    {
        for (var i = 0; i + value.Length <= bytes.Count; i++)
        {
            var match = true;
            for (var j = 0; j < value.Length && match; j++)
            {
                match = bytes[i + j] == value[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }
}
