using System.Reflection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace OrleansBackup.Silo.Database;

/// <summary>Applies the PostgreSQL scripts of <c>deploy/postgresql/</c>, embedded in this assembly,
/// in file-name order, each in its own transaction. The scripts are idempotent, so installing
/// again (every deployment, or several init containers at once) is harmless.</summary>
public sealed partial class SchemaInstaller(ILogger<SchemaInstaller> logger)
{
    /// <summary>Manifest-name prefix of the embedded scripts (see Silo.csproj).</summary>
    public const string ResourcePrefix = "OrleansBackup.Schema.";

    // Serializes concurrent installers on one database: CREATE ... IF NOT EXISTS is not safe
    // against a concurrent CREATE of the same object. Any constant works; this one reads "OBKSCHEM".
    private const long InstallLockKey = 0x4F424B5343484D;

    /// <summary>The embedded scripts in the order they run: (file name, SQL).</summary>
    public static IReadOnlyList<(string Name, string Sql)> Scripts()
    {
        var assembly = typeof(SchemaInstaller).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n[ResourcePrefix.Length..], Read(assembly, n)))
            .ToArray();
    }

    /// <summary>Applies every script to the database <paramref name="connectionString"/> names.
    /// Returns the script names applied; throws <see cref="NpgsqlException"/> (or
    /// <see cref="PostgresException"/>) on the first failure, whose transaction is rolled back.</summary>
    public async Task<IReadOnlyList<string>> InstallAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var scripts = Scripts();
        if (scripts.Count == 0)
            throw new InvalidOperationException($"No embedded schema scripts ({ResourcePrefix}*.sql) in {typeof(SchemaInstaller).Assembly.GetName().Name}");

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        LogConnected(connection.Host ?? "?", connection.Port, connection.Database, connection.PostgreSqlVersion.ToString());

        var applied = new List<string>();
        foreach (var (name, sql) in scripts)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
                {
                    lockCommand.Parameters.AddWithValue("key", InstallLockKey);
                    await lockCommand.ExecuteNonQueryAsync(cancellationToken);
                }
                // No parameters: Npgsql sends the script as is, dollar-quoted query texts and all.
                await using (var command = new NpgsqlCommand(sql, connection, transaction))
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
            }
            applied.Add(name);
            LogApplied(name, (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var queryCount = await CountQueriesAsync(connection, cancellationToken);
        LogInstalled(applied.Count, queryCount);
        return applied;
    }

    private static async Task<long> CountQueriesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT count(*) FROM OrleansQuery", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
