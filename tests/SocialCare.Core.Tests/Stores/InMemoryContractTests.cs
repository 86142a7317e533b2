using SocialCare.Abstractions;
using SocialCare.Testing;

namespace SocialCare.Core.Tests.Stores;

/// <summary>The in-memory store passes the shared store suite (its "second instance" is itself: it lives in one process).</summary>
public sealed class InMemoryTicketStoreContractTests : TicketStoreContractTests
{
    protected override Task<ITicketStore> CreateStoreAsync() => Task.FromResult<ITicketStore>(new InMemoryTicketStore());
}

/// <summary>The in-memory customer directory passes the shared directory suite.</summary>
public sealed class InMemoryCustomerDirectoryContractTests : CustomerDirectoryContractTests
{
    protected override Task<ICustomerDirectory> CreateDirectoryAsync(TimeProvider time) => Task.FromResult<ICustomerDirectory>(new InMemoryCustomerDirectory(time));
}
