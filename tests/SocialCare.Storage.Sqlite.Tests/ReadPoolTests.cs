using SocialCare.Abstractions;

namespace SocialCare.Storage.Sqlite.Tests;

/// <summary>Reads through a pool smaller than the number of callers, and reads that see every returned commit.</summary>
public sealed class ReadPoolTests : IDisposable
{
    private readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Reads_MoreCallersThanConnections_AllComplete()
    {
        await using var store = new SqliteTicketStore(_files.Options(configure: o => o.ReadConnections = 1));
        var opening = Model.Opening(1);
        await store.CommitAsync(opening.Changes, default);
        var reads = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => store.GetAsync(opening.Ticket.Id, default))));
        Assert.All(reads, t => Assert.Equal(opening.Ticket.Id, t?.Id));
    }

    [Fact]
    public async Task Reads_AfterEachReturnedCommit_SeeIt()
    {
        await using var store = new SqliteTicketStore(_files.Options(configure: o => o.ReadConnections = 2));
        var (changes, ticket, _) = Model.Opening(1);
        await store.CommitAsync(changes, default);
        var current = ticket;
        for (var version = 2; version <= 50; version++)
        {
            // Warm every reader on the previous version, then commit and read again: no reader may answer from an old snapshot.
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => store.GetAsync(ticket.Id, default))));
            var next = current with { Version = version, State = version % 2 == 0 ? TicketState.Open : TicketState.Pending };
            await store.CommitAsync(new TicketChangeSet { Tickets = [new TicketWrite(next, version - 1)] }, default);
            current = next;
            Assert.Equal(version, (await store.GetAsync(ticket.Id, default))?.Version);
            Assert.Equal(next.State, (await store.FindActiveAsync(ticket.Conversation, ticket.Customer, default))?.State);
        }
    }
}
