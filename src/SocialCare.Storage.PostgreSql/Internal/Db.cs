using Npgsql;
using NpgsqlTypes;
using SocialCare.Abstractions;

namespace SocialCare.Storage.PostgreSql;

/// <summary>Small helpers for parameters and documents.</summary>
internal static class Db
{
    public static NpgsqlParameter Text(string value) => new NpgsqlParameter<string> { TypedValue = value };

    public static NpgsqlParameter NullableText(string? value)
        => value is null ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text } : Text(value);

    public static NpgsqlParameter Bigint(long value) => new NpgsqlParameter<long> { TypedValue = value };

    public static NpgsqlParameter NullableBigint(long? value)
        => value is { } v ? Bigint(v) : new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint };

    public static NpgsqlParameter Smallint(short value) => new NpgsqlParameter<short> { TypedValue = value };

    public static NpgsqlParameter NullableSmallint(short? value)
        => value is { } v ? Smallint(v) : new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlDbType.Smallint };

    public static NpgsqlParameter Integer(int value) => new NpgsqlParameter<int> { TypedValue = value };

    public static NpgsqlParameter Boolean(bool value) => new NpgsqlParameter<bool> { TypedValue = value };

    public static NpgsqlParameter Bytea(byte[] value) => new NpgsqlParameter<byte[]> { TypedValue = value };

    public static NpgsqlParameter SmallintArray(short[] value) => new NpgsqlParameter<short[]> { TypedValue = value };

    /// <summary>A time as an index column: UTC ticks, exact to 100 ns and ordered as <see cref="DateTimeOffset"/> compares.</summary>
    public static long Ticks(DateTimeOffset value) => value.UtcTicks;

    public static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params ReadOnlySpan<NpgsqlParameter> parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public static NpgsqlCommand Command(NpgsqlDataSource dataSource, string sql, params ReadOnlySpan<NpgsqlParameter> parameters)
    {
        var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public static NpgsqlBatchCommand BatchCommand(string sql, params ReadOnlySpan<NpgsqlParameter> parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public static T Read<T>(NpgsqlDataReader reader, int ordinal)
        where T : class
        => SocialCareJson.Deserialize<T>(reader.GetFieldValue<byte[]>(ordinal))
            ?? throw new InvalidDataException($"A stored {typeof(T).Name} document is null.");

    public static async Task<T?> ReadOneAsync<T>(NpgsqlCommand command, CancellationToken cancellationToken)
        where T : class
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read<T>(reader, 0) : null;
        }
    }

    public static async Task<IReadOnlyList<T>> ReadListAsync<T>(NpgsqlCommand command, CancellationToken cancellationToken)
        where T : class
    {
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            List<T> items = [];
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                items.Add(Read<T>(reader, 0));
            }

            return items;
        }
    }
}
