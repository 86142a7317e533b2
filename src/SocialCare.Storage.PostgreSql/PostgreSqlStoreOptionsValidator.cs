using Microsoft.Extensions.Options;
using Npgsql;

namespace SocialCare.Storage.PostgreSql;

/// <summary>Checks <see cref="PostgreSqlStoreOptions"/>; each failure names the option by its configuration path.</summary>
internal sealed class PostgreSqlStoreOptionsValidator : IValidateOptions<PostgreSqlStoreOptions>
{
    internal const string Section = PostgreSqlConstants.ConfigurationSection;

    public static PostgreSqlStoreOptionsValidator Instance { get; } = new();

    public ValidateOptionsResult Validate(string? name, PostgreSqlStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new ValidateOptionsResultBuilder();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            result.AddError("is required: the Npgsql connection string of the database (Host=…;Username=…;Password=…;Database=…).", $"{Section}:ConnectionString");
        }
        else if (!TryParse(options.ConnectionString, out var builder))
        {
            // Never echo the string: it holds the password.
            result.AddError("is not a valid Npgsql connection string (an unknown keyword or a malformed value).", $"{Section}:ConnectionString");
        }
        else if (string.IsNullOrWhiteSpace(builder.Host))
        {
            result.AddError("names no Host: set Host=… to the database server.", $"{Section}:ConnectionString");
        }

        if (!IsSchemaName(options.Schema))
        {
            result.AddError(
                "must be lower-case letters, digits and underscores, start with a letter or an underscore, and be at most 63 characters long.",
                $"{Section}:Schema");
        }

        if (options.MaxRetries is < 0 or > 20)
        {
            result.AddError("must be from 0 to 20.", $"{Section}:MaxRetries");
        }

        if (options.RetryDelay < TimeSpan.Zero || options.RetryDelay > TimeSpan.FromSeconds(10))
        {
            result.AddError("must be from zero to 10 seconds.", $"{Section}:RetryDelay");
        }

        if (options.MaxBatchSize is < 1 or > 1000)
        {
            result.AddError("must be from 1 to 1000.", $"{Section}:MaxBatchSize");
        }

        return result.Build();
    }

    /// <summary>Throws the validation failures of options given without a host.</summary>
    public static void ThrowIfInvalid(PostgreSqlStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = Instance.Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(PostgreSqlStoreOptions), result.Failures);
        }
    }

    internal static bool IsSchemaName(string? schema)
    {
        if (string.IsNullOrEmpty(schema) || schema.Length > 63 || char.IsAsciiDigit(schema[0]))
        {
            return false;
        }

        foreach (var c in schema)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParse(string connectionString, out NpgsqlConnectionStringBuilder builder)
    {
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            builder = null!;
            return false;
        }
    }
}
