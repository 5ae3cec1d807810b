using System.Data.Common;

namespace OrleansBackup.Hosting;

/// <summary>Describes a connection string for logs and messages without its secrets: only the
/// host, port and database ever leave this class.</summary>
public static class DbTarget
{
    /// <summary>"host:port/database" (port 5432 when not given), or null for no connection string.</summary>
    public static string? Describe(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString)) return null;
        try
        {
            var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
            var host = Value(parts, "Host", "Server") ?? "localhost";
            var port = Value(parts, "Port") ?? "5432";
            var database = Value(parts, "Database", "Initial Catalog") ?? "(default database)";
            return $"{host}:{port}/{database}";
        }
        catch (ArgumentException)
        {
            return "(unparsable connection string)";
        }
    }

    private static string? Value(DbConnectionStringBuilder parts, params string[] keys)
    {
        foreach (var key in keys)
            if (parts.TryGetValue(key, out var v) && v?.ToString() is { Length: > 0 } s) return s;
        return null;
    }
}
