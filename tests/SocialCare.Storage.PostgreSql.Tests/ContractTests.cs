namespace SocialCare.Storage.PostgreSql.Tests;

/// <summary>The ticket store contract, each test on a fresh schema; the second store is another instance (its own pool) on the same schema.</summary>
public sealed class PostgreSqlTicketStoreContractTests : TicketStoreContractTests
{
    private TestDatabase? _database;

    protected override Task<ITicketStore> CreateStoreAsync()
    {
        _database = TestDatabase.Create();
        return Task.FromResult<ITicketStore>(new PostgreSqlTicketStore(_database.Options()));
    }

    protected override Task<ITicketStore> OpenSecondStoreAsync(ITicketStore first)
        => Task.FromResult<ITicketStore>(new PostgreSqlTicketStore(_database!.Options()));

    protected override async Task DisposeStoreAsync(ITicketStore store)
    {
        await base.DisposeStoreAsync(store);
        if (store is PostgreSqlTicketStore && _database is { } database && ReferenceEquals(store, Store))
        {
            _database = null;
            await database.DisposeAsync();
        }
    }
}

/// <summary>The customer directory contract, each test on a fresh schema; the second directory is another instance on the same schema.</summary>
public sealed class PostgreSqlCustomerDirectoryContractTests : CustomerDirectoryContractTests
{
    private TestDatabase? _database;

    protected override Task<ICustomerDirectory> CreateDirectoryAsync(TimeProvider time)
    {
        _database = TestDatabase.Create();
        return Task.FromResult<ICustomerDirectory>(new PostgreSqlCustomerDirectory(_database.Options(), time));
    }

    protected override Task<ICustomerDirectory> OpenSecondDirectoryAsync(ICustomerDirectory first, TimeProvider time)
        => Task.FromResult<ICustomerDirectory>(new PostgreSqlCustomerDirectory(_database!.Options(), time));

    protected override async Task DisposeDirectoryAsync(ICustomerDirectory directory)
    {
        await base.DisposeDirectoryAsync(directory);
        if (_database is { } database && ReferenceEquals(directory, Directory))
        {
            _database = null;
            await database.DisposeAsync();
        }
    }
}
