using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SocialCare.Abstractions;
using SocialCare.Core;

namespace SocialCare.Samples.Inbox.Api;

/// <summary>
/// The inbox's HTTP API under <c>/api</c>: tickets, replies, notes, state, priority, assignee, agents, metrics; and the
/// care features: canned answers and suggestions, listening, customers' identities and their privacy rights.
/// </summary>
/// <remarks>Every answer is JSON (camelCase, enums as strings). Bad input gets a 400 with an <see cref="ApiError"/>, never a 500.</remarks>
public static partial class InboxApi
{
    private const int ListLimit = 200;
    private const int MaxPageLimit = 1000;

    /// <summary>Maps the API's endpoints.</summary>
    /// <param name="endpoints">The app's endpoints.</param>
    /// <returns>The group of endpoints, for further conventions.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is <see langword="null"/>.</exception>
    public static RouteGroupBuilder MapInboxApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api");

        // A blank ticket id (/api/tickets/%20) names no ticket: 404 before any endpoint makes an id of it.
        api.AddEndpointFilter(static async (context, next) =>
            context.HttpContext.Request.RouteValues.TryGetValue("id", out var id) && string.IsNullOrWhiteSpace(id as string)
                ? NotFound(id as string ?? string.Empty)
                : await next(context).ConfigureAwait(false));
        api.MapGet("/tickets", ListTicketsAsync);
        api.MapGet("/tickets/{id}", GetTicketAsync);
        api.MapPost("/tickets/{id}/replies", ReplyAsync);
        api.MapPost("/tickets/{id}/notes", AddNoteAsync);
        api.MapPost("/tickets/{id}/state", ChangeStateAsync);
        api.MapPost("/tickets/{id}/priority", SetPriorityAsync);
        api.MapPost("/tickets/{id}/assignee", AssignAsync);
        api.MapGet("/agents", ListAgentsAsync);
        api.MapGet("/info", static (InboxSettings settings, IWebhookPipeline pipeline, InboxAccounts accounts) => Json(
            new InboxInfo(settings.Demo, [.. pipeline.Channels.Select(c => c.Value).Order(StringComparer.Ordinal)], accounts.All()),
            InboxJsonContext.Default.InboxInfo));
        api.MapGet("/metrics", GetMetricsAsync);
        MapCare(api);
        MapEventWebhooks(api);
        return api;
    }

    private static async Task<IResult> ListTicketsAsync(HttpRequest request, TicketViews views, CancellationToken cancellationToken)
    {
        var query = request.Query;
        if (!TryParseList<TicketState>(query["state"], "state", out var states, out var error)
            || !TryParseList<TicketPriority>(query["priority"], "priority", out var priorities, out error))
        {
            return BadRequest(error);
        }

        var channel = query["channel"].ToString() is { Length: > 0 } name ? new ChannelId(name.Trim().ToLowerInvariant()) : (ChannelId?)null;
        if (!query.ContainsKey("limit") && !query.ContainsKey("after"))
        {
            var tickets = await views.ListAsync(states, channel, priorities, ListLimit, cancellationToken).ConfigureAwait(false);
            return Json(tickets, InboxJsonContext.Default.IReadOnlyListTicketSummaryView);
        }

        // Paging: still a plain array (the list's contract), in ticket id order, so that the last id is the next cursor.
        var limit = ListLimit;
        if (query["limit"].ToString() is { Length: > 0 } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxPageLimit))
        {
            return BadRequest(string.Create(CultureInfo.InvariantCulture, $"'limit' must be a whole number from 1 to {MaxPageLimit}, not \"{text}\"."));
        }

        var after = query["after"].ToString() is { Length: > 0 } cursor ? new TicketId(cursor.Trim()) : (TicketId?)null;
        var page = await views.ListPageAsync(states, channel, priorities, after, limit, cancellationToken).ConfigureAwait(false);
        return Json(page, InboxJsonContext.Default.IReadOnlyListTicketSummaryView);
    }

    private static async Task<IResult> GetTicketAsync(string id, TicketViews views, CancellationToken cancellationToken)
    {
        var ticket = await views.GetAsync(new TicketId(id), cancellationToken).ConfigureAwait(false);
        return ticket is null ? NotFound(id) : Json(ticket, InboxJsonContext.Default.TicketDetailView);
    }

    private static async Task<IResult> ReplyAsync(string id, HttpRequest request, ITicketStore store, ITicketEngine engine, IAgentDirectory agents, CancellationToken cancellationToken)
    {
        var (body, bodyError) = await ReadAsync(request, InboxJsonContext.Default.ReplyBody, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return BadRequest(bodyError!);
        }

        if (string.IsNullOrWhiteSpace(body.Text))
        {
            return BadRequest("'text' is required: the reply to send.");
        }

        var ticket = await store.GetAsync(new TicketId(id), cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            return NotFound(id);
        }

        var conversation = ticket.Conversation.Visibility;
        var visibility = conversation;
        if (body.Visibility is { } asked)
        {
            if (string.Equals(asked, "public", StringComparison.OrdinalIgnoreCase))
            {
                visibility = ConversationVisibility.Public;
            }
            else if (string.Equals(asked, "private", StringComparison.OrdinalIgnoreCase))
            {
                visibility = ConversationVisibility.Private;
            }
            else
            {
                return BadRequest($"'visibility' must be \"public\" or \"private\", not \"{asked}\".");
            }
        }

        var (agent, agentError) = await ActingAgentAsync(body.AgentId, ticket, agents, cancellationToken).ConfigureAwait(false);
        if (agent is null)
        {
            return BadRequest(agentError!);
        }

        if (visibility == ConversationVisibility.Public && conversation != ConversationVisibility.Public)
        {
            // A chat has no public thread to post in: the agent asked for something the conversation cannot do.
            var options = await engine.GetReplyOptionsAsync(ticket.Id, cancellationToken).ConfigureAwait(false);
            return Conflict(
                new ApiError(
                    "This is a private conversation: there is no public thread to answer in. Send the reply privately.",
                    nameof(ReplyRejection.PublicReplyUnavailable),
                    options is null ? null : TicketViews.View(options)));
        }

        // On a public thread "private" answers the comment's author privately; in a chat every reply is private anyway.
        var replyRequest = new ReplyRequest(ticket.Id, agent.Value, [new TextPart(body.Text.Trim())])
        {
            Private = visibility == ConversationVisibility.Private && conversation == ConversationVisibility.Public,
        };
        var result = await engine.ReplyAsync(replyRequest, cancellationToken).ConfigureAwait(false);
        if (result.Succeeded)
        {
            return Results.Json(new MessageAccepted(result.Message!.Id.Value), InboxJsonContext.Default.MessageAccepted, statusCode: StatusCodes.Status202Accepted);
        }

        var error = new ApiError(result.Error ?? "The reply was refused.", result.Rejection!.Value.ToString(), result.Options is null ? null : TicketViews.View(result.Options));
        return result.Rejection switch
        {
            ReplyRejection.TicketNotFound => Results.Json(error, InboxJsonContext.Default.ApiError, statusCode: StatusCodes.Status404NotFound),
            ReplyRejection.Empty or ReplyRejection.TextTooLong or ReplyRejection.UnsupportedContent or ReplyRejection.UnknownAgent
                or ReplyRejection.TemplateNotFound or ReplyRejection.TemplateInvalid or ReplyRejection.UnknownChannel
                => Results.Json(error, InboxJsonContext.Default.ApiError, statusCode: StatusCodes.Status400BadRequest),

            // The policy says no for now: the window closed, a template is needed, the ticket is closed.
            _ => Conflict(error),
        };
    }

    private static async Task<IResult> AddNoteAsync(string id, HttpRequest request, ITicketStore store, ITicketEngine engine, IAgentDirectory agents, CancellationToken cancellationToken)
    {
        var (body, bodyError) = await ReadAsync(request, InboxJsonContext.Default.NoteBody, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return BadRequest(bodyError!);
        }

        if (string.IsNullOrWhiteSpace(body.Text))
        {
            return BadRequest("'text' is required: the note to keep on the ticket.");
        }

        var ticket = await store.GetAsync(new TicketId(id), cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            return NotFound(id);
        }

        var (agent, agentError) = await ActingAgentAsync(body.AgentId, ticket, agents, cancellationToken).ConfigureAwait(false);
        if (agent is null)
        {
            return BadRequest(agentError!);
        }

        var result = await engine.AddNoteAsync(ticket.Id, agent.Value, body.Text.Trim(), cancellationToken).ConfigureAwait(false);
        return result switch
        {
            { Succeeded: true } => Results.Json(new MessageAccepted(result.Message!.Id.Value), InboxJsonContext.Default.MessageAccepted, statusCode: StatusCodes.Status201Created),
            { Rejection: ReplyRejection.TicketNotFound } => NotFound(id),
            { Rejection: ReplyRejection.UnknownAgent } => BadRequest(result.Error!),
            _ => Conflict(new ApiError(result.Error ?? "The note was refused.", result.Rejection!.Value.ToString())),
        };
    }

    private static async Task<IResult> ChangeStateAsync(string id, HttpRequest request, ITicketStore store, ITicketEngine engine, IAgentDirectory agents, TicketViews views, CancellationToken cancellationToken)
    {
        var (body, bodyError) = await ReadAsync(request, InboxJsonContext.Default.StateBody, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return BadRequest(bodyError!);
        }

        if (!TryParse<TicketState>(body.State, out var state) || state == TicketState.Merged)
        {
            return BadRequest($"'state' must be one of New, Open, Pending, OnHold, Resolved, Closed, not \"{body.State}\".");
        }

        var ticket = await store.GetAsync(new TicketId(id), cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            return NotFound(id);
        }

        var (agent, agentError) = await ActingAgentAsync(body.AgentId, ticket, agents, cancellationToken).ConfigureAwait(false);
        if (agent is null)
        {
            return BadRequest(agentError!);
        }

        var result = await engine.ChangeStateAsync(ticket.Id, state, TicketActor.ForAgent(agent.Value), string.IsNullOrWhiteSpace(body.Reason) ? null : body.Reason.Trim(), cancellationToken).ConfigureAwait(false);
        return await CommandResultAsync(result, id, views, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> SetPriorityAsync(string id, HttpRequest request, ITicketStore store, ITicketEngine engine, IAgentDirectory agents, TicketViews views, CancellationToken cancellationToken)
    {
        var (body, bodyError) = await ReadAsync(request, InboxJsonContext.Default.PriorityBody, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return BadRequest(bodyError!);
        }

        if (!TryParse<TicketPriority>(body.Priority, out var priority))
        {
            return BadRequest($"'priority' must be one of Low, Normal, High, Urgent, not \"{body.Priority}\".");
        }

        var ticket = await store.GetAsync(new TicketId(id), cancellationToken).ConfigureAwait(false);
        if (ticket is null)
        {
            return NotFound(id);
        }

        var (agent, agentError) = await ActingAgentAsync(body.AgentId, ticket, agents, cancellationToken).ConfigureAwait(false);
        if (agent is null)
        {
            return BadRequest(agentError!);
        }

        var result = await engine.SetPriorityAsync(ticket.Id, priority, TicketActor.ForAgent(agent.Value), cancellationToken).ConfigureAwait(false);
        return await CommandResultAsync(result, id, views, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> AssignAsync(string id, HttpRequest request, ITicketEngine engine, IAgentDirectory agents, TicketViews views, CancellationToken cancellationToken)
    {
        var (body, bodyError) = await ReadAsync(request, InboxJsonContext.Default.AssigneeBody, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return BadRequest(bodyError!);
        }

        AgentId? agent = null;
        if (!string.IsNullOrWhiteSpace(body.AgentId))
        {
            agent = new AgentId(body.AgentId.Trim());
            if (await agents.GetAsync(agent.Value, cancellationToken).ConfigureAwait(false) is null)
            {
                return BadRequest($"There is no agent '{body.AgentId}'; GET /api/agents lists them.");
            }
        }

        var actor = agent is { } who ? TicketActor.ForAgent(who) : TicketActor.System;
        var result = await engine.AssignAsync(new TicketId(id), agent, actor, cancellationToken).ConfigureAwait(false);
        return await CommandResultAsync(result, id, views, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> ListAgentsAsync(IAgentDirectory agents, CancellationToken cancellationToken)
    {
        var all = await agents.GetAgentsAsync(cancellationToken).ConfigureAwait(false);
        IReadOnlyList<AgentView> views = [.. all.OrderBy(a => a.DisplayName, StringComparer.Ordinal).Select(a => new AgentView(a.Id.Value, a.DisplayName, a.Presence, a.Languages))];
        return Json(views, InboxJsonContext.Default.IReadOnlyListAgentView);
    }

    private static async Task<IResult> GetMetricsAsync(HttpRequest request, TicketReports reports, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!TryParseTime(request.Query["to"], now, "to", out var to, out var error)
            || !TryParseTime(request.Query["from"], to - TimeSpan.FromDays(7), "from", out var from, out error))
        {
            return BadRequest(error);
        }

        if (to < from)
        {
            return BadRequest("'to' is before 'from'.");
        }

        var report = await reports.GetReportAsync(from, to, cancellationToken: cancellationToken).ConfigureAwait(false);
        return Json(MetricsView.Of(report), InboxJsonContext.Default.MetricsView);
    }

    private static async Task<IResult> CommandResultAsync(TicketCommandResult result, string id, TicketViews views, CancellationToken cancellationToken)
    {
        if (result.Succeeded)
        {
            var ticket = await views.GetAsync(result.Ticket!.Id, cancellationToken).ConfigureAwait(false);
            return ticket is null ? NotFound(id) : Json(ticket, InboxJsonContext.Default.TicketDetailView);
        }

        var error = new ApiError(result.Message ?? "The change was refused.", (result.Transition?.ToString() ?? result.Error!.Value.ToString()));
        return result.Error switch
        {
            TicketCommandError.NotFound => NotFound(id),
            TicketCommandError.UnknownAgent => Results.Json(error, InboxJsonContext.Default.ApiError, statusCode: StatusCodes.Status400BadRequest),
            _ => Conflict(error),
        };
    }

    /// <summary>The agent acting: the one named, else the ticket's assignee, else the first available agent.</summary>
    private static async Task<(AgentId? Agent, string? Error)> ActingAgentAsync(string? named, Ticket ticket, IAgentDirectory agents, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(named))
        {
            var id = new AgentId(named.Trim());
            return await agents.GetAsync(id, cancellationToken).ConfigureAwait(false) is null
                ? (null, $"There is no agent '{named}'; GET /api/agents lists them.")
                : (id, null);
        }

        if (ticket.Assignee is { } assignee)
        {
            return (assignee, null);
        }

        var all = await agents.GetAgentsAsync(cancellationToken).ConfigureAwait(false);
        var first = all.OrderByDescending(a => a.Presence == AgentPresence.Available).ThenBy(a => a.Id.Value, StringComparer.Ordinal).FirstOrDefault();
        return first is null ? (null, "No agent is configured to act on the ticket.") : (first.Id, null);
    }

    private static async Task<(T? Body, string? Error)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength is 0)
        {
            return (null, "The request needs a JSON body.");
        }

        try
        {
            var body = await JsonSerializer.DeserializeAsync(request.Body, type, cancellationToken).ConfigureAwait(false);
            return body is null ? (null, "The request needs a JSON object, not null.") : (body, null);
        }
        catch (JsonException ex)
        {
            return (null, $"The body is not the JSON expected: {ex.Message}");
        }
    }

    private static bool TryParse<T>(string? value, out T result)
        where T : struct, Enum
    {
        result = default;
        return !string.IsNullOrWhiteSpace(value)
            && !value.Trim().All(char.IsAsciiDigit)
            && Enum.TryParse(value.Trim(), ignoreCase: true, out result)
            && Enum.IsDefined(result);
    }

    private static bool TryParseList<T>(Microsoft.Extensions.Primitives.StringValues values, string name, out IReadOnlyCollection<T>? result, out string error)
        where T : struct, Enum
    {
        result = null;
        error = string.Empty;
        var items = values.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (items.Count == 0)
        {
            return true;
        }

        var parsed = new HashSet<T>();
        foreach (var item in items)
        {
            if (!TryParse<T>(item, out var value))
            {
                error = $"'{name}' must be one or more of {string.Join(", ", Enum.GetNames<T>())}, not \"{item}\".";
                return false;
            }

            parsed.Add(value);
        }

        result = parsed;
        return true;
    }

    private static bool TryParseTime(Microsoft.Extensions.Primitives.StringValues value, DateTimeOffset fallback, string name, out DateTimeOffset result, out string error)
    {
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(value))
        {
            result = fallback;
            return true;
        }

        if (DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out result))
        {
            return true;
        }

        error = $"'{name}' must be a date and time such as 2025-06-01T00:00:00Z, not \"{value}\".";
        return false;
    }

    private static IResult Json<T>(T value, JsonTypeInfo<T> type) => Results.Json(value, type);

    private static IResult BadRequest(string error)
        => Results.Json(new ApiError(error, "BadRequest"), InboxJsonContext.Default.ApiError, statusCode: StatusCodes.Status400BadRequest);

    private static IResult NotFound(string id)
        => Results.Json(new ApiError($"There is no ticket '{id}'.", "NotFound"), InboxJsonContext.Default.ApiError, statusCode: StatusCodes.Status404NotFound);

    private static IResult Conflict(ApiError error) => Results.Json(error, InboxJsonContext.Default.ApiError, statusCode: StatusCodes.Status409Conflict);
}
