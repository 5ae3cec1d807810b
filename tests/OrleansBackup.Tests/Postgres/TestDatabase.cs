extern alias silo;

using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using silo::OrleansBackup.Silo.Database;

namespace OrleansBackup.Tests.Postgres;

/// <summary>The PostgreSQL database the tests run against: <c>BACKUP_TEST_DB</c>, set by
/// <c>tests/postgres.sh</c>. Missing means a failed test, never a skipped one.</summary>
public static class TestDatabase
{
    public const string Variable = "BACKUP_TEST_DB";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set: the PostgreSQL tests need a server. Run `bash tests/postgres.sh start` " +
                $"and `eval \"$(bash tests/postgres.sh env)\"` before `dotnet test`.");

    public static Task<IReadOnlyList<string>> InstallSchemaAsync()
        => new SchemaInstaller(NullLogger<SchemaInstaller>.Instance).InstallAsync(ConnectionString);

    public static async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Runs a query and returns the first column of every row.</summary>
    public static async Task<List<T>> ColumnAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        var result = new List<T>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) result.Add(reader.GetFieldValue<T>(0));
        return result;
    }

    /// <summary>Removes what a test cluster left: its grain state and reminders (by service id) and
    /// its membership rows (by cluster id).</summary>
    public static async Task DeleteClusterRowsAsync(string serviceId, string clusterId)
    {
        await using var connection = await OpenAsync();
        await using var cleanup = new NpgsqlCommand(
            "DELETE FROM OrleansStorage WHERE ServiceId = @s; DELETE FROM OrleansRemindersTable WHERE ServiceId = @s; " +
            "DELETE FROM OrleansMembershipTable WHERE DeploymentId = @c; DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @c;",
            connection);
        cleanup.Parameters.AddWithValue("s", serviceId);
        cleanup.Parameters.AddWithValue("c", clusterId);
        await cleanup.ExecuteNonQueryAsync();
    }

    /// <summary>A ClusterId/ServiceId no other test run uses.</summary>
    public static string UniqueId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
