namespace SocialCare.Storage.PostgreSql;

/// <summary>Settings of the PostgreSQL ticket store and customer directory.</summary>
/// <remarks>
/// Bind from configuration (the section <c>SocialCare:Storage:PostgreSql</c> by convention) or set in code. Invalid
/// settings fail at start-up (or, without a host, when a store is constructed) with a message naming the option. The
/// connection string's password is never logged nor put in an exception message.
/// </remarks>
public sealed class PostgreSqlStoreOptions
{
    /// <summary>Gets or sets the Npgsql connection string of the database (for example <c>Host=db;Username=app;Password=…;Database=socialcare</c>).</summary>
    /// <remarks>
    /// Unless the connection string says otherwise, the store turns on Npgsql's automatic preparation of statements
    /// (<c>Max Auto Prepare=64</c>) and skips the session reset when a connection goes back to the pool
    /// (<c>No Reset On Close=true</c>): it never changes session state.
    /// </remarks>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Gets or sets the schema that holds SocialCare's tables; created by the first migration when missing.</summary>
    /// <value>The default is <c>socialcare</c>. Lower-case letters, digits and underscores, starting with a letter or underscore, at most 63 characters.</value>
    public string Schema { get; set; } = "socialcare";

    /// <summary>
    /// Gets or sets how many times an operation is tried again after a transient failure (a dropped or refused
    /// connection, a deadlock, a serialization failure) before it fails with an exception that says it gave up.
    /// Constraint and version conflicts are never retried.
    /// </summary>
    /// <value>The default is 3 (four attempts in all). From 0 to 20.</value>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Gets or sets the wait before the first retry; each further retry waits twice as long, plus up to 50% random jitter.</summary>
    /// <value>The default is 50 milliseconds. From zero to 10 seconds.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Gets or sets a value indicating whether concurrent commits are grouped into one database transaction, each change
    /// set under its own savepoint (a failing one rolls back alone), with one <c>COMMIT</c> for the group.
    /// </summary>
    /// <value>
    /// The default is <see langword="true"/>. A commit that finds nothing else waiting is sent at once; grouping only
    /// happens while a transaction is already in flight, so it adds no delay.
    /// </value>
    public bool GroupCommit { get; set; } = true;

    /// <summary>Gets or sets the largest number of change sets grouped into one transaction.</summary>
    /// <value>The default is 64. From 1 to 1000.</value>
    public int MaxBatchSize { get; set; } = 64;
}
