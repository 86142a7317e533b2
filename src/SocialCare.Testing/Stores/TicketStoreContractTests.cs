using SocialCare.Abstractions;
using Xunit;

namespace SocialCare.Testing;

/// <summary>
/// The behaviour every <see cref="ITicketStore"/> must have, as xUnit tests: derive from this class in a test project,
/// make <see cref="CreateStoreAsync"/> return a new, empty store, and every test here runs against it.
/// </summary>
/// <remarks>
/// <para>
/// SocialCare's in-memory, SQLite and PostgreSQL stores all derive from it, and so can a host's own store. The tests cover
/// round trips of every model type, the active and latest ticket of a conversation, version conflicts, idempotency,
/// outbox claims (exactly once among concurrent claimers), timeline and history order, the queries assignment and
/// reports use, and paging.
/// </para>
/// <para>
/// Override <see cref="OpenSecondStoreAsync"/> to return another instance over the same data (another app instance on
/// the same database): the concurrency tests then run across instances. A store that cannot be reached on this
/// machine (no database server) throws <see cref="SkipException"/> from <see cref="CreateStoreAsync"/>, and the tests
/// are reported skipped.
/// </para>
/// </remarks>
public abstract partial class TicketStoreContractTests : IAsyncLifetime
{
    private readonly List<ITicketStore> _opened = [];
    private ITicketStore? _store;

    /// <summary>Gets the store under test, made by <see cref="CreateStoreAsync"/> before each test.</summary>
    protected ITicketStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>Creates a new, empty store for one test.</summary>
    /// <returns>The store.</returns>
    /// <exception cref="SkipException">The store cannot be reached here; the message says how to enable the tests.</exception>
    protected abstract Task<ITicketStore> CreateStoreAsync();

    /// <summary>
    /// Opens another store over the same data as <paramref name="first"/>, as a second app instance would. The default
    /// returns <paramref name="first"/> itself (a store that lives in one process).
    /// </summary>
    /// <param name="first">The store made by <see cref="CreateStoreAsync"/>.</param>
    /// <returns>Another store, or <paramref name="first"/>.</returns>
    protected virtual Task<ITicketStore> OpenSecondStoreAsync(ITicketStore first) => Task.FromResult(first);

    /// <summary>Releases a store made by <see cref="CreateStoreAsync"/> or <see cref="OpenSecondStoreAsync"/>.</summary>
    /// <param name="store">The store.</param>
    /// <returns>A task that completes when the store is released.</returns>
    protected virtual async Task DisposeStoreAsync(ITicketStore store)
    {
        switch (store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        _store = await CreateStoreAsync().ConfigureAwait(false);
        _opened.Add(_store);
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        foreach (var store in _opened.Distinct())
        {
            await DisposeStoreAsync(store).ConfigureAwait(false);
        }

        _opened.Clear();
        GC.SuppressFinalize(this);
    }

    /// <summary>Opens a second store over the same data, remembered for disposal.</summary>
    /// <returns>The second store (perhaps <see cref="Store"/> itself).</returns>
    protected async Task<ITicketStore> SecondStoreAsync()
    {
        var second = await OpenSecondStoreAsync(Store).ConfigureAwait(false);
        _opened.Add(second);
        return second;
    }
}
