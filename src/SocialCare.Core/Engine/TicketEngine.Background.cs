using System.Diagnostics;
using SocialCare.Abstractions;

namespace SocialCare.Core;

internal sealed partial class TicketEngine
{
    /// <summary>Applies every timer that is due by now: SLA warnings and breaches, automatic resolve and close.</summary>
    internal async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var processed = 0;
        var seen = new HashSet<TicketId>();
        while (true)
        {
            var now = Now;
            var due = await _store.GetDueTicketsAsync(now, 200, cancellationToken).ConfigureAwait(false);
            var fresh = due.Where(t => seen.Add(t.Id)).ToList();
            if (fresh.Count == 0)
            {
                break;
            }

            foreach (var ticket in fresh)
            {
                var result = await ExecuteAsync(ticket.Id, static (_, _, _) => null, cancellationToken, assign: false).ConfigureAwait(false);
                if (result.Succeeded)
                {
                    processed++;
                }
            }
        }

        return processed;
    }

    /// <summary>Sends the due outbox entries once each and records what the network said.</summary>
    internal async Task<int> DispatchOutboxAsync(CancellationToken cancellationToken)
    {
        var outbox = _options.Outbox;
        var dispatched = 0;
        while (true)
        {
            var claimed = await _store.ClaimOutboxAsync(Now, outbox.ClaimLease, outbox.BatchSize, cancellationToken).ConfigureAwait(false);
            if (claimed.Count == 0)
            {
                return dispatched;
            }

            foreach (var entry in claimed)
            {
                await SendAsync(entry, cancellationToken).ConfigureAwait(false);
                dispatched++;
            }
        }
    }

    private async Task SendAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        var channel = entry.Message.Conversation.Channel;
        SendResult result;
        var started = Stopwatch.GetTimestamp();
        if (!_adapters.TryGetValue(channel, out var adapter))
        {
            result = SendResult.Failed(new ChannelError("unknown_channel", $"No adapter is registered for channel '{channel}'."));
        }
        else
        {
            try
            {
                result = await adapter.SendAsync(entry.Message, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (NotSupportedException ex)
            {
                _logger.ReplySendThrew(entry.MessageId, channel, ex);
                result = SendResult.Failed(new ChannelError("not_supported", "The channel cannot send this message."));
            }
            catch (Exception ex)
            {
                // We cannot know whether the network took it: do not send it again, so that it is never sent twice.
                _logger.ReplySendThrew(entry.MessageId, channel, ex);
                result = SendResult.Failed(new ChannelError("send_error", "The channel adapter failed while sending; the outcome is unknown."));
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        await RetryAsync("send outcome", async () =>
        {
            await RecordSendAsync(entry, result, elapsed, cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
    }

    private async Task RecordSendAsync(OutboxEntry entry, SendResult result, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var channel = entry.Message.Conversation.Channel;
        var message = await FindOutboxMessageAsync(entry, cancellationToken).ConfigureAwait(false);
        using var locks = await LockTicketsAsync(message is null ? [] : [message.TicketId], cancellationToken).ConfigureAwait(false);
        if (message is not null)
        {
            message = await FindOutboxMessageAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        var now = Now;
        var plan = new TicketPlan();
        var outbox = _options.Outbox;
        if (result.NetworkId is { } networkId)
        {
            _metrics.ReplyDispatched(channel, "sent", elapsed);
            plan.Outbox.Add(entry with { State = OutboxState.Sent, ClaimedUntil = null, LastError = null });
            if (message is not null && message.NetworkId != networkId)
            {
                // (A status that overtook this answer may have recorded the id already.)
                UpdateMessage(plan, MarkSent(message, networkId), now);
            }
        }
        else
        {
            var error = result.Error!;
            var failure = new DeliveryFailure(error.Code, error.Message);
            if (error.IsTransient && entry.Attempts < outbox.MaxAttempts)
            {
                _metrics.ReplyDispatched(channel, "retry", elapsed);
                _logger.ReplySendFailed(entry.MessageId, channel, error.Code, "will retry");
                var delay = error.RetryAfter ?? TimeSpan.FromTicks(outbox.RetryDelay.Ticks * (1L << Math.Min(entry.Attempts - 1, 16)));
                plan.Outbox.Add(entry with { State = OutboxState.Queued, NextAttemptAt = now + delay, ClaimedUntil = null, LastError = failure });
            }
            else
            {
                _metrics.ReplyDispatched(channel, "failed", elapsed);
                _logger.ReplySendFailed(entry.MessageId, channel, error.Code, "gave up");
                plan.Outbox.Add(entry with { State = OutboxState.Failed, ClaimedUntil = null, LastError = failure });
                if (message is not null)
                {
                    UpdateMessage(plan, message with { Status = DeliveryStatus.Failed, Failure = failure }, now);
                    if (error.Kind == ChannelErrorKind.PublicReplyRefused
                        && message is { PrivateReply: false, Conversation.Visibility: ConversationVisibility.Public }
                        && await _store.GetAsync(message.TicketId, cancellationToken).ConfigureAwait(false) is { PublicReplyRefused: false } ticket)
                    {
                        // X's self-serve rule: this thread cannot be answered publicly; the reply options now offer a DM.
                        var work = plan.Add(ticket, ticket.Version);
                        work.Ticket = ticket with { PublicReplyRefused = true };
                        Note(plan, work, now, $"public reply refused by the network ({error.Code}); answer privately", TicketActor.System);
                        _logger.PublicReplyRefused(ticket.Id);
                    }
                }
            }
        }

        await CommitAsync(plan, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The message an outbox entry sends, wherever it is now (a merge may have moved it to another ticket).</summary>
    private async Task<Message?> FindOutboxMessageAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        var ticketId = entry.TicketId;
        for (var hop = 0; hop < 16; hop++)
        {
            var messages = await _store.GetMessagesAsync(ticketId, cancellationToken).ConfigureAwait(false);
            for (var i = messages.Count - 1; i >= 0; i--)
            {
                if (messages[i].Id == entry.MessageId)
                {
                    return messages[i];
                }
            }

            var ticket = await _store.GetAsync(ticketId, cancellationToken).ConfigureAwait(false);
            if (ticket?.MergedInto is not { } into)
            {
                return null;
            }

            ticketId = into;
        }

        return null;
    }

    /// <summary>When the next timer falls due, for the background loop.</summary>
    internal async Task<DateTimeOffset?> NextWakeAsync(CancellationToken cancellationToken)
    {
        var next = await _store.GetDueTicketsAsync(DateTimeOffset.MaxValue, 1, cancellationToken).ConfigureAwait(false);
        return next.Count == 0 ? null : next[0].WakeAt;
    }
}
