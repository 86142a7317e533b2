using System.Text.Json.Serialization.Metadata;

namespace SocialCare.Storage.Sqlite;

/// <summary>
/// Decoded documents of one table, by rowid: a read whose stored bytes are exactly the cached bytes gets the cached
/// (immutable) record instead of deserializing again. Tickets and customers are read on every message of a
/// conversation, and decoding them is the larger part of such a read.
/// </summary>
/// <remarks>
/// Thread-safe and lock-free: a direct-mapped array of immutable entries, each replaced whole. The bytes are compared in
/// full, so an entry can never return a stale record: a row that changed has other bytes. Bounded: one entry per slot.
/// </remarks>
internal sealed class DocumentCache<T>
    where T : class
{
    private const int Slots = 4096;

    private readonly JsonTypeInfo<T> _info;
    private readonly Entry?[] _entries = new Entry?[Slots];

    public DocumentCache(JsonTypeInfo<T> info)
    {
        _info = info;
    }

    public T Read(long rowId, ReadOnlySpan<byte> document)
    {
        ref var slot = ref _entries[(int)((ulong)rowId % Slots)];
        var entry = Volatile.Read(ref slot);
        if (entry is not null && entry.RowId == rowId && document.SequenceEqual(entry.Bytes))
        {
            return entry.Value;
        }

        var value = Documents.Read(document, _info);
        Volatile.Write(ref slot, new Entry(rowId, document.ToArray(), value));
        return value;
    }

    private sealed record Entry(long RowId, byte[] Bytes, T Value);
}
