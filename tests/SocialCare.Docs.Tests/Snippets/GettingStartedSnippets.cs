using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialCare.Abstractions;
using SocialCare.Core;

namespace SocialCare.Docs.Tests.Snippets;

/// <summary>The code of docs/getting-started.md; <c>GettingStartedTests</c> runs it.</summary>
internal static class GettingStartedSnippets
{
    /// <summary>An existing ASP.NET Core app's Program.cs, with SocialCare added; returns the app before <c>RunAsync</c>.</summary>
    public static WebApplication BuildApp(string[] args)
    {
        #region snippet:start-program
        var builder = WebApplication.CreateBuilder(args);

        builder.Services.AddSocialCare()
            .UseSqlite(builder.Configuration.GetConnectionString("SocialCare") ?? "Data Source=socialcare.db")
            .AddFacebook(o => builder.Configuration.GetSection("SocialCare:Facebook").Bind(o))
            .AddWhatsApp(o => builder.Configuration.GetSection("SocialCare:WhatsApp").Bind(o))
            .AddX(o => builder.Configuration.GetSection("SocialCare:X").Bind(o));
        builder.Services.AddHealthChecks().AddSocialCareChannels();

        var app = builder.Build();
        app.MapSocialCareWebhooks("/webhooks");      // GET and POST /webhooks/facebook, /webhooks/whatsapp, /webhooks/x
        app.MapHealthChecks("/health");
        #endregion
        return app;
    }

    /// <summary>The same app, with the CRM's sink and agent directory and the reply endpoint.</summary>
    public static WebApplication BuildCrmApp(string[] args, Action<IServiceCollection> services)
    {
        var builder = WebApplication.CreateBuilder(args);
        services(builder.Services);
        builder.Services.AddSocialCare()
            .UseSqlite(builder.Configuration.GetConnectionString("SocialCare") ?? "Data Source=socialcare.db")
            .AddFacebook(o => builder.Configuration.GetSection("SocialCare:Facebook").Bind(o));

        #region snippet:start-crm-services
        builder.Services.AddSingleton<ICrmClient, MyCrmClient>();
        builder.Services.AddSocialCare()
            .AddTicketEventSink<CrmTicketSink>()        // your CRM hears about every ticket change
            .AddAgentDirectory<CrmAgentDirectory>();    // your agents, from your CRM's users
        #endregion

        var app = builder.Build();
        app.MapSocialCareWebhooks("/webhooks");
        MapReply(app);
        return app;
    }

    private static void MapReply(WebApplication app)
    {
        #region snippet:start-reply-endpoint
        app.MapPost("/crm/tickets/{id}/replies", async (string id, AgentReply body, ITicketEngine engine, CancellationToken cancellationToken) =>
        {
            var ticket = new TicketId(id);
            var result = await engine.ReplyAsync(
                new ReplyRequest(ticket, new AgentId(body.AgentId), [new TextPart(body.Text)]) { ThenState = TicketState.Pending },
                cancellationToken);
            if (result.Succeeded)
            {
                return Results.Accepted(value: new { messageId = result.Message!.Id.Value });
            }

            // Refused before anything was sent: the window closed, the text is too long, a template is needed…
            return Results.Conflict(new { error = result.Error, code = result.Rejection?.ToString(), mode = result.Options?.Mode.ToString() });
        });
        #endregion
    }
}

#region snippet:start-crm-sink
/// <summary>Forwards ticket events to the CRM; SocialCare calls it after each change is stored, in order per ticket.</summary>
public sealed class CrmTicketSink(ICrmClient crm) : ITicketEventSink
{
    public Task PublishAsync(TicketEvent ticketEvent, CancellationToken cancellationToken) => ticketEvent switch
    {
        TicketCreated created => crm.OpenCaseAsync(created.TicketId.Value, created.Ticket.Conversation.Channel.Value, cancellationToken),
        MessageAppended appended => crm.AddMessageAsync(appended.TicketId.Value, appended.Message, cancellationToken),
        TicketStateChanged changed => crm.SetCaseStatusAsync(changed.TicketId.Value, changed.To.ToString(), cancellationToken),
        _ => Task.CompletedTask,
    };
}

/// <summary>The agents are the CRM's users who work social cases.</summary>
public sealed class CrmAgentDirectory(ICrmClient crm) : IAgentDirectory
{
    public async ValueTask<Agent?> GetAsync(AgentId id, CancellationToken cancellationToken)
        => (await GetAgentsAsync(cancellationToken)).FirstOrDefault(a => a.Id == id);

    public async ValueTask<IReadOnlyList<Agent>> GetAgentsAsync(CancellationToken cancellationToken)
    {
        var users = await crm.GetCareAgentsAsync(cancellationToken);
        return [.. users.Select(u => new Agent(new AgentId(u.Login), u.Name)
        {
            Presence = u.OnShift ? AgentPresence.Available : AgentPresence.Offline,
        })];
    }
}
#endregion

/// <summary>The body of the reply endpoint.</summary>
public sealed record AgentReply(string AgentId, string Text);

/// <summary>Stands for the client of the host's own CRM in the getting-started page.</summary>
public interface ICrmClient
{
    /// <summary>Opens a case for a new ticket.</summary>
    Task OpenCaseAsync(string ticketId, string channel, CancellationToken cancellationToken);

    /// <summary>Adds a message to a case's timeline.</summary>
    Task AddMessageAsync(string ticketId, Message message, CancellationToken cancellationToken);

    /// <summary>Changes a case's status.</summary>
    Task SetCaseStatusAsync(string ticketId, string status, CancellationToken cancellationToken);

    /// <summary>Lists the CRM users who work social cases.</summary>
    Task<IReadOnlyList<CrmUser>> GetCareAgentsAsync(CancellationToken cancellationToken);
}

/// <summary>A CRM user.</summary>
public sealed record CrmUser(string Login, string Name, bool OnShift);

/// <summary>A CRM client that keeps what it is told, for the tests.</summary>
public sealed class MyCrmClient : ICrmClient
{
    private readonly Lock _gate = new();
    private readonly List<string> _calls = [];

    /// <summary>Gets the calls received, as <c>method ticket value</c>.</summary>
    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public Task OpenCaseAsync(string ticketId, string channel, CancellationToken cancellationToken) => Record($"open {ticketId} {channel}");

    public Task AddMessageAsync(string ticketId, Message message, CancellationToken cancellationToken) => Record($"message {ticketId} {message.Direction}");

    public Task SetCaseStatusAsync(string ticketId, string status, CancellationToken cancellationToken) => Record($"status {ticketId} {status}");

    public Task<IReadOnlyList<CrmUser>> GetCareAgentsAsync(CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<CrmUser>>([new CrmUser("giulia", "Giulia Rossi", OnShift: true), new CrmUser("marco", "Marco Bianchi", OnShift: false)]);

    private Task Record(string call)
    {
        lock (_gate)
        {
            _calls.Add(call);
        }

        return Task.CompletedTask;
    }
}
