using SocialCare.Abstractions;
using Xunit;

namespace SocialCare.Testing;

/// <content>Timelines and history: recording order, updates, network ids and merges.</content>
public abstract partial class TicketStoreContractTests
{
    /// <summary>A timeline is in the order messages were recorded, not the order the network says they were written.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task TimelinesAreInRecordingOrder()
    {
        var ticket = NewTicket("t1", Chat("u1"));
        await CreateAsync(ticket).ConfigureAwait(false);
        var expected = new List<Message>();
        var version = 1L;
        for (var i = 0; i < 12; i++)
        {
            // Ids and sent times run backwards; recording order must win.
            var batch = new[] { NewMessage($"m{99 - (2 * i)}", ticket, $"text {i}a", sentAt: T0.AddMinutes(-i)), NewMessage($"m{98 - (2 * i)}", ticket, $"text {i}b", sentAt: T0.AddMinutes(-i - 1)) };
            var saved = ticket with { Version = version + 1 };
            await Store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(saved, version)], AddedMessages = batch }, CancellationToken.None).ConfigureAwait(false);
            version++;
            expected.AddRange(batch);
        }

        AssertSameList(expected, await Store.GetMessagesAsync(ticket.Id, CancellationToken.None).ConfigureAwait(false));
        var second = await SecondStoreAsync().ConfigureAwait(false);
        AssertSameList(expected, await second.GetMessagesAsync(ticket.Id, CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>An updated message replaces the stored one in place, and is found by the network id it was given.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task UpdatedMessagesReplaceTheStoredOnes()
    {
        var ticket = NewTicket("t1", Chat("u1"));
        var question = NewMessage("m1", ticket, "Dov'è il mio ordine?", "m_1");
        var reply = NewReply("m2", ticket, "Arriva domani");
        var later = NewMessage("m3", ticket, "Grazie", "m_3");
        await Store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(ticket, 0)], AddedMessages = [question, reply, later] }, CancellationToken.None).ConfigureAwait(false);

        var sent = reply with { NetworkId = new NetworkMessageId("m_sent"), Status = DeliveryStatus.Delivered };
        var edited = question with { Parts = [new TextPart("Dov'è il mio ordine #1042?")], EditedAt = T0.AddMinutes(1) };
        await Store.CommitAsync(new TicketChangeSet { Event = Key("status"), UpdatedMessages = [sent, edited] }, CancellationToken.None).ConfigureAwait(false);

        AssertSameList([edited, sent, later], await Store.GetMessagesAsync(ticket.Id, CancellationToken.None).ConfigureAwait(false));
        AssertSame(sent, await Store.FindMessageAsync(ChannelId.Facebook, Page, new NetworkMessageId("m_sent"), CancellationToken.None).ConfigureAwait(false));
        AssertSame(edited, await Store.FindMessageAsync(ChannelId.Facebook, Page, new NetworkMessageId("m_1"), CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>Network ids are looked up per channel and account.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task NetworkIdsArePerChannelAccount()
    {
        var onPage = NewTicket("t1", Chat("u1"));
        var onPhone = NewTicket("t2", ConversationRef.PrivateWith(new Participant(ChannelId.WhatsApp, Phone, new NetworkUserId("393471234567"))));
        var a = NewMessage("m1", onPage, "on the page", "same-id");
        var b = NewMessage("m2", onPhone, "on WhatsApp", "same-id");
        await Store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(onPage, 0), new TicketWrite(onPhone, 0)], AddedMessages = [a, b] }, CancellationToken.None).ConfigureAwait(false);

        AssertSame(a, await Store.FindMessageAsync(ChannelId.Facebook, Page, new NetworkMessageId("same-id"), CancellationToken.None).ConfigureAwait(false));
        AssertSame(b, await Store.FindMessageAsync(ChannelId.WhatsApp, Phone, new NetworkMessageId("same-id"), CancellationToken.None).ConfigureAwait(false));
        Assert.Null(await Store.FindMessageAsync(ChannelId.Facebook, Phone, new NetworkMessageId("same-id"), CancellationToken.None).ConfigureAwait(false));
        Assert.Null(await Store.FindMessageAsync(ChannelId.Facebook, Page, new NetworkMessageId("SAME-ID"), CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>Messages moved to another ticket (a merge) leave the source and take their recording place in the target.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task MovedMessagesKeepTheirPlaceInRecordingOrder()
    {
        var target = NewTicket("t1", Chat("u1"));
        var source = NewTicket("t2", Thread("post-1"));
        var t1 = NewMessage("a1", target, "target first");
        var s1 = NewMessage("b1", source, "source first");
        var t2 = NewMessage("a2", target, "target second");
        var s2 = NewMessage("b2", source, "source second");
        await Store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(target, 0), new TicketWrite(source, 0)], AddedMessages = [t1, s1] }, CancellationToken.None).ConfigureAwait(false);
        await Store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(target with { Version = 2 }, 1), new TicketWrite(source with { Version = 2 }, 1)], AddedMessages = [t2, s2] }, CancellationToken.None).ConfigureAwait(false);

        var moved = new[] { s1 with { TicketId = target.Id }, s2 with { TicketId = target.Id } };
        var merged = source with { State = TicketState.Merged, MergedInto = target.Id, Version = 3 };
        await Store.CommitAsync(
            new TicketChangeSet { Tickets = [new TicketWrite(target with { Version = 3 }, 2), new TicketWrite(merged, 2)], UpdatedMessages = moved },
            CancellationToken.None).ConfigureAwait(false);

        AssertSameList([t1, moved[0], t2, moved[1]], await Store.GetMessagesAsync(target.Id, CancellationToken.None).ConfigureAwait(false));
        Assert.Empty(await Store.GetMessagesAsync(source.Id, CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>History is read oldest first, in the order entries were added, across commits.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task HistoryIsInTheOrderItWasAdded()
    {
        var ticket = NewTicket("t1", Chat("u1"));
        var other = NewTicket("t2", Chat("u2"));
        await CreateAsync(ticket, other).ConfigureAwait(false);
        var expected = new List<TicketHistoryEntry>();
        for (var i = 0; i < 10; i++)
        {
            // Same time and same states: only the order they were added in tells them apart.
            var entries = new[] { new TicketHistoryEntry(ticket.Id, T0, TicketState.Open, TicketState.Open, $"change {i}a"), new TicketHistoryEntry(ticket.Id, T0, TicketState.Open, TicketState.Open, $"change {i}b") };
            await Store.CommitAsync(new TicketChangeSet { History = [entries[0], new TicketHistoryEntry(other.Id, T0, TicketState.New, TicketState.New, "other"), entries[1]] }, CancellationToken.None).ConfigureAwait(false);
            expected.AddRange(entries);
        }

        AssertSameList(expected, await Store.GetHistoryAsync(ticket.Id, CancellationToken.None).ConfigureAwait(false));
        Assert.Equal(10, (await Store.GetHistoryAsync(other.Id, CancellationToken.None).ConfigureAwait(false)).Count);
    }
}
