using SocialCare.Abstractions;
using Xunit;

namespace SocialCare.Testing;

/// <content>The queries assignment, the scheduler and reports use: filters, paging, agents' load, due tickets.</content>
public abstract partial class TicketStoreContractTests
{
    /// <summary>Every filter of a ticket query narrows the result, alone and together.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task QueriesApplyEveryFilter()
    {
        var whatsApp = ConversationRef.PrivateWith(new Participant(ChannelId.WhatsApp, Phone, new NetworkUserId("393471234567")));
        Ticket[] tickets =
        [
            NewTicket("t01", Chat("u1"), "c1", TicketState.New, T0) with { Assignee = new AgentId("zoe") },
            NewTicket("t02", Thread("p1"), "c1", TicketState.Open, T0.AddHours(1)),
            NewTicket("t03", whatsApp, "c2", TicketState.Pending, T0.AddHours(2)) with { Assignee = new AgentId("zoe") },
            NewTicket("t04", Chat("u4"), "c3", TicketState.Resolved, T0.AddHours(3)) with { Assignee = new AgentId("marco") },
            NewTicket("t05", whatsApp, "c2", TicketState.Closed, T0.AddHours(4)),
            NewTicket("t06", Chat("u6"), "c4", TicketState.Merged, T0.AddHours(5)) with { Assignee = new AgentId("marco") },
        ];
        await CreateAsync(tickets).ConfigureAwait(false);

        async Task<string[]> Ids(TicketQuery query)
            => [.. (await Store.QueryTicketsAsync(query, CancellationToken.None).ConfigureAwait(false)).Select(t => t.Id.Value)];

        Assert.Equal(["t01", "t02", "t03", "t04", "t05", "t06"], await Ids(new TicketQuery()).ConfigureAwait(false));
        Assert.Equal(["t02", "t03"], await Ids(new TicketQuery { States = [TicketState.Open, TicketState.Pending] }).ConfigureAwait(false));
        Assert.Empty(await Ids(new TicketQuery { States = [] }).ConfigureAwait(false));
        Assert.Equal(["t03", "t05"], await Ids(new TicketQuery { Customer = new CustomerId("c2") }).ConfigureAwait(false));
        Assert.Equal(["t01", "t03"], await Ids(new TicketQuery { Assignee = new AgentId("zoe") }).ConfigureAwait(false));
        Assert.Equal(["t02", "t05"], await Ids(new TicketQuery { UnassignedOnly = true }).ConfigureAwait(false));
        Assert.Equal(["t03", "t05"], await Ids(new TicketQuery { Channel = ChannelId.WhatsApp }).ConfigureAwait(false));
        Assert.Equal(["t03", "t04"], await Ids(new TicketQuery { CreatedFrom = T0.AddHours(2), CreatedBefore = T0.AddHours(4) }).ConfigureAwait(false));
        Assert.Equal(["t04", "t06"], await Ids(new TicketQuery { Assignee = new AgentId("marco"), CreatedFrom = T0.AddHours(3) }).ConfigureAwait(false));
        Assert.Equal(["t05", "t03"], await Ids(new TicketQuery { Channel = ChannelId.WhatsApp, NewestFirst = true }).ConfigureAwait(false));
        Assert.Equal(["t02"], await Ids(new TicketQuery { Customer = new CustomerId("c1"), UnassignedOnly = true, States = [TicketState.Open] }).ConfigureAwait(false));
        Assert.Empty(await Ids(new TicketQuery { Customer = new CustomerId("nobody") }).ConfigureAwait(false));

        // Creation times are compared as instants, whatever their offset.
        Assert.Equal(["t03", "t04", "t05", "t06"], await Ids(new TicketQuery { CreatedFrom = T0.AddHours(2).ToOffset(TimeSpan.FromHours(9)) }).ConfigureAwait(false));
    }

    /// <summary>Paging with <see cref="TicketQuery.After"/> walks every ticket once, in ordinal id order, both ways.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task PagingVisitsEveryTicketOnceInIdOrder()
    {
        // Mixed case and digits: ordinal order puts upper case before lower case and "t10" before "t9".
        var ids = Enumerable.Range(0, 23).Select(i => i % 3 == 0 ? $"T{i}" : $"t{i}").ToList();
        await CreateAsync([.. ids.Select((id, i) => NewTicket(id, Chat($"u{i}"), $"c{i}", createdAt: T0.AddMinutes(i)))]).ConfigureAwait(false);
        var ordinal = ids.Order(StringComparer.Ordinal).ToList();

        foreach (var newestFirst in new[] { false, true })
        {
            var seen = new List<string>();
            TicketId? after = null;
            while (true)
            {
                var page = await Store.QueryTicketsAsync(new TicketQuery { After = after, Limit = 5, NewestFirst = newestFirst }, CancellationToken.None).ConfigureAwait(false);
                Assert.True(page.Count <= 5);
                if (page.Count == 0)
                {
                    break;
                }

                seen.AddRange(page.Select(t => t.Id.Value));
                after = page[^1].Id;
            }

            Assert.Equal(newestFirst ? Enumerable.Reverse(ordinal).ToList() : ordinal, seen);
        }

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.QueryTicketsAsync(new TicketQuery { Limit = 0 }, CancellationToken.None)).ConfigureAwait(false);
    }

    /// <summary>Agents' load counts their tickets in the given states, and follows reassignments and state changes.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task CountsTicketsPerAssignee()
    {
        var zoe = new AgentId("zoe");
        var marco = new AgentId("marco");
        var t1 = NewTicket("t1", Chat("u1"), state: TicketState.Open) with { Assignee = zoe };
        var t2 = NewTicket("t2", Chat("u2"), state: TicketState.Pending) with { Assignee = zoe };
        var t3 = NewTicket("t3", Chat("u3"), state: TicketState.Open) with { Assignee = marco };
        var t4 = NewTicket("t4", Chat("u4"), state: TicketState.Open);
        var t5 = NewTicket("t5", Chat("u5"), state: TicketState.Resolved) with { Assignee = marco };
        await CreateAsync(t1, t2, t3, t4, t5).ConfigureAwait(false);

        var open = await Store.CountByAssigneeAsync([TicketState.Open], CancellationToken.None).ConfigureAwait(false);
        Assert.Equal(2, open.Count);
        Assert.Equal(1, open[zoe]);
        Assert.Equal(1, open[marco]);
        var working = await Store.CountByAssigneeAsync([TicketState.Open, TicketState.Pending], CancellationToken.None).ConfigureAwait(false);
        Assert.Equal(2, working[zoe]);

        await UpdateAsync(t1, t => t with { Assignee = marco }).ConfigureAwait(false);
        await UpdateAsync(t3, t => t with { State = TicketState.Resolved }).ConfigureAwait(false);
        open = await Store.CountByAssigneeAsync([TicketState.Open], CancellationToken.None).ConfigureAwait(false);
        Assert.Equal(1, Assert.Single(open).Value);
        Assert.Equal(marco, open.Keys.Single());
        var resolved = await Store.CountByAssigneeAsync([TicketState.Resolved], CancellationToken.None).ConfigureAwait(false);
        Assert.Equal(2, resolved[marco]);
        Assert.Empty(await Store.CountByAssigneeAsync([], CancellationToken.None).ConfigureAwait(false));
    }

    /// <summary>Due tickets come earliest first up to a limit; a wake time moved or cleared moves the ticket.</summary>
    /// <returns>A task that completes when the test is done.</returns>
    [SkippableFact]
    public async Task FindsDueTicketsEarliestFirst()
    {
        var a = NewTicket("ta", Chat("u1")) with { WakeAt = T0.AddMinutes(30) };
        var b = NewTicket("tb", Chat("u2")) with { WakeAt = T0.AddMinutes(10) };
        var c = NewTicket("tc", Chat("u3")) with { WakeAt = T0.AddMinutes(10) };
        var d = NewTicket("td", Chat("u4")) with { WakeAt = T0.AddHours(5) };
        var e = NewTicket("te", Chat("u5"));
        await CreateAsync(a, b, c, d, e).ConfigureAwait(false);

        async Task<string[]> Due(DateTimeOffset until, int limit)
            => [.. (await Store.GetDueTicketsAsync(until, limit, CancellationToken.None).ConfigureAwait(false)).Select(t => t.Id.Value)];

        Assert.Equal(["tb", "tc", "ta"], await Due(T0.AddHours(1), 10).ConfigureAwait(false));
        Assert.Equal(["tb", "tc"], await Due(T0.AddHours(1), 2).ConfigureAwait(false));
        Assert.Equal(["tb", "tc"], await Due(T0.AddMinutes(10), 10).ConfigureAwait(false));
        Assert.Empty(await Due(T0.AddMinutes(10).AddTicks(-1), 10).ConfigureAwait(false));

        await UpdateAsync(b, t => t with { WakeAt = null }).ConfigureAwait(false);
        var later = await UpdateAsync(c, t => t with { WakeAt = T0.AddHours(2) }).ConfigureAwait(false);
        Assert.Equal(["ta", "tc", "td"], await Due(DateTimeOffset.MaxValue, 10).ConfigureAwait(false));
        AssertSame(later, (await Store.GetDueTicketsAsync(T0.AddHours(2), 10, CancellationToken.None).ConfigureAwait(false))[1]);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.GetDueTicketsAsync(T0, 0, CancellationToken.None)).ConfigureAwait(false);
    }
}
