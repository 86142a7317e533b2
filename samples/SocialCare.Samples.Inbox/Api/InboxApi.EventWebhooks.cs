using System.Globalization;
using SocialCare.Abstractions;
using SocialCare.Core;

namespace SocialCare.Samples.Inbox.Api;

/// <summary>A dead letter of the event webhooks, as the inbox's API shows it (without its payload, which holds customers' words).</summary>
/// <param name="Id">The delivery's id (its <c>webhook-id</c>).</param>
/// <param name="Sequence">Its place in the queue; pass the last one as <c>after</c> for the next page.</param>
/// <param name="Endpoint">The endpoint it was for.</param>
/// <param name="TicketId">The ticket the event is about.</param>
/// <param name="Type">The event's type.</param>
/// <param name="CreatedAt">When the event was queued.</param>
/// <param name="Attempts">How many attempts failed.</param>
/// <param name="DeadAt">When it was given up.</param>
/// <param name="LastError">Why the last attempt failed.</param>
public sealed record DeadLetterView(
    string Id, long Sequence, string Endpoint, string TicketId, string Type, DateTimeOffset CreatedAt, int Attempts, DateTimeOffset? DeadAt, string? LastError);

/// <summary>How many dead letters a replay queued again.</summary>
/// <param name="Replayed">The count.</param>
public sealed record ReplayedView(int Replayed);

/// <summary>The event webhooks' dead letters: listed and replayed.</summary>
public static partial class InboxApi
{
    private static void MapEventWebhooks(RouteGroupBuilder api)
    {
        api.MapGet("/event-webhooks/dead-letters", ListDeadLettersAsync);
        api.MapPost("/event-webhooks/dead-letters/replay", ReplayAllDeadLettersAsync);
        api.MapPost("/event-webhooks/dead-letters/{deliveryId}/replay", ReplayDeadLetterAsync);
    }

    private static async Task<IResult> ListDeadLettersAsync(HttpRequest request, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<IEventWebhookDeadLetters>() is not { } deadLetters)
        {
            return EventWebhooksOff();
        }

        var query = request.Query;
        long? after = null;
        if (query["after"].ToString() is { Length: > 0 } text)
        {
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return BadRequest($"'after' must be a sequence number, not \"{text}\".");
            }

            after = parsed;
        }

        var limit = 100;
        if (query["limit"].ToString() is { Length: > 0 } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 500))
        {
            return BadRequest("'limit' must be a number from 1 to 500.");
        }

        var endpoint = query["endpoint"].ToString() is { Length: > 0 } name ? name : null;
        var letters = await deadLetters.ListAsync(endpoint, after, limit, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<DeadLetterView> views =
        [
            .. letters.Select(static d => new DeadLetterView(d.Id, d.Sequence, d.Endpoint, d.TicketId.Value, d.EventType, d.CreatedAt, d.Attempts, d.DeadAt, d.LastError)),
        ];
        return Json(views, InboxJsonContext.Default.IReadOnlyListDeadLetterView);
    }

    private static async Task<IResult> ReplayDeadLetterAsync(string deliveryId, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<IEventWebhookDeadLetters>() is not { } deadLetters)
        {
            return EventWebhooksOff();
        }

        return await deadLetters.ReplayAsync(deliveryId, cancellationToken).ConfigureAwait(false)
            ? Json(new ReplayedView(1), InboxJsonContext.Default.ReplayedView)
            : Results.Json(new ApiError($"There is no dead letter '{deliveryId}'.", "NotFound"), InboxJsonContext.Default.ApiError, statusCode: StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ReplayAllDeadLettersAsync(HttpRequest request, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<IEventWebhookDeadLetters>() is not { } deadLetters)
        {
            return EventWebhooksOff();
        }

        var endpoint = request.Query["endpoint"].ToString() is { Length: > 0 } name ? name : null;
        var replayed = await deadLetters.ReplayAllAsync(endpoint, cancellationToken).ConfigureAwait(false);
        return Json(new ReplayedView(replayed), InboxJsonContext.Default.ReplayedView);
    }

    private static IResult EventWebhooksOff()
        => Results.Json(
            new ApiError($"Event webhooks are off: configure {EventWebhookOptions.ConfigurationSection}:Endpoints to turn them on.", "NotFound"),
            InboxJsonContext.Default.ApiError,
            statusCode: StatusCodes.Status404NotFound);
}
