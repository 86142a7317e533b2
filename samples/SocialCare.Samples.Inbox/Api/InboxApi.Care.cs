using SocialCare.Abstractions;
using SocialCare.Core;

namespace SocialCare.Samples.Inbox.Api;

/// <summary>The care features' endpoints: canned answers, listening, customers.</summary>
public static partial class InboxApi
{
    private static void MapCare(RouteGroupBuilder api)
    {
        api.MapGet("/answers", ListAnswers);
        api.MapGet("/tickets/{id}/suggestions", SuggestAsync);
        api.MapPost("/tickets/{id}/answers", UseAnswerAsync);
        api.MapGet("/listening", ListRecordedPosts);
        api.MapPost("/listening/{postId}/engage", EngageAsync);
        api.MapGet("/customers/{customerId}", GetCustomerAsync);
        api.MapPost("/customers/{customerId}/links", LinkAsync);
        api.MapPost("/customers/{customerId}/unlink", UnlinkAsync);
        api.MapPost("/customers/{customerId}/merge", MergeAsync);
        api.MapPost("/customers/{customerId}/unmerge", UnmergeAsync);
        api.MapGet("/customers/{customerId}/export", ExportAsync);
        api.MapPost("/customers/{customerId}/erase", EraseAsync);
    }

    private static IResult ListAnswers(ICannedAnswers answers)
    {
        IReadOnlyList<AnswerView> views = [.. answers.Answers.Select(a => new AnswerView(
            a.Name,
            a.Title ?? a.Name,
            [.. a.Texts.Keys.Order(StringComparer.Ordinal)],
            [.. a.Keywords],
            a.Template is not null,
            a.Automatic))];
        return Json(views, InboxJsonContext.Default.IReadOnlyListAnswerView);
    }

    private static async Task<IResult> SuggestAsync(string id, ITicketStore store, ICannedAnswers answers, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(new TicketId(id), cancellationToken).ConfigureAwait(false) is null)
        {
            return NotFound(id);
        }

        var suggestions = await answers.SuggestAsync(new TicketId(id), cancellationToken).ConfigureAwait(false);
        IReadOnlyList<SuggestionView> views = [.. suggestions.Select(s => new SuggestionView(s.Answer.Name, s.Answer.Title ?? s.Answer.Name, s.Score, s.Match))];
        return Json(views, InboxJsonContext.Default.IReadOnlyListSuggestionView);
    }

    private static async Task<IResult> UseAnswerAsync(string id, HttpRequest request, ITicketStore store, ICannedAnswers answers, ITicketEngine engine, IAgentDirectory agents, CancellationToken cancellationToken)
    {
        var (body, bodyError) = await ReadAsync(request, InboxJsonContext.Default.AnswerBody, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return BadRequest(bodyError!);
        }

        if (string.IsNullOrWhiteSpace(body.Name) || answers.Answers.All(a => !string.Equals(a.Name, body.Name.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            return BadRequest($"'name' must name a canned answer (GET /api/answers lists them), not \"{body.Name}\".");
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

        var rendered = await answers.RenderAsync(body.Name.Trim(), ticket.Id, agent, cancellationToken).ConfigureAwait(false);
        var view = new RenderedAnswerView(
            rendered.Name,
            rendered.Language,
            rendered.Parts.OfType<TextPart>().FirstOrDefault()?.Text,
            rendered.Template is { } template ? $"{template.Name} ({template.Language})" : null,
            rendered.Mode,
            rendered.Problem,
            rendered.MissingPlaceholders,
            null);
        if (!body.Send)
        {
            return Json(view, InboxJsonContext.Default.RenderedAnswerView);
        }

        if (rendered.Problem is not null)
        {
            return Conflict(new ApiError(rendered.Problem, "AnswerUnavailable"));
        }

        var result = await engine.ReplyAsync(new ReplyRequest(ticket.Id, agent.Value, rendered.Parts) { Template = rendered.Template }, cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? Results.Json(view with { MessageId = result.Message!.Id.Value }, InboxJsonContext.Default.RenderedAnswerView, statusCode: StatusCodes.Status202Accepted)
            : Conflict(new ApiError(result.Error ?? "The reply was refused.", result.Rejection!.Value.ToString(), result.Options is null ? null : TicketViews.View(result.Options)));
    }

    private static IResult ListRecordedPosts(IListeningInbox listening)
    {
        IReadOnlyList<RecordedPostView> views = [.. listening.List(200).Select(p => new RecordedPostView(
            p.Id,
            p.Post.Conversation.Channel.Value,
            p.Post.Customer.DisplayName ?? p.Post.Customer.Handle ?? p.Post.Customer.UserKey.Value,
            CannedText(p.Post.Parts),
            p.Verdict.Rule,
            p.Verdict.Sentiment,
            p.Verdict.Reason,
            p.RecordedAt,
            p.Ticket?.Value))];
        return Json(views, InboxJsonContext.Default.IReadOnlyListRecordedPostView);
    }

    private static async Task<IResult> EngageAsync(string postId, HttpRequest request, IListeningInbox listening, IAgentDirectory agents, CancellationToken cancellationToken)
    {
        var (body, bodyError) = await ReadAsync(request, InboxJsonContext.Default.EngageBody, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return BadRequest(bodyError!);
        }

        var isPrivate = false;
        if (body.Visibility is { } visibility)
        {
            isPrivate = string.Equals(visibility, "private", StringComparison.OrdinalIgnoreCase);
            if (!isPrivate && !string.Equals(visibility, "public", StringComparison.OrdinalIgnoreCase))
            {
                return BadRequest($"'visibility' must be \"public\" or \"private\", not \"{visibility}\".");
            }
        }

        if (listening.Get(postId) is null)
        {
            return Results.Json(new ApiError($"There is no recorded post '{postId}'.", "NotFound"), InboxJsonContext.Default.ApiError, statusCode: StatusCodes.Status404NotFound);
        }

        var (agent, agentError) = await AgentAsync(body.AgentId, agents, cancellationToken).ConfigureAwait(false);
        if (agent is null)
        {
            return BadRequest(agentError!);
        }

        MessagePart[] parts = string.IsNullOrWhiteSpace(body.Text) ? [] : [new TextPart(body.Text.Trim())];
        var result = await listening.EngageAsync(new EngageRequest(postId, agent.Value, parts) { Private = isPrivate }, cancellationToken).ConfigureAwait(false);
        if (result.Ticket is null)
        {
            return Conflict(new ApiError(result.Error ?? "The post could not be engaged with.", "EngageFailed"));
        }

        if (result.Reply is { Succeeded: false } refused)
        {
            return Conflict(new ApiError(refused.Error ?? "The reply was refused.", refused.Rejection!.Value.ToString(), refused.Options is null ? null : TicketViews.View(refused.Options)));
        }

        return Results.Json(new EngagedView(result.Ticket.Id.Value, result.Reply?.Message?.Id.Value), InboxJsonContext.Default.EngagedView, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> GetCustomerAsync(string customerId, ICustomerDirectory customers, CancellationToken cancellationToken)
        => await customers.GetAsync(new CustomerId(customerId), cancellationToken).ConfigureAwait(false) is { } customer
            ? Json(CustomerDetailView.Of(customer), InboxJsonContext.Default.CustomerDetailView)
            : CustomerNotFound(customerId);

    private static Task<IResult> LinkAsync(string customerId, HttpRequest request, ICustomerLinking linking, IAgentDirectory agents, InboxAccounts accounts, CancellationToken cancellationToken)
        => ChangeIdentityAsync(request, agents, accounts, (actor, identity, reason, ct) => linking.LinkAsync(new CustomerId(customerId), identity, actor, reason, ct), customerId, cancellationToken);

    private static Task<IResult> UnlinkAsync(string customerId, HttpRequest request, ICustomerLinking linking, IAgentDirectory agents, InboxAccounts accounts, CancellationToken cancellationToken)
        => ChangeIdentityAsync(request, agents, accounts, (actor, identity, reason, ct) => linking.UnlinkAsync(new CustomerId(customerId), identity, actor, reason, ct), customerId, cancellationToken);

    private static async Task<IResult> ChangeIdentityAsync(
        HttpRequest request,
        IAgentDirectory agents,
        InboxAccounts accounts,
        Func<string, Participant, string, CancellationToken, Task<CustomerLinkResult>> change,
        string customerId,
        CancellationToken cancellationToken)
    {
        var (body, bodyError) = await ReadAsync(request, InboxJsonContext.Default.IdentityBody, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return BadRequest(bodyError!);
        }

        if (string.IsNullOrWhiteSpace(body.Channel) || string.IsNullOrWhiteSpace(body.UserKey))
        {
            return BadRequest("'channel' and 'userKey' are required: the identity on its network.");
        }

        var channel = new ChannelId(body.Channel.Trim().ToLowerInvariant());
        var account = string.IsNullOrWhiteSpace(body.Account) ? accounts.OnlyAccountOf(channel) : body.Account.Trim();
        if (account is null)
        {
            return BadRequest($"'account' is required: the inbox has no single {channel} account to assume.");
        }

        var (agent, agentError) = await AgentAsync(body.AgentId, agents, cancellationToken).ConfigureAwait(false);
        if (agent is null)
        {
            return BadRequest(agentError!);
        }

        var identity = new Participant(channel, new ChannelAccountId(account), new NetworkUserId(body.UserKey.Trim()));
        return LinkResult(customerId, await change(agent.Value.Value, identity, Reason(body.Reason), cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IResult> MergeAsync(string customerId, HttpRequest request, ICustomerLinking linking, IAgentDirectory agents, CancellationToken cancellationToken)
    {
        var (body, bodyError) = await ReadAsync(request, InboxJsonContext.Default.MergeBody, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return BadRequest(bodyError!);
        }

        if (string.IsNullOrWhiteSpace(body.Into))
        {
            return BadRequest("'into' is required: the customer that remains.");
        }

        var (agent, agentError) = await AgentAsync(body.AgentId, agents, cancellationToken).ConfigureAwait(false);
        if (agent is null)
        {
            return BadRequest(agentError!);
        }

        var result = await linking.MergeAsync(new CustomerId(customerId), new CustomerId(body.Into.Trim()), agent.Value.Value, Reason(body.Reason), cancellationToken).ConfigureAwait(false);
        return LinkResult(customerId, result);
    }

    private static async Task<IResult> UnmergeAsync(string customerId, HttpRequest request, ICustomerLinking linking, IAgentDirectory agents, CancellationToken cancellationToken)
    {
        var (body, bodyError) = await ReadAsync(request, InboxJsonContext.Default.ReasonBody, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return BadRequest(bodyError!);
        }

        var (agent, agentError) = await AgentAsync(body.AgentId, agents, cancellationToken).ConfigureAwait(false);
        if (agent is null)
        {
            return BadRequest(agentError!);
        }

        return LinkResult(customerId, await linking.UndoMergeAsync(new CustomerId(customerId), agent.Value.Value, Reason(body.Reason), cancellationToken).ConfigureAwait(false));
    }

    private static async Task ExportAsync(string customerId, HttpContext context, ICustomerPrivacy privacy, CancellationToken cancellationToken)
    {
        var export = await privacy.ExportAsync(new CustomerId(customerId), cancellationToken).ConfigureAwait(false);
        if (export is null)
        {
            await CustomerNotFound(customerId).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"customer-{customerId}.json\"";
        await export.WriteJsonAsync(context.Response.Body, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IResult> EraseAsync(string customerId, HttpRequest request, ICustomerPrivacy privacy, IAgentDirectory agents, CancellationToken cancellationToken)
    {
        var body = request.ContentLength is 0 or null ? new ReasonBody(null, null) : (await ReadAsync(request, InboxJsonContext.Default.ReasonBody, cancellationToken).ConfigureAwait(false)).Body;
        if (body is null)
        {
            return BadRequest("The body is not the JSON expected: { \"agentId\": \"…\" }.");
        }

        var (agent, agentError) = await AgentAsync(body.AgentId, agents, cancellationToken).ConfigureAwait(false);
        if (agent is null)
        {
            return BadRequest(agentError!);
        }

        var erased = await privacy.EraseAsync(new CustomerId(customerId), agent.Value.Value, cancellationToken).ConfigureAwait(false);
        return erased is null
            ? CustomerNotFound(customerId)
            : Json(new ErasedView(CustomerDetailView.Of(erased.Customer), erased.Tickets, erased.Messages, erased.Identities), InboxJsonContext.Default.ErasedView);
    }

    private static IResult LinkResult(string customerId, CustomerLinkResult result) => result.Error switch
    {
        null => Json(CustomerDetailView.Of(result.Customer!), InboxJsonContext.Default.CustomerDetailView),
        CustomerLinkError.NotFound => Results.Json(new ApiError(result.Message ?? $"There is no customer '{customerId}'.", "NotFound"), InboxJsonContext.Default.ApiError, statusCode: StatusCodes.Status404NotFound),
        var error => Conflict(new ApiError(result.Message ?? "The change was refused.", error.Value.ToString())),
    };

    private static IResult CustomerNotFound(string id)
        => Results.Json(new ApiError($"There is no customer '{id}'.", "NotFound"), InboxJsonContext.Default.ApiError, statusCode: StatusCodes.Status404NotFound);

    private static string Reason(string? reason) => string.IsNullOrWhiteSpace(reason) ? "changed in the inbox" : reason.Trim();

    private static string CannedText(IReadOnlyList<MessagePart> parts)
        => string.Join("\n", parts.Select(p => p switch { TextPart t => t.Text, MediaPart m => m.Caption, _ => null }).Where(t => !string.IsNullOrWhiteSpace(t)));

    /// <summary>The agent named, or the first available one.</summary>
    private static async Task<(AgentId? Agent, string? Error)> AgentAsync(string? named, IAgentDirectory agents, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(named))
        {
            var id = new AgentId(named.Trim());
            return await agents.GetAsync(id, cancellationToken).ConfigureAwait(false) is null
                ? (null, $"There is no agent '{named}'; GET /api/agents lists them.")
                : (id, null);
        }

        var all = await agents.GetAgentsAsync(cancellationToken).ConfigureAwait(false);
        var first = all.OrderByDescending(a => a.Presence == AgentPresence.Available).ThenBy(a => a.Id.Value, StringComparer.Ordinal).FirstOrDefault();
        return first is null ? (null, "No agent is configured.") : (first.Id, null);
    }
}
