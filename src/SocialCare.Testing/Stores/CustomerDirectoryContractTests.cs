using SocialCare.Abstractions;
using Xunit;

namespace SocialCare.Testing;

/// <summary>
/// The behaviour every durable <see cref="ICustomerDirectory"/> must have, as xUnit tests: derive from this class, make
/// <see cref="CreateDirectoryAsync"/> return a new, empty directory, and every test here runs against it.
/// </summary>
/// <remarks>
/// Covers: one customer per new identity, the same customer for the same identity (also when many callers resolve it at
/// once, across instances), the latest name and phone kept, an identity recognised by its phone number, linking and
/// moving identities, and round trips. Override <see cref="OpenSecondDirectoryAsync"/> to run the concurrency tests
/// across instances; throw <see cref="SkipException"/> from <see cref="CreateDirectoryAsync"/> when the backing store
/// cannot be reached.
/// </remarks>
public abstract partial class CustomerDirectoryContractTests : IAsyncLifetime
{
    private readonly List<ICustomerDirectory> _opened = [];
    private ICustomerDirectory? _directory;

    /// <summary>Gets the clock the directory was given; it orders new customer ids.</summary>
    protected FakeTimeProvider Time { get; } = new();

    /// <summary>Gets the directory under test, made by <see cref="CreateDirectoryAsync"/> before each test.</summary>
    protected ICustomerDirectory Directory => _directory ?? throw new InvalidOperationException("The directory is created in InitializeAsync.");

    /// <summary>Creates a new, empty directory for one test.</summary>
    /// <param name="time">The clock the directory must use.</param>
    /// <returns>The directory.</returns>
    /// <exception cref="SkipException">The directory's store cannot be reached here; the message says how to enable the tests.</exception>
    protected abstract Task<ICustomerDirectory> CreateDirectoryAsync(TimeProvider time);

    /// <summary>
    /// Opens another directory over the same data as <paramref name="first"/>, as a second app instance would. The
    /// default returns <paramref name="first"/> itself.
    /// </summary>
    /// <param name="first">The directory made by <see cref="CreateDirectoryAsync"/>.</param>
    /// <param name="time">The clock the directory must use.</param>
    /// <returns>Another directory, or <paramref name="first"/>.</returns>
    protected virtual Task<ICustomerDirectory> OpenSecondDirectoryAsync(ICustomerDirectory first, TimeProvider time) => Task.FromResult(first);

    /// <summary>Releases a directory made by <see cref="CreateDirectoryAsync"/> or <see cref="OpenSecondDirectoryAsync"/>.</summary>
    /// <param name="directory">The directory.</param>
    /// <returns>A task that completes when the directory is released.</returns>
    protected virtual async Task DisposeDirectoryAsync(ICustomerDirectory directory)
    {
        switch (directory)
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
        _directory = await CreateDirectoryAsync(Time).ConfigureAwait(false);
        _opened.Add(_directory);
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        foreach (var directory in _opened.Distinct())
        {
            await DisposeDirectoryAsync(directory).ConfigureAwait(false);
        }

        _opened.Clear();
        GC.SuppressFinalize(this);
    }

    /// <summary>Opens a second directory over the same data, remembered for disposal.</summary>
    /// <returns>The second directory (perhaps <see cref="Directory"/> itself).</returns>
    protected async Task<ICustomerDirectory> SecondDirectoryAsync()
    {
        var second = await OpenSecondDirectoryAsync(Directory, Time).ConfigureAwait(false);
        _opened.Add(second);
        return second;
    }
}
