using Microsoft.Extensions.DependencyInjection;
using SocialCare.Abstractions;
using SocialCare.Core;

namespace SocialCare.Docs.Tests.Snippets;

/// <summary>The code of docs/concepts.md; <c>ConceptsTests</c> runs it.</summary>
internal static class ConceptsSnippets
{
    /// <summary>The lifecycle settings, for all channels and for X alone.</summary>
    public static ISocialCareBuilder ConfigureLifecycle(IServiceCollection services)
    {
        #region snippet:concepts-lifecycle-options
        return services.AddSocialCare(o =>
        {
            o.Lifecycle.ReopenResolvedWithin = TimeSpan.FromDays(3);   // a customer's message reopens a resolved ticket for 3 days
            o.Lifecycle.CloseResolvedAfter = TimeSpan.FromDays(3);     // then it closes; a later message opens a follow-up
            o.Lifecycle.ResolvePendingAfter = TimeSpan.FromDays(5);    // no answer from the customer for 5 days: resolved
            o.ChannelLifecycle[ChannelId.X] = new TicketLifecycleOptions
            {
                ReopenResolvedWithin = TimeSpan.FromHours(12),         // public threads on X move on quickly
                CloseResolvedAfter = TimeSpan.FromHours(12),
            };
        });
        #endregion
    }

    /// <summary>An agent's state change through the engine.</summary>
    public static async Task<string?> PutOnHoldAsync(ITicketEngine engine, TicketId ticketId, AgentId agent, CancellationToken cancellationToken)
    {
        #region snippet:concepts-change-state
        var changed = await engine.ChangeStateAsync(ticketId, TicketState.OnHold, TicketActor.ForAgent(agent), "waiting for the courier", cancellationToken);
        if (!changed.Succeeded)
        {
            // changed.Error is NotFound, TransitionRejected…; changed.Transition says which rule refused it.
            return $"{changed.Error} ({changed.Transition}): {changed.Message}";
        }
        #endregion
        return null;
    }

    /// <summary>The states an agent may pick, and a dry run of a move, without the engine.</summary>
    public static (IReadOnlyList<TicketState> Next, TransitionResult Resolve) Preview(Ticket ticket, AgentId agent, TimeProvider time)
    {
        #region snippet:concepts-transitions
        IReadOnlyList<TicketState> next = TicketTransitions.AllowedFrom(ticket.State);   // for the state picker
        var command = new TicketCommand(TicketState.Resolved, TicketActor.ForAgent(agent), "solved on the phone");
        var result = TicketTransitions.TryApply(ticket, command, time.GetUtcNow(), requireAssigneeToResolve: true);
        // result.Succeeded, result.Ticket and result.History; or result.Rejection (SameState, NotAllowed, Terminal,
        // AssigneeRequired, MergeTargetRequired) and result.Message. Nothing is saved: ITicketEngine does that.
        #endregion
        return (next, result);
    }

    /// <summary>What the reply box offers on a ticket.</summary>
    public static async Task<string> DescribeReplyBoxAsync(ITicketEngine engine, TicketId ticketId, CancellationToken cancellationToken)
    {
        #region snippet:concepts-reply-options
        var options = await engine.GetReplyOptionsAsync(ticketId, cancellationToken);
        var hint = options?.Mode switch
        {
            ReplyMode.FreeText when options.Until is { } until => $"Free text until {until:t}",
            ReplyMode.FreeText => "Free text",
            ReplyMode.TagRequired => $"Only a message a person writes, sent with the {options.Tag} tag, until {options.Until:g}",
            ReplyMode.TemplateRequired => $"Only a template: {string.Join(", ", options.Templates.Select(t => t.Name))}",
            ReplyMode.PublicOnly => "Only a public reply",
            _ => options?.Reason ?? "No such ticket",
        };
        #endregion
        return hint;
    }
}
