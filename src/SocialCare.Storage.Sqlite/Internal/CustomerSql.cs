using SocialCare.Abstractions;

namespace SocialCare.Storage.Sqlite;

/// <summary>The customer directory's statements. An identity is bound as ?1 channel, ?2 account, ?3 user key.</summary>
internal static class CustomerSql
{
    public static readonly Sql FindByIdentity = new("""
        SELECT c.doc, c.seq FROM customer_identities i JOIN customers c ON c.seq = i.customer_seq
        WHERE i.channel = ?1 AND i.account = ?2 AND i.user_key = ?3
        """);

    public static readonly Sql GetById = new("SELECT seq, doc FROM customers WHERE id = ?1");

    public static readonly Sql GetBySeq = new("SELECT doc FROM customers WHERE seq = ?1");

    public static readonly Sql SelectIdentityOwner = new("SELECT customer_seq FROM customer_identities WHERE channel = ?1 AND account = ?2 AND user_key = ?3");

    // The first customer (in creation order) with an identity on the same channel account that has this phone number,
    // or whose user key is this phone number (a WhatsApp customer first known by phone).
    public static readonly Sql SelectByPhone = new("""
        SELECT MIN(customer_seq) FROM customer_identities
        WHERE channel = ?1 AND account = ?2 AND (phone = ?3 OR user_key = ?3)
        """);

    public static readonly Sql InsertCustomer = new("INSERT INTO customers (id, doc) VALUES (?1, ?2)");

    public static readonly Sql UpdateCustomer = new("UPDATE customers SET doc = ?2 WHERE seq = ?1");

    public static readonly Sql UpsertIdentity = new("""
        INSERT INTO customer_identities (channel, account, user_key, customer_seq, phone) VALUES (?1, ?2, ?3, ?4, ?5)
        ON CONFLICT (channel, account, user_key) DO UPDATE SET customer_seq = excluded.customer_seq, phone = excluded.phone
        """);

    public static readonly Sql DeleteIdentity = new("""
        DELETE FROM customer_identities WHERE channel = ?1 AND account = ?2 AND user_key = ?3 AND customer_seq = ?4
        """);

    public static void BindIdentity(Statement statement, Participant identity)
    {
        statement.Bind(1, identity.Channel.Value);
        statement.Bind(2, identity.Account.Value);
        statement.Bind(3, identity.UserKey.Value);
    }

    public static bool SameIdentity(Participant a, Participant b)
        => a.Channel == b.Channel && a.Account == b.Account && a.UserKey == b.UserKey;

    public static long? SelectLong(SqliteDbConnection connection, Sql sql, Participant identity)
    {
        var select = connection[sql];
        try
        {
            BindIdentity(select, identity);
            return select.Step() && !select.IsNull(0) ? select.GetInt64(0) : null;
        }
        finally
        {
            select.Reset();
        }
    }

    public static long? FindByPhone(SqliteDbConnection connection, Participant participant)
    {
        var select = connection[SelectByPhone];
        try
        {
            select.Bind(1, participant.Channel.Value);
            select.Bind(2, participant.Account.Value);
            select.Bind(3, participant.Phone);
            return select.Step() && !select.IsNull(0) ? select.GetInt64(0) : null;
        }
        finally
        {
            select.Reset();
        }
    }

    /// <summary>Reads a customer by id with its row number; throws <see cref="KeyNotFoundException"/> when there is none.</summary>
    public static (long Seq, Customer Customer) LoadById(SqliteDbConnection connection, CustomerId id)
    {
        var select = connection[GetById];
        try
        {
            select.Bind(1, id.Value);
            if (!select.Step())
            {
                throw new KeyNotFoundException($"No customer {id}.");
            }

            return (select.GetInt64(0), Documents.Read(select.GetBlob(1), Documents.Customer));
        }
        finally
        {
            select.Reset();
        }
    }

    public static Customer Load(SqliteDbConnection connection, long seq)
    {
        var select = connection[GetBySeq];
        try
        {
            select.Bind(1, seq);
            return select.Step()
                ? Documents.Read(select.GetBlob(0), Documents.Customer)
                : throw new InvalidDataException("A customer identity points to a customer that is not stored.");
        }
        finally
        {
            select.Reset();
        }
    }

    public static void Update(SqliteDbConnection connection, long seq, Customer customer)
    {
        var update = connection[UpdateCustomer];
        update.Bind(1, seq);
        update.Bind(2, Documents.Write(customer, Documents.Customer));
        update.Execute();
    }

    public static void SaveIdentity(SqliteDbConnection connection, Participant identity, long seq)
    {
        var upsert = connection[UpsertIdentity];
        BindIdentity(upsert, identity);
        upsert.Bind(4, seq);
        upsert.Bind(5, identity.Phone);
        upsert.Execute();
    }
}

/// <summary>Resolves an identity on the writer: finds its customer (by identity, then by phone) or creates one, atomically.</summary>
internal sealed class CustomerResolve(Participant participant, TimeProvider time, CancellationToken cancellationToken)
    : WriteOperation<Customer>(cancellationToken)
{
    protected override Customer Run(SqliteDbConnection connection)
    {
        var seq = CustomerSql.SelectLong(connection, CustomerSql.SelectIdentityOwner, participant);
        var byIdentity = seq is not null;
        if (seq is null && !string.IsNullOrEmpty(participant.Phone))
        {
            seq = CustomerSql.FindByPhone(connection, participant);
        }

        if (seq is { } found)
        {
            var customer = CustomerSql.Load(connection, found);
            var known = customer.Identities.FirstOrDefault(p => CustomerSql.SameIdentity(p, participant));
            if (known is null || known != participant)
            {
                // The network told us something new (a changed name, a new phone): keep the latest.
                customer = customer with
                {
                    Identities = [.. customer.Identities.Where(p => !CustomerSql.SameIdentity(p, participant)), participant],
                    DisplayName = customer.DisplayName ?? participant.DisplayName,
                };
                CustomerSql.Update(connection, found, customer);
                CustomerSql.SaveIdentity(connection, participant, found);
            }
            else if (!byIdentity)
            {
                CustomerSql.SaveIdentity(connection, participant, found);
            }

            return customer;
        }

        var created = new Customer(CustomerId.New(time.GetUtcNow()), [participant]) { DisplayName = participant.DisplayName };
        var insert = connection[CustomerSql.InsertCustomer];
        insert.Bind(1, created.Id.Value);
        insert.Bind(2, Documents.Write(created, Documents.Customer));
        insert.Execute();
        CustomerSql.SaveIdentity(connection, participant, connection.LastInsertRowId);
        return created;
    }
}

/// <summary>Links an identity to a customer on the writer, moving it from its previous customer.</summary>
internal sealed class CustomerLink(CustomerId id, Participant identity, CancellationToken cancellationToken)
    : WriteOperation<Customer>(cancellationToken)
{
    protected override Customer Run(SqliteDbConnection connection)
    {
        var (seq, customer) = CustomerSql.LoadById(connection, id);
        if (CustomerSql.SelectLong(connection, CustomerSql.SelectIdentityOwner, identity) is { } owner && owner != seq)
        {
            var previous = CustomerSql.Load(connection, owner);
            CustomerSql.Update(connection, owner, previous with { Identities = [.. previous.Identities.Where(p => !CustomerSql.SameIdentity(p, identity))] });
        }

        customer = customer with { Identities = [.. customer.Identities.Where(p => !CustomerSql.SameIdentity(p, identity)), identity] };
        CustomerSql.Update(connection, seq, customer);
        CustomerSql.SaveIdentity(connection, identity, seq);
        return customer;
    }
}

/// <summary>Removes an identity from a customer on the writer; nothing changes when it was not theirs.</summary>
internal sealed class CustomerUnlink(CustomerId id, Participant identity, CancellationToken cancellationToken)
    : WriteOperation<Customer>(cancellationToken)
{
    protected override Customer Run(SqliteDbConnection connection)
    {
        var (seq, customer) = CustomerSql.LoadById(connection, id);
        if (!customer.Identities.Any(p => CustomerSql.SameIdentity(p, identity)))
        {
            return customer;
        }

        customer = customer with { Identities = [.. customer.Identities.Where(p => !CustomerSql.SameIdentity(p, identity))] };
        CustomerSql.Update(connection, seq, customer);
        var delete = connection[CustomerSql.DeleteIdentity];
        CustomerSql.BindIdentity(delete, identity);
        delete.Bind(4, seq);
        delete.Execute();
        return customer;
    }
}

/// <summary>Saves a customer's details on the writer, keeping the identities stored.</summary>
internal sealed class CustomerUpdate(Customer update, CancellationToken cancellationToken)
    : WriteOperation<Customer>(cancellationToken)
{
    protected override Customer Run(SqliteDbConnection connection)
    {
        var (seq, stored) = CustomerSql.LoadById(connection, update.Id);
        var customer = update with { Identities = stored.Identities };
        CustomerSql.Update(connection, seq, customer);
        return customer;
    }
}
