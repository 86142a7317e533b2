using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SocialCare.Abstractions;

namespace SocialCare.Core.Tests.EventWebhooks;

/// <summary>The code of docs/event-webhooks.md: compiled here, and the receiver run by <see cref="EventWebhookSnippetTests"/>.</summary>
internal static class EventWebhookSnippets
{
    public static void Register(IServiceCollection services, IConfiguration configuration)
    {
        #region snippet:events-register
        services.AddSocialCare()
            .AddEventWebhooks(o => configuration.GetSection(EventWebhookOptions.ConfigurationSection).Bind(o));
        #endregion
    }

    public static void RegisterInCode(IServiceCollection services, string secret)
    {
        #region snippet:events-register-code
        services.AddSocialCare().AddEventWebhooks(o =>
        {
            var crm = new EventWebhookEndpoint { Name = "crm", Url = new Uri("https://crm.example.com/socialcare/events") };
            crm.Secrets.Add(secret);                 // whsec_…; EventWebhookSigner.NewSecret() makes one
            crm.Events.Add("ticket.created");        // leave Events empty for every type
            crm.Events.Add("ticket.state_changed");
            o.Endpoints.Add(crm);
            o.RetryFor = TimeSpan.FromHours(12);     // then the delivery becomes a dead letter
        });
        #endregion
    }

    public static void MapReceiver(WebApplication app, string secret, Action<TicketEvent> handle)
    {
        #region snippet:events-receiver
        var verifier = new EventWebhookVerifier([secret]);   // during a rotation: [current, next]
        app.MapPost("/socialcare/events", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();

            // Signature and timestamp first, before the body is read as JSON.
            var verdict = verifier.Verify(
                request.Headers[EventWebhookHeaders.Id],
                request.Headers[EventWebhookHeaders.Timestamp],
                request.Headers[EventWebhookHeaders.Signature],
                body);
            if (verdict != EventWebhookVerification.Valid)
            {
                return Results.Unauthorized();
            }

            var payload = SocialCareJson.Deserialize<EventWebhookPayload>(body)!;
            handle(payload.Data);   // drop repeats by webhook-id if the handler is not idempotent
            return Results.NoContent();
        });
        #endregion
    }

    public static async Task ReplayAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        #region snippet:events-dead-letters
        var deadLetters = services.GetRequiredService<IEventWebhookDeadLetters>();
        foreach (var letter in await deadLetters.ListAsync(endpoint: "crm", after: null, limit: 50, cancellationToken))
        {
            Console.WriteLine($"{letter.Id} {letter.EventType} for {letter.TicketId}: {letter.LastError}");
        }

        await deadLetters.ReplayAllAsync(endpoint: "crm", cancellationToken);   // or ReplayAsync(id) for one
        #endregion
    }
}
