using System.Data;
using Npgsql;

namespace OrleansBackup.Tests.Postgres;

/// <summary>The grain-state queries' version (ETag) contract, run the way AdoNetGrainStorage runs
/// them: the text from OrleansQuery, parameters typed by DbType, results read by column name.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PersistenceQueryTests : IAsyncLifetime
{
    private readonly string serviceId = TestDatabase.UniqueId("obk-query");
    private NpgsqlConnection connection = null!;

    public async Task InitializeAsync()
    {
        await TestDatabase.InstallSchemaAsync();
        connection = await TestDatabase.OpenAsync();
    }

    public async Task DisposeAsync()
    {
        await using var cleanup = new NpgsqlCommand("DELETE FROM OrleansStorage WHERE ServiceId = @s", connection);
        cleanup.Parameters.AddWithValue("s", serviceId);
        await cleanup.ExecuteNonQueryAsync();
        await connection.DisposeAsync();
    }

    [Fact]
    public async Task Writes_and_clears_move_the_version_on_and_reject_a_stale_one()
    {
        Assert.Null(await ReadAsync("a"));
        Assert.Equal(1, await RunAsync("WriteToStorageKey", "a", version: null, payload: [1]));
        Assert.Null(await RunAsync("WriteToStorageKey", "a", version: null, payload: [9]));  // a second "first" write
        Assert.Equal(2, await RunAsync("WriteToStorageKey", "a", version: 1, payload: [2]));
        Assert.Null(await RunAsync("WriteToStorageKey", "a", version: 1, payload: [9]));     // stale ETag
        Assert.Equal(("02", 2), await ReadAsync("a"));

        Assert.Equal(3, await RunAsync("ClearStorageKey", "a", version: 2));
        Assert.Equal(((string?)null, 3), await ReadAsync("a"));
        Assert.Equal(4, await RunAsync("WriteToStorageKey", "a", version: 3, payload: [4]));

        Assert.Null(await RunAsync("DeleteStorageKey", "a", version: 3));
        Assert.Equal(5, await RunAsync("DeleteStorageKey", "a", version: 4));                 // deleted version + 1
        Assert.Null(await ReadAsync("a"));
    }

    [Fact]
    public async Task Null_and_empty_key_extensions_are_different_grains()
    {
        Assert.Equal(1, await RunAsync("WriteToStorageKey", null, version: null, payload: [1]));
        Assert.Equal(1, await RunAsync("WriteToStorageKey", "", version: null, payload: [2]));
        Assert.Equal(("01", 1), await ReadAsync(null));
        Assert.Equal(("02", 1), await ReadAsync(""));
    }

    private async Task<string> QueryAsync(string key)
    {
        await using var command = new NpgsqlCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = @k", connection);
        command.Parameters.AddWithValue("k", key);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task<NpgsqlCommand> CommandAsync(string key, string? extension)
    {
        var command = new NpgsqlCommand(await QueryAsync(key), connection);
        Add(command, "GrainIdHash", DbType.Int32, 42);
        Add(command, "GrainIdN0", DbType.Int64, 7L);
        Add(command, "GrainIdN1", DbType.Int64, 8L);
        Add(command, "GrainTypeHash", DbType.Int32, -5);
        Add(command, "GrainTypeString", DbType.String, "OrleansBackup.Tests.SomeGrain");
        Add(command, "GrainIdExtensionString", DbType.String, extension);
        Add(command, "ServiceId", DbType.String, serviceId);
        return command;
    }

    private async Task<int?> RunAsync(string key, string? extension, int? version, byte[]? payload = null)
    {
        await using var command = await CommandAsync(key, extension);
        Add(command, "GrainStateVersion", DbType.Int32, version);
        if (key == "WriteToStorageKey") Add(command, "PayloadBinary", DbType.Binary, payload);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return null;
        var result = reader.IsDBNull(0) ? (int?)null : reader.GetInt32(0);
        Assert.False(await reader.ReadAsync(), "at most one row");
        return result;
    }

    /// <summary>(payload as hex, version), or null when there is no row.</summary>
    private async Task<(string? Payload, int Version)?> ReadAsync(string? extension)
    {
        await using var command = await CommandAsync("ReadFromStorageKey", extension);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) return null;
        var payload = reader.IsDBNull(reader.GetOrdinal("PayloadBinary")) ? null : Convert.ToHexString((byte[])reader["PayloadBinary"]);
        return (payload, reader.GetInt32(reader.GetOrdinal("Version")));
    }

    private static void Add(NpgsqlCommand command, string name, DbType type, object? value)
        => command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
}
