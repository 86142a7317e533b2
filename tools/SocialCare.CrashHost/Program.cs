// The crash-safety test's child process: SocialCare with the SQLite store and the WhatsApp channel, fed from stdin.
//
//   dotnet SocialCare.CrashHost.dll <database file> <app secret> [concurrency]
//
// Each stdin line is "<base64 body>\t<X-Hub-Signature-256 value>". Lines are processed concurrently (so that commits are
// grouped); when the pipeline answers line n (0-based), "ack <n> <status>" is written to stdout and flushed. A test kills
// the process mid-stream and checks that every event acknowledged with 2xx survived. At the end of stdin the process
// waits for the lines in flight, stops the host and exits with 0. Logs go to stderr.
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SocialCare.Abstractions;
using SocialCare.Channels.Meta;
using SocialCare.Channels.WhatsApp;
using SocialCare.Core;

if (args.Length < 2)
{
    await Console.Error.WriteLineAsync("usage: SocialCare.CrashHost <database file> <app secret> [concurrency]");
    return 2;
}

var database = args[0];
var secret = args[1];
var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 64;

var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
builder.Services.AddLogging(logging => logging
    .SetMinimumLevel(LogLevel.Warning)
    .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
builder.Services.AddSocialCare()
    .UseSqlite($"Data Source={database}")
    .AddWhatsApp(o =>
    {
        o.AppSecret = secret;
        o.VerifyToken = "crash-host";
        o.AccessToken = "crash-host-token";
        o.GraphApiBaseUrl = new Uri("https://graph.test/");
        o.PhoneNumbers.Add(new WhatsAppPhoneNumberOptions { PhoneNumberId = "109283746501234", Name = "Crash test" });
    });

using var host = builder.Build();
await host.StartAsync();
var pipeline = host.Services.GetRequiredService<IWebhookPipeline>();

var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
var outputGate = new Lock();
void Acknowledge(int line, int status)
{
    lock (outputGate)
    {
        stdout.Write("ack ");
        stdout.Write(line.ToString(CultureInfo.InvariantCulture));
        stdout.Write(' ');
        stdout.WriteLine(status.ToString(CultureInfo.InvariantCulture));
        stdout.Flush();
    }
}

using var slots = new SemaphoreSlim(concurrency);
var inFlight = new List<Task>();
var stdin = new StreamReader(Console.OpenStandardInput());
var number = 0;
while (await stdin.ReadLineAsync() is { } line)
{
    if (line.Length == 0)
    {
        continue;
    }

    var index = number++;
    var tab = line.IndexOf('\t', StringComparison.Ordinal);
    var body = Convert.FromBase64String(line[..tab]);
    var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [MetaDefaults.SignatureHeader] = line[(tab + 1)..] };
    await slots.WaitAsync();
    inFlight.Add(Task.Run(async () =>
    {
        try
        {
            var response = await pipeline.ProcessAsync(ChannelId.WhatsApp, WebhookRequest.Post("/webhooks/whatsapp", body, headers), CancellationToken.None);
            Acknowledge(index, response.StatusCode);
        }
        catch (Exception exception)
        {
            await Console.Error.WriteLineAsync($"line {index}: {exception.GetType().Name}: {exception.Message}");
            Acknowledge(index, 599);
        }
        finally
        {
            slots.Release();
        }
    }));
}

await Task.WhenAll(inFlight);
await host.StopAsync();
return 0;
