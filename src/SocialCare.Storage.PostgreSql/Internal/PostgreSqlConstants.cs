namespace SocialCare.Storage.PostgreSql;

/// <summary>Names and limits shared inside the package.</summary>
internal static class PostgreSqlConstants
{
    /// <summary>The configuration section the options are bound from by convention; validation messages name options under it.</summary>
    public const string ConfigurationSection = "SocialCare:Storage:PostgreSql";

    /// <summary>The statements Npgsql prepares automatically per connection when the connection string does not say.</summary>
    public const int DefaultMaxAutoPrepare = 64;
}
