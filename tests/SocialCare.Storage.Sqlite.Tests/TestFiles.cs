using Microsoft.Data.Sqlite;
using SocialCare.Abstractions;

namespace SocialCare.Storage.Sqlite.Tests;

/// <summary>A fresh directory under the temp folder for one test's SQLite files, deleted with everything in it.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "socialcare-sqlite-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name = "socialcare.db") => System.IO.Path.Combine(Path, name);

    public string ConnectionString(string name = "socialcare.db") => $"Data Source={File(name)}";

    public SqliteStoreOptions Options(string name = "socialcare.db", Action<SqliteStoreOptions>? configure = null)
    {
        var options = new SqliteStoreOptions { ConnectionString = ConnectionString(name) };
        configure?.Invoke(options);
        return options;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on another platform; the temp folder is cleaned eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>Reads a SQLite file directly (its own connection, no pooling), to check what is on disk.</summary>
internal static class Inspect
{
    public static long Scalar(string file, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static void Execute(string file, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>Builds model values for the store tests.</summary>
internal static class Model
{
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 18, 30, 0, TimeSpan.Zero);
    public static readonly ChannelAccountId Account = new("109283746501234");

    public static Participant Person(int n) => new(ChannelId.WhatsApp, Account, new NetworkUserId($"4477009{n:D5}")) { DisplayName = $"Customer {n}" };

    public static ConversationRef Conversation(int n) => ConversationRef.PrivateWith(Person(n));

    public static Ticket NewTicket(int n, DateTimeOffset? at = null)
    {
        var time = at ?? Start.AddSeconds(n);
        return new Ticket(TicketId.New(time), Conversation(n), new CustomerId($"customer-{n}"), TicketState.New, time, 1) { UpdatedAt = time, StateChangedAt = time };
    }

    public static Message Inbound(Ticket ticket, string networkId, string text = "Hello")
        => new(MessageId.New(ticket.CreatedAt), ticket.Id, ticket.Conversation, MessageDirection.Inbound, AuthorKind.Customer, ticket.CreatedAt, [new TextPart(text)])
        {
            NetworkId = new NetworkMessageId(networkId),
        };

    public static IdempotencyKey Event(string id) => new(ChannelId.WhatsApp, Account, id);

    /// <summary>A change set that opens a ticket with one customer message, as the engine makes for a first message.</summary>
    public static (TicketChangeSet Changes, Ticket Ticket, Message Message) Opening(int n, string? eventId = null)
    {
        var ticket = NewTicket(n);
        var message = Inbound(ticket, $"wamid.{n}");
        var changes = new TicketChangeSet
        {
            Event = Event(eventId ?? $"event-{n}"),
            Tickets = [new TicketWrite(ticket, 0)],
            AddedMessages = [message],
            History = [new TicketHistoryEntry(ticket.Id, ticket.CreatedAt, TicketState.New, TicketState.New, "created")],
        };
        return (changes, ticket, message);
    }
}
