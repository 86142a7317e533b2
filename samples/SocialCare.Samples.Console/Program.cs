using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocialCare.Abstractions;
using SocialCare.Channels.Facebook;
using SocialCare.Channels.Meta;
using SocialCare.Channels.Twitter;
using SocialCare.Channels.WhatsApp;
using SocialCare.Core;
using SocialCare.Samples.Console.Lifecycle;
using SocialCare.Samples.Console.Webchat;
using SocialCare.Testing;
using SocialCare.Testing.Meta;

// Plays a short customer conversation from a website chat widget ("webchat", the channel in Webchat/) through the
// SocialCare pipeline, as the app's /webhooks/{channel} endpoint would; then two agents work the ticket through the
// ticket engine (assign, reply, note, resolve) until the customer reopens it. Prints the ticket's messages and the
// lifecycle its events tell. Then a Facebook conversation (Messenger and a Page comment) runs end to end against the Graph
// API emulator of SocialCare.Testing: signed webhooks in, Graph requests out, delivery reports back. Last, a WhatsApp
// conversation in Italian against the same emulator: statuses out of order, a late "outside the 24-hour window" failure,
// a template from the catalogue, and a photo downloaded with the number's token. Then X against the X API emulator: the
// CRC, a signed DM answered by DM, a public mention answered in public, the customer's reply in the same thread, and a
// reply X refuses under its self-serve rule, answered by DM instead.
// Exit code: 0 when every step answers as expected, 1 when one does not, 2 when the configuration is invalid.
const string DemoPage = "104857392016485"; // the demo Facebook Page
const string DemoNumber = "109283746501234"; // the demo WhatsApp phone number id
const string DemoXAccount = "1278843152204431360"; // the demo X account, @AcmeShopHelp
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

// The script sends forged, oversized and malformed requests on purpose; the pipeline logs each refusal as a warning,
// which would only repeat the narration. Real errors still show.
builder.Logging.AddFilter("SocialCare", LogLevel.Error);

// A configuration error is reported below in one line; the host would also log it with a stack trace.
builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);

// The story happens on one scripted day (and the morning after), whatever the date the demo runs on: SocialCare takes
// every "now" from the registered TimeProvider. A real host registers nothing and gets TimeProvider.System.
var clock = new ScriptClock(ScriptTime("08:59:00"));
builder.Services.AddSingleton<TimeProvider>(clock);

// Everything is kept in a SQLite file beside the app (the embedded default store). The script replays the same scripted
// day on every run, so it starts from an empty file; a real app keeps its file. Set "SocialCare:Storage:Sqlite:Path"
// to keep the file somewhere else.
var databasePath = builder.Configuration["SocialCare:Storage:Sqlite:Path"] ?? Path.Combine(AppContext.BaseDirectory, "socialcare-sample.db");
foreach (var file in new[] { databasePath, databasePath + "-wal", databasePath + "-shm" })
{
    File.Delete(file);
}

builder.Services.AddSocialCare()
    .UseSqlite($"Data Source={databasePath}")
    .AddWebchat(o =>
    {
        // Demo defaults; the app (never the SDK) binds the "Webchat" section over them: Webchat__Secret=…, --Webchat:SiteId=….
        o.Secret = "demo-only-secret-4f9c2a7e";
        o.SiteId = "acme-shop";
        builder.Configuration.GetSection("Webchat").Bind(o);
    })
    .AddFacebook(o =>
    {
        // Demo defaults; the app binds "SocialCare:Facebook" over them (SocialCare__Facebook__AppSecret=…).
        o.AppSecret = "demo-only-app-secret-7c1d";
        o.VerifyToken = "demo-verify-token";
        o.Pages.Add(new FacebookPageOptions { PageId = DemoPage, AccessToken = "demo-page-token", Name = "Acme Shop" });
        builder.Configuration.GetSection(FacebookDefaults.ConfigurationSection).Bind(o);
    })
    .AddWhatsApp(o =>
    {
        // Demo defaults; the app binds "SocialCare:WhatsApp" over them (SocialCare__WhatsApp__AccessToken=…).
        o.AppSecret = "demo-only-app-secret-7c1d";
        o.VerifyToken = "demo-verify-token";
        o.AccessToken = "demo-system-user-token";
        o.PhoneNumbers.Add(new WhatsAppPhoneNumberOptions { PhoneNumberId = DemoNumber, Name = "Acme Shop Italia" });
        o.Templates.Add(new TemplateDefinition("order_update", "it")
        {
            Category = TemplateCategory.Utility,
            BodyParameters = 2,
            Description = "Ciao {{1}}, il tuo ordine {{2}} è stato spedito.",
        });
        builder.Configuration.GetSection(WhatsAppDefaults.ConfigurationSection).Bind(o);
    })
    .AddX(o =>
    {
        // Demo defaults; the app binds "SocialCare:X" over them (SocialCare__X__ConsumerSecret=…).
        o.ConsumerKey = "demo-consumer-key";
        o.ConsumerSecret = "demo-only-consumer-secret-5b8e";
        o.ApiBaseUrl = new Uri("https://api.x.test/");
        o.Accounts.Add(new XAccountOptions { UserId = DemoXAccount, ScreenName = "AcmeShopHelp", AccessToken = "demo-access-token", AccessTokenSecret = "demo-access-secret" });
        builder.Configuration.GetSection(XDefaults.ConfigurationSection).Bind(o);
    })
    .AddTicketEventSink<TicketEventLog>(); // where a CRM would hear about every ticket change; here, the lifecycle printed at the end

// Nothing here may call the real Graph API: the emulator answers as Graph does and records every request.
var graph = new GraphApiEmulator(clock);
builder.Services.AddHttpClient(FacebookDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => graph);
builder.Services.AddHttpClient(WhatsAppDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => graph);

// Nor the real X API: its emulator checks the OAuth 1.0a signatures, records every request and applies X's rules.
var xApi = new XApiEmulator(clock) { RequireSummoning = true };
xApi.AddAccount(DemoXAccount, "demo-consumer-key", "demo-only-consumer-secret-5b8e", "demo-access-token", "demo-access-secret");
builder.Services.AddHttpClient(XDefaults.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => xApi);

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
var engine = host.Services.GetRequiredService<ITicketEngine>();
var scheduler = host.Services.GetRequiredService<TicketScheduler>();
var webchat = host.Services.GetRequiredService<IOptions<WebchatOptions>>().Value; // the widget shares the secret and site id
var widget = host.Services.GetRequiredService<WebchatOutbox>(); // what the widget collects when it polls
var maxBody = host.Services.GetRequiredService<IOptions<SocialCareOptions>>().Value.MaxRequestBodySize;

// AddTicketEventSink<T>() registers the sink as an ITicketEventSink only: find our instance among them.
var eventLog = host.Services.GetServices<ITicketEventSink>().OfType<TicketEventLog>().Single();

// The store is the SQLite file; the agent directory is the in-memory one, filled by the app (a host's own directory
// reads its user accounts).
var store = host.Services.GetRequiredService<ITicketStore>();
var agents = (InMemoryAgentDirectory)host.Services.GetRequiredService<IAgentDirectory>();
var channel = new ChannelId("webchat");
var failures = 0;

// Two agents start their shift before Giulia writes. Telling the engine lets it hand them queued tickets (none yet).
Agent[] onDuty = [new(new AgentId("marco"), "Marco") { Presence = AgentPresence.Available }, new(new AgentId("sara"), "Sara") { Presence = AgentPresence.Available }];
foreach (var agent in onDuty)
{
    agents.Upsert(agent);
    await engine.AgentChangedAsync(agent.Id, ct);
}

Console.WriteLine($"SocialCare webchat demo: site '{webchat.SiteId}', visitor Giulia (v-42), agents {string.Join(" and ", onDuty.Select(a => a.DisplayName))} available");
Console.WriteLine();

// Each callback reaches the app a second after the widget wrote it.
var hello = Callback("evt_1", "message", "09:00:00", "m-1", "Hi! My order #1042 hasn't arrived.");
await StepAsync(1, "Widget set-up check: GET ?challenge=c-4711", 200, WebhookRequest.Get("/webhooks/webchat", new Dictionary<string, string> { ["challenge"] = "c-4711" }));
clock.MoveTo(ScriptTime("09:00:01"));
await StepAsync(2, "Giulia: \"Hi! My order #1042 hasn't arrived.\"", 200, Signed(hello));
await StepAsync(3, "The widget delivers that callback again", 200, Signed(hello));
await StepAsync(4, "A forged callback (wrong secret)", 401, WebchatSigner.CreateRequest("someone-elses-secret", hello));
await StepAsync(5, "A callback over the body size limit (1 MiB)", 413, Signed([.. hello, .. Encoding.UTF8.GetBytes(new string(' ', (int)maxBody))]));
await StepAsync(6, "Truncated JSON with a valid signature", 400, Signed("{\"site\":\"acme-shop\",\"events\":[{\"id\":"u8.ToArray()));
clock.MoveTo(ScriptTime("09:02:01"));
await StepAsync(7, "Agent answers from the widget's dashboard", 200, Signed(Callback("evt_2", "agent_message", "09:02:00", "m-2", "Sorry, Giulia! It ships today; tracking: AC-553.")));
clock.MoveTo(ScriptTime("09:03:01"));
await StepAsync(8, "Read receipt: Giulia saw the answer", 200, Signed(Callback("evt_3", "read", "09:03:00")));
clock.MoveTo(ScriptTime("15:30:01"));
await StepAsync(9, "Giulia: \"Thanks, it arrived today!\"", 200, Signed(Callback("evt_4", "message", "15:30:00", "m-3", "Thanks, it arrived today!", replyTo: "m-2")));
clock.MoveTo(ScriptTime("15:31:01"));
await StepAsync(10, "Giulia edits her first message", 200, Signed(Callback("evt_5", "edit", "15:31:00", "m-1", "Hi! My order #1042 hasn't arrived yet.")));

// The ticket's id, as a host learns it: from the TicketCreated event.
var created = eventLog.Events.OfType<TicketCreated>().FirstOrDefault();
var ticketId = created?.TicketId ?? default;
var assigned = eventLog.Events.OfType<TicketAssigned>().FirstOrDefault(e => e.TicketId == ticketId);
var owner = assigned?.Assignee ?? default;
Check(
    11,
    "The ticket went to an agent as Giulia first wrote",
    created is not null && assigned is { Assignee: not null } && assigned.OccurredAt == created.OccurredAt,
    assigned is { Assignee: { } to } ? $"{Name(to)} ({assigned.Reason})" : created is null ? "no ticket was opened" : "nobody took it");

// The agent's inbox asks what may be sent before showing the reply box.
clock.MoveTo(ScriptTime("15:33:00"));
var options = await engine.GetReplyOptionsAsync(ticketId, ct);
Check(
    12,
    $"{Name(owner)} opens the ticket: what may be sent?",
    options is { Mode: ReplyMode.FreeText, Until: null },
    options is null ? "no answer" : $"{options.Mode}, {(options.Until is { } until ? $"until {When(until)}" : "no time limit")} ({options.Reason})");

const string answer = "Glad it arrived, Giulia! I'm closing this; just write here if anything's wrong.";
var reply = await engine.ReplyAsync(new ReplyRequest(ticketId, owner, [new TextPart(answer)]), ct);
var afterReply = await store.GetAsync(ticketId, ct);
Check(
    13,
    $"{Name(owner)} replies: \"Glad it arrived, Giulia! …\"",
    reply is { Succeeded: true, Message.Status: DeliveryStatus.Pending } && afterReply?.State == TicketState.Open,
    reply.Succeeded ? $"queued ({Lower(reply.Message!.Status)}); the ticket is {afterReply?.State}" : $"refused: {reply.Rejection} ({reply.Error})");

// The host's background loop was woken by the reply and may have sent it already; then this finds nothing to send, and
// the outcome is read from the store either way.
await scheduler.DispatchOutboxAsync(ct);
var sent = reply.Message is { } queued ? await SendOutcomeAsync(ticketId, queued.Id) : null;
var collected = widget.Take("v-42");
Check(
    14,
    "The outbox sends it through the webchat adapter",
    sent is { Status: DeliveryStatus.Sent, NetworkId: { } networkId } && collected is [{ Text: answer } polled] && polled.Id == networkId,
    sent is null ? "not sent" : $"{Lower(sent.Status)} as {sent.NetworkId?.ToString() ?? "?"}; the widget's next poll got {collected.Count} message(s)");

clock.MoveTo(ScriptTime("15:34:00"));
var note = await engine.AddNoteAsync(ticketId, owner, "Courier delivered 6 days late (AC-553); told logistics.", ct);
Check(
    15,
    $"{Name(owner)} adds an internal note",
    note is { Succeeded: true, Message.Conversation.Visibility: ConversationVisibility.Internal }
        && await store.GetOutboxEntryAsync(note.Message.Id, ct) is null,
    note.Succeeded ? "kept on the ticket for agents, never sent" : $"refused: {note.Error}");

clock.MoveTo(ScriptTime("15:35:00"));
var resolved = await engine.ChangeStateAsync(ticketId, TicketState.Resolved, TicketActor.ForAgent(owner), "order arrived, customer thanked us", ct);
Check(
    16,
    $"{Name(owner)} resolves the ticket",
    resolved is { Succeeded: true, Ticket.State: TicketState.Resolved },
    resolved.Succeeded ? LastStateChange() : $"refused: {resolved.Message}");

clock.MoveTo(ScriptTime("10:15:01", day: 1));
await StepAsync(17, "Next morning, Giulia: \"The charger was missing!\"", 200, Signed(Callback("evt_6", "message", "10:15:00", "m-4", "Oh, the charger was missing from the box!", day: 1)));
var reopened = await store.GetAsync(ticketId, ct);
var reassigned = eventLog.Events.OfType<TicketAssigned>().Count(e => e.TicketId == ticketId) > 1;
Check(
    18,
    "Her message reopens the same ticket",
    reopened is { State: TicketState.Open, ReopenCount: 1 } && reopened.Assignee == owner && !reassigned && (await AllTicketsAsync()).Count == 1,
    reopened is null ? "no ticket" : $"same ticket, {LastStateChange()}, ReopenCount {reopened.ReopenCount}, still {Name(reopened.Assignee)}'s");

// What the store keeps: the ticket and its timeline.
var customers = host.Services.GetRequiredService<ICustomerDirectory>();
var messageCount = 0;
foreach (var ticket in await AllTicketsAsync())
{
    var customer = await customers.GetAsync(ticket.Customer, ct);
    Console.WriteLine();
    Console.WriteLine($"Ticket {ticket.Id} ({ticket.State}, {Name(ticket.Assignee)}'s, reopened {ticket.ReopenCount}×) with {customer?.DisplayName ?? "?"} on {ticket.Conversation}");
    foreach (var message in await store.GetMessagesAsync(ticket.Id, ct))
    {
        messageCount++;
        var internalNote = message.Conversation.Visibility == ConversationVisibility.Internal;
        var arrow = internalNote ? "•" : message.Direction == MessageDirection.Inbound ? "→" : "←";
        var status = message.Status == DeliveryStatus.None ? "" : $" [{Lower(message.Status)}]";
        var edited = message.EditedAt is null ? "" : " (edited)";
        var kind = internalNote ? " (internal note)" : "";
        Console.WriteLine($"  {When(message.SentAt)} {arrow} {Author(message),-8} {Text(message)}{edited}{kind}{status}");
    }
}

if (messageCount != 6)
{
    Console.WriteLine($"Expected 6 messages on the timeline, found {messageCount}.");
    failures++;
}

// What the sink heard, in publishing order: every change with the state and assignee it left the ticket in.
Console.WriteLine();
Console.WriteLine("Lifecycle, as the ticket events tell it:");
Console.WriteLine($"  {"when (UTC)",-15}  {"state",-8} {"agent",-6} {"event",-21} detail");
TicketState? state = null;
AgentId? assignee = null;
foreach (var ticketEvent in eventLog.Events)
{
    var detail = ticketEvent switch
    {
        TicketCreated e => $"on {e.Ticket.Conversation.Channel}, priority {e.Ticket.Priority}",
        TicketAssigned e => $"{Name(e.Previous)} → {Name(e.Assignee)} ({e.Reason})",
        TicketStateChanged e => $"{e.From} → {e.To} ({e.Reason})",
        TicketPriorityChanged e => $"{e.From} → {e.To} ({e.Reason})",
        MessageAppended { Message: var m } => $"{Author(m)}{(m.Conversation.Visibility == ConversationVisibility.Internal ? " (note)" : "")}: \"{Text(m)}\"",

        // The event carries the message as it is now, not what changed: for this channel, customers edit and replies travel.
        MessageUpdated { Message: { DeletedAt: not null } m } => $"{Author(m)}'s message deleted",
        MessageUpdated { Message: { Direction: MessageDirection.Inbound } m } => $"{Author(m)} edited: \"{Text(m)}\"",
        MessageUpdated { Message: var m } => $"{Author(m)}'s message {Lower(m.Status)}{(m.NetworkId is { } id ? $" ({id})" : "")}",
        ReplyFailed e => $"{e.Failure.Code}: {e.Failure.Reason}",
        _ => "",
    };
    (state, assignee) = ticketEvent switch
    {
        TicketCreated e => (e.Ticket.State, e.Ticket.Assignee),
        TicketStateChanged e => (e.To, assignee),
        TicketAssigned e => (state, e.Assignee),
        _ => (state, assignee),
    };
    Console.WriteLine($"  {When(ticketEvent.OccurredAt, seconds: true)}  {state,-8} {Name(assignee),-6} {ticketEvent.GetType().Name,-21} {Shorten(detail, 64)}");
}

// Facebook: the same engine, a real channel adapter, and Meta's wire formats (the Graph API is emulated in process).
var facebook = host.Services.GetRequiredService<IOptions<FacebookOptions>>().Value;
Console.WriteLine();
Console.WriteLine($"Facebook: Page {DemoPage} (Acme Shop), Messenger customer 6241839201847562, Graph API {facebook.GraphApiVersion} emulated");
var psid = "6241839201847562";
await FacebookStepAsync(19, "Meta's set-up handshake (verify token)", 200, FacebookWebhookSigner.CreateHandshake(facebook.VerifyToken, "1158201444"));
clock.MoveTo(ScriptTime("11:00:01", day: 1));
var dm = GraphApiEmulator.TextMessageWebhook(DemoPage, psid, "m_demo_1", "Hi, is the kettle back in stock?", ScriptTime("11:00:00", day: 1));
await FacebookStepAsync(20, "Messenger: \"Hi, is the kettle back in stock?\"", 200, FacebookWebhookSigner.CreateRequest(dm, facebook.AppSecret));
await FacebookStepAsync(21, "The same message, signed with another app's secret", 401, FacebookWebhookSigner.CreateRequest(dm, "not-our-app-secret"));
var dmTicket = (await AllTicketsAsync()).FirstOrDefault(t => t.Conversation.Channel == ChannelId.Facebook);
clock.MoveTo(ScriptTime("11:03:00", day: 1));
var dmReply = dmTicket is null
    ? null
    : await engine.ReplyAsync(new ReplyRequest(dmTicket.Id, dmTicket.Assignee ?? onDuty[0].Id, [new TextPart("Yes! It is back since Monday.")]), ct);
await scheduler.DispatchOutboxAsync(ct);
var dmSent = dmReply?.Message is { } dmQueued && dmTicket is not null ? await SendOutcomeAsync(dmTicket.Id, dmQueued.Id) : null;
var sendCall = graph.Requests.LastOrDefault();
Check(
    22,
    "An agent replies; the outbox calls the Send API",
    dmSent is { Status: DeliveryStatus.Sent, NetworkId: not null } && sendCall is { Method: "POST" } && sendCall.Path.EndsWith("/messages", StringComparison.Ordinal),
    sendCall is null ? "no Graph call" : $"{sendCall.Method} {sendCall.Path} → {dmSent?.NetworkId?.ToString() ?? "?"}");
clock.MoveTo(ScriptTime("11:03:05", day: 1));
var delivered = GraphApiEmulator.DeliveryWebhook(DemoPage, psid, dmSent?.NetworkId is { } mid ? [mid.Value] : [], ScriptTime("11:03:04", day: 1));
await FacebookStepAsync(23, "Meta reports the reply delivered", 200, FacebookWebhookSigner.CreateRequest(delivered, facebook.AppSecret));
var dmAfter = dmTicket is null || dmReply?.Message is null ? null : (await store.GetMessagesAsync(dmTicket.Id, ct)).FirstOrDefault(m => m.Id == dmReply.Message.Id);
Check(24, "The reply is marked delivered", dmAfter?.Status == DeliveryStatus.Delivered, dmAfter is null ? "not found" : Lower(dmAfter.Status));

clock.MoveTo(ScriptTime("11:10:01", day: 1));
var post = $"{DemoPage}_1184739201847563";
var comment = "1184739201847563_2039485761029384";
var commentBody = GraphApiEmulator.CommentWebhook(DemoPage, post, comment, "8172635401928374", "Maria", "My kettle arrived broken!", ScriptTime("11:10:00", day: 1));
await FacebookStepAsync(25, "A public comment: \"My kettle arrived broken!\"", 200, FacebookWebhookSigner.CreateRequest(commentBody, facebook.AppSecret));
var publicTicket = (await AllTicketsAsync()).FirstOrDefault(t => t.Conversation.Visibility == ConversationVisibility.Public);
clock.MoveTo(ScriptTime("11:12:00", day: 1));
var answerer = publicTicket?.Assignee ?? onDuty[0].Id;

// Counted from before the replies: the background dispatcher may send one as soon as it is queued.
var before = graph.Requests.Count;
var inPublic = publicTicket is null ? null : await engine.ReplyAsync(new ReplyRequest(publicTicket.Id, answerer, [new TextPart("So sorry, Maria! We have sent you a message.")]), ct);
var inPrivate = publicTicket is null ? null : await engine.ReplyAsync(new ReplyRequest(publicTicket.Id, answerer, [new TextPart("Could you send us your order number? We will replace it.")]) { Private = true }, ct);
await scheduler.DispatchOutboxAsync(ct);
await Task.WhenAll(
    inPublic?.Message is { } p ? SendOutcomeAsync(publicTicket!.Id, p.Id) : Task.FromResult<Message?>(null),
    inPrivate?.Message is { } q ? SendOutcomeAsync(publicTicket!.Id, q.Id) : Task.FromResult<Message?>(null));
var calls = graph.Requests.Skip(before).Select(r => $"{r.Method} {r.Path}").ToList();
Check(
    26,
    "Public priority; answered in public and privately",
    publicTicket is { Priority: TicketPriority.High } && inPublic is { Succeeded: true } && inPrivate is { Succeeded: true } && calls.Count == 2,
    $"priority {publicTicket?.Priority}; {string.Join(", ", calls)}");
var hidden = publicTicket is null
    ? null
    : await host.Services.GetServices<IChannelAdapter>().OfType<IChannelActions>().First()
        .ModerateAsync(publicTicket.Conversation, new NetworkMessageId(comment), ModerationAction.Hide, ct);
var hideCall = graph.Requests.LastOrDefault();
Check(27, "A moderator hides the comment", hidden is { Succeeded: true }, hideCall is null ? "no call" : $"{hideCall.Method} {hideCall.Path} {hideCall.Body}");

// WhatsApp: the Cloud API's formats, the 24-hour window, templates, statuses out of order, media.
var whatsApp = host.Services.GetRequiredService<IOptions<WhatsAppOptions>>().Value;
const string Waba = "118273645501928";
const string Giulia = "393471234567";
Console.WriteLine();
Console.WriteLine($"WhatsApp: number {DemoNumber} (Acme Shop Italia), customer +{Giulia}, Cloud API {whatsApp.GraphApiVersion} emulated");
await WhatsAppStepAsync(28, "Meta's set-up handshake (verify token)", 200, MetaWebhookSigner.CreateHandshake(whatsApp.VerifyToken, "4471190246", "/webhooks/whatsapp"));
clock.MoveTo(ScriptTime("12:00:01", day: 1));
var waText = GraphApiEmulator.WhatsAppTextWebhook(Waba, DemoNumber, Giulia, "IT.80412395718263", "Giulia Rossi", "wamid.demo.1", "Ciao, il mio ordine 48213 non è ancora arrivato", ScriptTime("12:00:00", day: 1));
await WhatsAppStepAsync(29, "WhatsApp: \"Ciao, il mio ordine 48213 non è…\"", 200, MetaWebhookSigner.CreateRequest(waText, whatsApp.AppSecret, "/webhooks/whatsapp"));
var waTicket = (await AllTicketsAsync()).FirstOrDefault(t => t.Conversation.Channel == ChannelId.WhatsApp);
clock.MoveTo(ScriptTime("12:02:00", day: 1));
var waAgent = waTicket?.Assignee ?? onDuty[0].Id;
var waReply = waTicket is null ? null : await engine.ReplyAsync(new ReplyRequest(waTicket.Id, waAgent, [new TextPart("Ciao Giulia! Controllo subito con il corriere.")]), ct);
await scheduler.DispatchOutboxAsync(ct);
var waSent = waReply?.Message is { } waQueued && waTicket is not null ? await SendOutcomeAsync(waTicket.Id, waQueued.Id) : null;
var waCall = graph.Requests.LastOrDefault();
Check(30, "An agent replies; the outbox calls the Cloud API", waSent is { Status: DeliveryStatus.Sent, NetworkId: not null } && waCall is { Method: "POST" } && waCall.Path.EndsWith($"/{DemoNumber}/messages", StringComparison.Ordinal), waCall is null ? "no call" : $"{waCall.Method} {waCall.Path} → {Shorten(waSent?.NetworkId?.ToString() ?? "?", 24)}");
var wamid = waSent?.NetworkId?.Value ?? "wamid.none";
clock.MoveTo(ScriptTime("12:02:10", day: 1));

// Statuses arrive out of order: "read" before "delivered". A status only moves forward.
var read = GraphApiEmulator.WhatsAppStatusWebhook(Waba, DemoNumber, wamid, "read", Giulia, ScriptTime("12:02:09", day: 1));
var late = GraphApiEmulator.WhatsAppStatusWebhook(Waba, DemoNumber, wamid, "delivered", Giulia, ScriptTime("12:02:05", day: 1));
await WhatsAppStepAsync(31, "Statuses out of order: read, then delivered", 200, MetaWebhookSigner.CreateRequest(read, whatsApp.AppSecret, "/webhooks/whatsapp"));
await pipeline.ProcessAsync(ChannelId.WhatsApp, MetaWebhookSigner.CreateRequest(late, whatsApp.AppSecret, "/webhooks/whatsapp"), ct);
var waRead = waTicket is null || waReply?.Message is null ? null : (await store.GetMessagesAsync(waTicket.Id, ct)).FirstOrDefault(m => m.Id == waReply.Message.Id);
Check(32, "The reply stays read", waRead?.Status == DeliveryStatus.Read, waRead is null ? "not found" : Lower(waRead.Status));

// Nearly a day later the window still looks open, so a free reply goes out; WhatsApp then reports it failed (131047).
clock.MoveTo(ScriptTime("11:59:00", day: 2));
var nudge = waTicket is null ? null : await engine.ReplyAsync(new ReplyRequest(waTicket.Id, waAgent, [new TextPart("Il pacco è in consegna oggi.")]), ct);
await scheduler.DispatchOutboxAsync(ct);
var nudgeSent = nudge?.Message is { } nudgeQueued && waTicket is not null ? await SendOutcomeAsync(waTicket.Id, nudgeQueued.Id) : null;
clock.MoveTo(ScriptTime("12:00:30", day: 2));
var failedStatus = GraphApiEmulator.WhatsAppStatusWebhook(Waba, DemoNumber, nudgeSent?.NetworkId?.Value ?? "wamid.none", "failed", Giulia, ScriptTime("12:00:29", day: 2), errorCode: 131047, errorTitle: "Re-engagement message", errorDetails: "More than 24 hours have passed since the recipient last replied to this business number.");
await WhatsAppStepAsync(33, "A late 'failed' status: 131047 outside the window", 200, MetaWebhookSigner.CreateRequest(failedStatus, whatsApp.AppSecret, "/webhooks/whatsapp"));
var nudgeAfter = waTicket is null || nudge?.Message is null ? null : (await store.GetMessagesAsync(waTicket.Id, ct)).FirstOrDefault(m => m.Id == nudge.Message.Id);
var replyFailed = eventLog.Events.OfType<ReplyFailed>().Any(e => e.Message.Id == nudge?.Message?.Id);
Check(34, "The reply is failed, and 'reply failed' raised", nudgeAfter?.Status == DeliveryStatus.Failed && replyFailed, nudgeAfter?.Failure is { } why ? $"{why.Code}: {Shorten(why.Reason, 40)}" : "no failure recorded");

// Outside the window only a template fits: the reply options say which ones.
var waOptions = waTicket is null ? null : await engine.GetReplyOptionsAsync(waTicket.Id, ct);
var template = waOptions?.Templates.FirstOrDefault();
var templated = waTicket is null || template is null
    ? null
    : await engine.ReplyAsync(new ReplyRequest(waTicket.Id, waAgent, [])
    {
        Template = new MessageTemplate(template.Name, template.Language)
        {
            Components = [new TemplateComponent(TemplateComponentType.Body) { Parameters = [new(TemplateParameterKind.Text, "Giulia"), new(TemplateParameterKind.Text, "48213")] }],
        },
    }, ct);
await scheduler.DispatchOutboxAsync(ct);
var templateCall = graph.Requests.LastOrDefault();
Check(35, "Window closed: a template from the catalogue", waOptions is { Mode: ReplyMode.TemplateRequired } && templated is { Succeeded: true } && templateCall?.Body.Contains("\"template\"", StringComparison.Ordinal) == true, $"{waOptions?.Mode}; {string.Join(", ", waOptions?.Templates.Select(t => $"{t.Name}/{t.Language}") ?? [])}");

// The customer sends a photo of the parcel label; the app downloads it with the number's token.
clock.MoveTo(ScriptTime("12:05:01", day: 2));
graph.AddMedia("1480537942518376", Encoding.UTF8.GetBytes("(a JPEG of the parcel label)"), "image/jpeg");
var photo = GraphApiEmulator.WhatsAppMediaWebhook(Waba, DemoNumber, Giulia, "Giulia Rossi", "wamid.demo.2", "image", "1480537942518376", "image/jpeg", "l'etichetta del pacco", ScriptTime("12:05:00", day: 2));
await WhatsAppStepAsync(36, "A photo of the parcel label", 200, MetaWebhookSigner.CreateRequest(photo, whatsApp.AppSecret, "/webhooks/whatsapp"));
var photoMessage = waTicket is null ? null : (await store.GetMessagesAsync(waTicket.Id, ct)).LastOrDefault(m => m.Parts.Any(p => p is MediaPart));
var sink = new CountingSink();
var download = photoMessage?.Parts.OfType<MediaPart>().FirstOrDefault() is { } media
    ? await host.Services.GetRequiredKeyedService<IMediaDownloader>(ChannelId.WhatsApp.Value).DownloadAsync(new ChannelAccountId(DemoNumber), media, sink, ct)
    : null;
Check(37, "The photo is downloaded with the number's token", download is { Succeeded: true } && sink.Bytes > 0, download is null ? "no photo" : download.Succeeded ? $"{sink.Bytes} bytes, {sink.MimeType}" : download.Error!.Code);

// X: the CRC, a DM answered by DM, a xMention answered in public, and the self-serve rule that refuses some public replies.
var x = host.Services.GetRequiredService<IOptions<XOptions>>().Value;
const string Tom = "1402938475610284033";
Console.WriteLine();
Console.WriteLine("X: account @AcmeShopHelp, customer @tom_b (Tom Baker), X API emulated");
await XStepAsync(38, "X's CRC check (crc_token)", 200, WebhookRequest.Get("/webhooks/x", new Dictionary<string, string> { ["crc_token"] = "crc-2471" }));
clock.MoveTo(ScriptTime("15:00:01", day: 2));
var xDmIn = XWebhooks.DirectMessage(DemoXAccount, "2110298073131778308", Tom, DemoXAccount, "Hi, my order #7713 arrived damaged", ScriptTime("15:00:00", day: 2), "Tom Baker", "tom_b");
await XStepAsync(39, "DM: \"Hi, my order #7713 arrived damaged\"", 200, XSigned(xDmIn));
await XStepAsync(40, "A DM signed with another app's secret", 401, WebhookRequest.Post("/webhooks/x", xDmIn, new Dictionary<string, string> { [XDefaults.SignatureHeader] = XWebhookSigner.Sign(xDmIn, "someone-elses-secret") }));
var xDmTicket = (await AllTicketsAsync()).FirstOrDefault(t => t.Conversation.Channel == ChannelId.X && t.Conversation.Visibility == ConversationVisibility.Private);
var xDmReply = xDmTicket is null ? null : await engine.ReplyAsync(new ReplyRequest(xDmTicket.Id, onDuty[1].Id, [new TextPart("Sorry, Tom! A replacement ships today.")]), ct);
await scheduler.DispatchOutboxAsync(ct);
var xDmSent = xDmReply?.Message is { } xDmQueued && xDmTicket is not null ? await SendOutcomeAsync(xDmTicket.Id, xDmQueued.Id) : null;
var xDmCall = xApi.Requests.LastOrDefault();
Check(41, "An agent replies; the outbox sends a DM", xDmSent is { Status: DeliveryStatus.Sent } && xDmCall?.Path == $"/2/dm_conversations/with/{Tom}/messages", xDmCall is null ? "no call" : $"{xDmCall.Method} {xDmCall.Path}");

clock.MoveTo(ScriptTime("15:10:01", day: 2));
var xMention = XWebhooks.Mention(DemoXAccount, "2110299000000000001", Tom, "tom_b", "@AcmeShopHelp my parcel came crushed, what now?", ScriptTime("15:10:00", day: 2), forScreenName: "AcmeShopHelp", authorName: "Tom Baker");
xApi.MarkSummoned("2110299000000000001"); // Tom mentioned the account: X lets the app xAnswer him in public
await XStepAsync(42, "Mention: \"@AcmeShopHelp my parcel came crushed…\"", 200, XSigned(xMention));
var xPublicTicket = (await AllTicketsAsync()).FirstOrDefault(t => t.Conversation.Channel == ChannelId.X && t.Conversation.Visibility == ConversationVisibility.Public);
var xPublicReply = xPublicTicket is null ? null : await engine.ReplyAsync(new ReplyRequest(xPublicTicket.Id, onDuty[1].Id, [new TextPart("So sorry, Tom! We have sent you a DM to sort it out.")]), ct);
await scheduler.DispatchOutboxAsync(ct);
var xPublicSent = xPublicReply?.Message is { } xPublicQueued && xPublicTicket is not null ? await SendOutcomeAsync(xPublicTicket.Id, xPublicQueued.Id) : null;
var xPostCall = xApi.Posts.LastOrDefault();
Check(43, "A public reply: POST /2/tweets, 280 weighted chars", xPublicSent is { Status: DeliveryStatus.Sent } && xPostCall?.InReplyToPostId == "2110299000000000001", xPostCall is null ? "no post" : $"in reply to {xPostCall.InReplyToPostId}, {XPostLength.Count(xPostCall.Text)}/280");

clock.MoveTo(ScriptTime("15:12:01", day: 2));
var xAnswer = XWebhooks.Mention(DemoXAccount, "2110299000000000002", Tom, "tom_b", "thanks, checking my DMs", ScriptTime("15:12:00", day: 2), inReplyToPostId: xPostCall?.Id ?? "0", authorName: "Tom Baker");
await XStepAsync(44, "Tom answers the brand's reply", 200, XSigned(xAnswer));
var xPublicMessages = xPublicTicket is null ? [] : await store.GetMessagesAsync(xPublicTicket.Id, ct);
Check(45, "It joins the thread of his first post", xPublicMessages.Count == 3, $"{xPublicMessages.Count} messages on the ticket");

// Tom's xAnswer did not xMention the account: X refuses a public reply to it, and the ticket then offers a DM.
var xRefused = xPublicTicket is null ? null : await engine.ReplyAsync(new ReplyRequest(xPublicTicket.Id, onDuty[1].Id, [new TextPart("Great, talk soon!")]), ct);
await scheduler.DispatchOutboxAsync(ct);
var xRefusedSent = xRefused?.Message is { } xRefusedQueued && xPublicTicket is not null ? await SendOutcomeAsync(xPublicTicket.Id, xRefusedQueued.Id) : null;
var xOptions = xPublicTicket is null ? null : await engine.GetReplyOptionsAsync(xPublicTicket.Id, ct);
Check(46, "X refuses a reply Tom did not summon; DM offered", xRefusedSent is { Status: DeliveryStatus.Failed, Failure.Code: "reply_not_summoned" } && xOptions is { CanReplyPublicly: false, CanReplyPrivately: true }, xRefusedSent?.Failure?.Code ?? "sent?");
var xPrivateReply = xPublicTicket is null ? null : await engine.ReplyAsync(new ReplyRequest(xPublicTicket.Id, onDuty[1].Id, [new TextPart("Great, talk soon in DMs!")]) { Private = true }, ct);
await scheduler.DispatchOutboxAsync(ct);
var xPrivateSent = xPrivateReply?.Message is { } xPrivateQueued && xPublicTicket is not null ? await SendOutcomeAsync(xPublicTicket.Id, xPrivateQueued.Id) : null;
Check(47, "The agent answers by DM instead", xPrivateSent is { Status: DeliveryStatus.Sent } && xApi.DirectMessages.Count == 2, $"{xApi.DirectMessages.Count} DMs sent to @tom_b");

await host.StopAsync();
Console.WriteLine();
Console.WriteLine(failures == 0 ? "All steps answered as expected." : $"{failures} check(s) failed.");
return failures == 0 ? 0 : 1;

Task FacebookStepAsync(int number, string title, int expected, WebhookRequest request) => StepAsync(number, title, expected, request, ChannelId.Facebook);

Task WhatsAppStepAsync(int number, string title, int expected, WebhookRequest request) => StepAsync(number, title, expected, request, ChannelId.WhatsApp);

Task XStepAsync(int number, string title, int expected, WebhookRequest request) => StepAsync(number, title, expected, request, ChannelId.X);

WebhookRequest XSigned(byte[] body) => WebhookRequest.Post("/webhooks/x", body, new Dictionary<string, string> { [XDefaults.SignatureHeader] = XWebhookSigner.Sign(body, x.ConsumerSecret) });

async Task StepAsync(int number, string title, int expected, WebhookRequest request, ChannelId? on = null)
{
    var response = await pipeline.ProcessAsync(on ?? channel, request, ct);
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

// A step taken through the ticket engine rather than a webhook: it answers a result, not a status code.
void Check(int number, string title, bool asExpected, string detail)
{
    var verdict = asExpected ? "" : "   ✗ not as expected";
    failures += asExpected ? 0 : 1;
    Console.WriteLine($"{number,2}. {title,-50} {detail}{verdict}");
}

// The reply as the store has it once a dispatcher (this script's or the host's background loop) recorded the outcome.
async Task<Message?> SendOutcomeAsync(TicketId ticket, MessageId id)
{
    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
    timeout.CancelAfter(TimeSpan.FromSeconds(10));
    while (true)
    {
        var message = (await store.GetMessagesAsync(ticket, ct)).FirstOrDefault(m => m.Id == id);
        if (message is null || message.Status != DeliveryStatus.Pending || timeout.IsCancellationRequested)
        {
            return message;
        }

        await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
    }
}

// Every ticket, oldest first (ids grow with time): one page of the store's ticket query is enough for the demo.
async Task<IReadOnlyList<Ticket>> AllTicketsAsync() => await store.QueryTicketsAsync(new TicketQuery { Limit = 1000 }, ct);

string LastStateChange()
    => eventLog.Events.OfType<TicketStateChanged>().LastOrDefault(e => e.TicketId == ticketId) is { } e ? $"{e.From} → {e.To} ({e.Reason})" : "no state change";

string Name(AgentId? id) => id is { Value.Length: > 0 } agent ? onDuty.FirstOrDefault(a => a.Id == agent)?.DisplayName ?? agent.Value : "-";

string Author(Message message) => message.Agent is { } agent ? Name(agent) : message.Author.ToString();

static string Lower(DeliveryStatus status) => status.ToString().ToLowerInvariant();

static string Text(Message message) => string.Join(" ", message.Parts.Select(p => p is TextPart t ? t.Text : $"[{p.GetType().Name}]"));

static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

static string When(DateTimeOffset at, bool seconds = false)
    => at.ToUniversalTime().ToString(seconds ? "MMM dd HH:mm:ss" : "MMM dd HH:mm", CultureInfo.InvariantCulture);

// The script's day is 22 November 2026 (UTC); day 1 is the morning after.
static DateTimeOffset ScriptTime(string time, int day = 0)
    => DateTimeOffset.Parse($"2026-11-22T{time}Z", CultureInfo.InvariantCulture).AddDays(day);

WebhookRequest Signed(byte[] body) => WebchatSigner.CreateRequest(webchat.Secret, body);

// Writes a one-event callback the way the widget does, with the channel's own wire types.
byte[] Callback(string id, string type, string time, string? messageId = null, string? text = null, string? replyTo = null, int day = 0)
{
    var wire = new WebchatEvent(id, type, new WebchatVisitor("v-42", "Giulia"), messageId, text, replyTo, ScriptTime(time, day));
    var item = JsonSerializer.SerializeToElement(wire, WebchatJsonContext.Default.WebchatEvent);
    return JsonSerializer.SerializeToUtf8Bytes(new WebchatCallback(webchat.SiteId, [item]), WebchatJsonContext.Default.WebchatCallback);
}

/// <summary>Where the demo puts downloaded media: it counts the bytes (a real host writes them to its blob store).</summary>
internal sealed class CountingSink : IMediaSink
{
    public long Bytes { get; private set; }

    public string? MimeType { get; private set; }

    public async Task WriteAsync(MediaDescriptor media, Stream content, CancellationToken cancellationToken)
    {
        MimeType = media.MimeType;
        var buffer = new byte[8192];
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            Bytes += read;
        }
    }
}
