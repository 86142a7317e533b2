using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;
using SocialCare.Core;
using SocialCare.Samples.Console.Webchat;

// Plays a short customer conversation from a website chat widget ("webchat", the channel in Webchat/) through the
// SocialCare pipeline, as the app's /webhooks/{channel} endpoint would, then prints the ticket's timeline.
// Exit code: 0 when every step answers as expected, 1 when one does not, 2 when the configuration is invalid.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

// The script sends forged, oversized and malformed requests on purpose; the pipeline logs each refusal as a warning,
// which would only repeat the narration. Real errors still show.
builder.Logging.AddFilter("SocialCare", LogLevel.Error);

builder.Services.AddSocialCare()
    .AddWebchat(o =>
    {
        // Demo defaults; the app (never the SDK) binds the "Webchat" section over them: Webchat__Secret=…, --Webchat:SiteId=….
        o.Secret = "demo-only-secret-4f9c2a7e";
        o.SiteId = "acme-shop";
        builder.Configuration.GetSection("Webchat").Bind(o);
    });

using var host = builder.Build();
try
{
    await host.StartAsync(); // validates the options (ValidateOnStart)
}
catch (Exception ex) when (ex is OptionsValidationException or AggregateException { InnerException: OptionsValidationException })
{
    // The host reports every failed validation together, in an AggregateException when there are several.
    var failed = ex is AggregateException all ? all.InnerExceptions : [ex];
    foreach (var message in failed.Select(e => e.Message).Distinct())
    {
        Console.Error.WriteLine($"Invalid configuration: {message}");
    }

    return 2;
}

Console.OutputEncoding = Encoding.UTF8;
var ct = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
var pipeline = host.Services.GetRequiredService<IWebhookPipeline>();
var webchat = host.Services.GetRequiredService<IOptions<WebchatOptions>>().Value; // the widget shares the secret and site id
var maxBody = host.Services.GetRequiredService<IOptions<SocialCareOptions>>().Value.MaxRequestBodySize;
var channel = new ChannelId("webchat");
var failures = 0;

Console.WriteLine($"SocialCare webchat demo: site '{webchat.SiteId}', visitor Giulia (v-42)");
Console.WriteLine();

var hello = Callback("evt_1", "message", "09:00:00", "m-1", "Hi! My order #1042 hasn't arrived.");
await StepAsync(1, "Widget set-up check: GET ?challenge=c-4711", 200, WebhookRequest.Get("/webhooks/webchat", new Dictionary<string, string> { ["challenge"] = "c-4711" }));
await StepAsync(2, "Giulia: \"Hi! My order #1042 hasn't arrived.\"", 200, Signed(hello));
await StepAsync(3, "The widget delivers that callback again", 200, Signed(hello));
await StepAsync(4, "A forged callback (wrong secret)", 401, WebchatSigner.CreateRequest("someone-elses-secret", hello));
await StepAsync(5, "A callback over the body size limit (1 MiB)", 413, Signed([.. hello, .. Encoding.UTF8.GetBytes(new string(' ', (int)maxBody))]));
await StepAsync(6, "Truncated JSON with a valid signature", 400, Signed("{\"site\":\"acme-shop\",\"events\":[{\"id\":"u8.ToArray()));
await StepAsync(7, "Agent answers from the widget's dashboard", 200, Signed(Callback("evt_2", "agent_message", "09:02:00", "m-2", "Sorry, Giulia! It ships today; tracking: AC-553.")));
await StepAsync(8, "Read receipt: Giulia saw the answer", 200, Signed(Callback("evt_3", "read", "09:03:00")));
await StepAsync(9, "Giulia: \"Thanks, it arrived today!\"", 200, Signed(Callback("evt_4", "message", "15:30:00", "m-3", "Thanks, it arrived today!", replyTo: "m-2")));
await StepAsync(10, "Giulia edits her first message", 200, Signed(Callback("evt_5", "edit", "15:31:00", "m-1", "Hi! My order #1042 hasn't arrived yet.")));

// The default store is the in-memory one, which can list every ticket; a durable store would be queried by
// conversation and customer (ITicketStore.FindActiveAsync).
var store = (InMemoryTicketStore)host.Services.GetRequiredService<ITicketStore>();
var customers = host.Services.GetRequiredService<ICustomerDirectory>();
var messageCount = 0;
foreach (var ticket in store.GetTickets())
{
    var customer = await customers.GetAsync(ticket.Customer, ct);
    Console.WriteLine();
    Console.WriteLine($"Ticket {ticket.Id} ({ticket.State}) with {customer?.DisplayName ?? "?"} on {ticket.Conversation}");
    foreach (var message in await store.GetMessagesAsync(ticket.Id, ct))
    {
        messageCount++;
        var arrow = message.Direction == MessageDirection.Inbound ? "→" : "←";
        var text = string.Join(" ", message.Parts.Select(p => p is TextPart t ? t.Text : $"[{p.GetType().Name}]"));
        var status = message.Status == DeliveryStatus.None ? "" : $" [{message.Status.ToString().ToLowerInvariant()}]";
        var edited = message.EditedAt is null ? "" : " (edited)";
        Console.WriteLine($"  {message.SentAt.ToString("HH:mm", CultureInfo.InvariantCulture)} {arrow} {message.Author,-8} {text}{edited}{status}");
    }
}

if (messageCount != 3)
{
    Console.WriteLine($"Expected 3 messages on the timeline, found {messageCount}.");
    failures++;
}

await host.StopAsync();
Console.WriteLine();
Console.WriteLine(failures == 0 ? "All steps answered as expected." : $"{failures} check(s) failed.");
return failures == 0 ? 0 : 1;

async Task StepAsync(int number, string title, int expected, WebhookRequest request)
{
    var response = await pipeline.ProcessAsync(channel, request, ct);
    var detail = response.Outcome switch
    {
        WebhookOutcome.Handshake => $"answered \"{response.Body}\"",
        WebhookOutcome.Rejected => $"rejected: {response.Rejection}",
        WebhookOutcome.Ignored => "ignored",
        _ => $"{response.Applied} applied, {response.Skipped} skipped",
    };
    var verdict = response.StatusCode == expected ? "" : $"   ✗ expected {expected}";
    failures += verdict.Length == 0 ? 0 : 1;
    Console.WriteLine($"{number,2}. {title,-50} {response.StatusCode}  {detail}{verdict}");
}

WebhookRequest Signed(byte[] body) => WebchatSigner.CreateRequest(webchat.Secret, body);

// Writes a one-event callback the way the widget does, with the channel's own wire types.
byte[] Callback(string id, string type, string time, string? messageId = null, string? text = null, string? replyTo = null)
{
    var at = DateTimeOffset.Parse($"2026-11-22T{time}Z", CultureInfo.InvariantCulture);
    var wire = new WebchatEvent(id, type, new WebchatVisitor("v-42", "Giulia"), messageId, text, replyTo, at);
    var item = JsonSerializer.SerializeToElement(wire, WebchatJsonContext.Default.WebchatEvent);
    return JsonSerializer.SerializeToUtf8Bytes(new WebchatCallback(webchat.SiteId, [item]), WebchatJsonContext.Default.WebchatCallback);
}
