using SocialCare.Abstractions;
using SocialCare.Testing;

namespace SocialCare.Storage.Sqlite.Tests;

/// <summary>The ticket store contract against a fresh SQLite file per test; the second instance is another store object on the same file.</summary>
public sealed class SqliteTicketStoreContractTests : TicketStoreContractTests, IDisposable
{
    private readonly TempDirectory _files = new();

    protected override Task<ITicketStore> CreateStoreAsync() => Task.FromResult<ITicketStore>(new SqliteTicketStore(_files.Options()));

    protected override Task<ITicketStore> OpenSecondStoreAsync(ITicketStore first) => Task.FromResult<ITicketStore>(new SqliteTicketStore(_files.Options()));

    // xUnit disposes after IAsyncLifetime.DisposeAsync, which closed the stores.
    public void Dispose() => _files.Dispose();
}

/// <summary>The customer directory contract against a fresh SQLite file per test; the second instance is another directory on the same file.</summary>
public sealed class SqliteCustomerDirectoryContractTests : CustomerDirectoryContractTests, IDisposable
{
    private readonly TempDirectory _files = new();

    protected override Task<ICustomerDirectory> CreateDirectoryAsync(TimeProvider time)
        => Task.FromResult<ICustomerDirectory>(new SqliteCustomerDirectory(_files.Options(), time));

    protected override Task<ICustomerDirectory> OpenSecondDirectoryAsync(ICustomerDirectory first, TimeProvider time)
        => Task.FromResult<ICustomerDirectory>(new SqliteCustomerDirectory(_files.Options(), time));

    public void Dispose() => _files.Dispose();
}
