using Microsoft.Extensions.Options;

namespace SocialCare.Storage.PostgreSql.Tests;

/// <summary>The options' checks: each failure names the option by its configuration path, and never echoes the password.</summary>
public sealed class OptionsTests
{
    private const string Valid = "Host=db.example.test;Username=app;Password=s3cret;Database=socialcare";

    /// <summary>The defaults with a connection string are valid.</summary>
    [SkippableFact]
    public void TheDefaultsWithAConnectionStringAreValid()
    {
        var options = new PostgreSqlStoreOptions { ConnectionString = Valid };

        Assert.True(PostgreSqlStoreOptionsValidator.Instance.Validate(null, options).Succeeded);
        Assert.Equal(("socialcare", 3, true, 64), (options.Schema, options.MaxRetries, options.GroupCommit, options.MaxBatchSize));
        Assert.Equal(TimeSpan.FromMilliseconds(50), options.RetryDelay);
    }

    /// <summary>Schema names are plain lower-case identifiers, so they never need quoting rules from the user.</summary>
    [SkippableFact]
    public void SchemaNamesAreChecked()
    {
        (string Schema, bool Valid)[] cases =
        [
            ("socialcare", true), ("_tenant_42", true), ("t", true),
            ("", false), ("SocialCare", false), ("4tenant", false), ("social-care", false), ("social care", false),
            ("a\"; DROP SCHEMA public; --", false), ("schémà", false),
        ];
        foreach (var (schema, valid) in cases)
        {
            var result = PostgreSqlStoreOptionsValidator.Instance.Validate(null, new PostgreSqlStoreOptions { ConnectionString = Valid, Schema = schema });

            Assert.True(valid == result.Succeeded, schema);
            if (!valid)
            {
                Assert.Contains("SocialCare:Storage:PostgreSql:Schema", result.FailureMessage, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>A schema name of 64 characters is one too many for PostgreSQL.</summary>
    [SkippableFact]
    public void SchemaNamesFitPostgreSqlsLimit()
    {
        Assert.True(PostgreSqlStoreOptionsValidator.IsSchemaName(new string('a', 63)));
        Assert.False(PostgreSqlStoreOptionsValidator.IsSchemaName(new string('a', 64)));
    }

    /// <summary>Each out-of-range number is reported with its option's path.</summary>
    [SkippableFact]
    public void NumbersOutOfRangeAreReported()
    {
        (string Option, Action<PostgreSqlStoreOptions> Set)[] cases =
        [
            ("MaxRetries", o => o.MaxRetries = 21),
            ("MaxRetries", o => o.MaxRetries = -1),
            ("RetryDelay", o => o.RetryDelay = TimeSpan.FromMilliseconds(-1)),
            ("RetryDelay", o => o.RetryDelay = TimeSpan.FromSeconds(11)),
            ("MaxBatchSize", o => o.MaxBatchSize = 0),
            ("MaxBatchSize", o => o.MaxBatchSize = 1001),
        ];
        foreach (var (option, set) in cases)
        {
            var options = new PostgreSqlStoreOptions { ConnectionString = Valid };
            set(options);

            var result = PostgreSqlStoreOptionsValidator.Instance.Validate(null, options);

            Assert.False(result.Succeeded, option);
            Assert.Contains($"SocialCare:Storage:PostgreSql:{option}", Assert.Single(result.Failures!), StringComparison.Ordinal);
        }
    }

    /// <summary>A malformed connection string is reported without being echoed: it holds the password.</summary>
    [SkippableFact]
    public void BadConnectionStringsAreReportedWithoutThePassword()
    {
        foreach (var connectionString in new[] { "Host=db;Password=s3cret;Not A Keyword=1", "Username=app;Password=s3cret;Database=socialcare", "   " })
        {
            var result = PostgreSqlStoreOptionsValidator.Instance.Validate(null, new PostgreSqlStoreOptions { ConnectionString = connectionString });

            Assert.False(result.Succeeded, connectionString);
            Assert.Contains("SocialCare:Storage:PostgreSql:ConnectionString", result.FailureMessage, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cret", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    /// <summary>A store or directory created without a host checks its options at once.</summary>
    [SkippableFact]
    public void StoresCreatedWithoutAHostCheckTheirOptions()
    {
        var error = Assert.Throws<OptionsValidationException>(() => new PostgreSqlTicketStore(new PostgreSqlStoreOptions { ConnectionString = Valid, Schema = "Bad" }));
        Assert.Contains("SocialCare:Storage:PostgreSql:Schema", error.Message, StringComparison.Ordinal);
        Assert.Throws<OptionsValidationException>(() => new PostgreSqlCustomerDirectory(new PostgreSqlStoreOptions()));
        Assert.Throws<ArgumentNullException>(() => new PostgreSqlTicketStore(null!));
    }
}
