using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace OrleansBackup.Silo.Storage;

/// <summary>Orleans grain storage in the <see cref="SqliteStateStore"/>: one row per (state name,
/// grain), the state as plain JSON without type names (<see cref="JsonGrainStateSerializer"/>, as in
/// PostgreSQL), and optimistic concurrency on a version number that is the ETag. The version
/// contract is the PostgreSQL store's: the first write needs no ETag and makes version 1; each write
/// or clear needs the current ETag and moves it on by one (a clear keeps the row with no payload, so
/// a writer holding an ETag from before the clear is still refused); anything else throws
/// <see cref="InconsistentStateException"/>.</summary>
public sealed class SqliteGrainStorage(SqliteStateStore store, IGrainStorageSerializer serializer, IActivatorProvider activators) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = await store.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        await using var command = Command(connection, "SELECT version, payload FROM grain_state WHERE " + Key, stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false))
        {
            grainState.State = activators.GetActivator<T>().Create();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        var version = reader.GetInt64(0);
        var payload = reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1);
        grainState.State = payload is null
            ? activators.GetActivator<T>().Create()
            : serializer.Deserialize<T>(new BinaryData(payload)) ?? activators.GetActivator<T>().Create();
        grainState.ETag = ETag(version);
        grainState.RecordExists = payload is not null;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = serializer.Serialize(grainState.State).ToArray();
        var version = await ChangeAsync(stateName, grainId, grainState.ETag, payload, "write").ConfigureAwait(false);
        grainState.ETag = ETag(version);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        // Clearing what was never written leaves nothing to clear.
        if (grainState.ETag is null && !await ExistsAsync(stateName, grainId).ConfigureAwait(false))
        {
            grainState.State = activators.GetActivator<T>().Create();
            grainState.RecordExists = false;
            return;
        }
        var version = await ChangeAsync(stateName, grainId, grainState.ETag, payload: null, "clear").ConfigureAwait(false);
        grainState.ETag = ETag(version);
        grainState.State = activators.GetActivator<T>().Create();
        grainState.RecordExists = false;
    }

    private const string Key = "service_id = $service AND state_name = $state AND grain_id = $grain";

    /// <summary>Writes (or clears, with a null payload) if the row is at <paramref name="etag"/>;
    /// returns the new version or throws <see cref="InconsistentStateException"/>.</summary>
    private async Task<long> ChangeAsync(string stateName, GrainId grainId, string? etag, byte[]? payload, string operation)
    {
        await using var connection = await store.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        await using var command = etag is null
            ? Command(connection, """
                INSERT INTO grain_state (service_id, state_name, grain_id, version, payload, modified_at)
                VALUES ($service, $state, $grain, 1, $payload, $now)
                ON CONFLICT DO NOTHING
                RETURNING version
                """, stateName, grainId)
            : Command(connection, $"""
                UPDATE grain_state SET version = version + 1, payload = $payload, modified_at = $now
                WHERE {Key} AND version = $version
                RETURNING version
                """, stateName, grainId);
        command.Parameters.AddWithValue("$payload", (object?)payload ?? DBNull.Value);
        command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        if (etag is not null)
        {
            if (!long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var expected))
                throw new InconsistentStateException($"Cannot {operation} {stateName} of {grainId}: '{etag}' is not an ETag of this store.", etag, await CurrentETagAsync(stateName, grainId).ConfigureAwait(false));
            command.Parameters.AddWithValue("$version", expected);
        }
        if (await command.ExecuteScalarAsync().ConfigureAwait(false) is long version) return version;
        var current = await CurrentETagAsync(stateName, grainId).ConfigureAwait(false);
        throw new InconsistentStateException(
            $"Cannot {operation} {stateName} of {grainId}: it was written by someone else (ETag {etag ?? "none"}, stored {current ?? "none"}).",
            current, etag);
    }

    private async Task<bool> ExistsAsync(string stateName, GrainId grainId) =>
        await CurrentETagAsync(stateName, grainId).ConfigureAwait(false) is not null;

    private async Task<string?> CurrentETagAsync(string stateName, GrainId grainId)
    {
        await using var connection = await store.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        await using var command = Command(connection, "SELECT version FROM grain_state WHERE " + Key, stateName, grainId);
        return await command.ExecuteScalarAsync().ConfigureAwait(false) is long version ? ETag(version) : null;
    }

    private SqliteCommand Command(SqliteConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$service", store.ServiceId);
        command.Parameters.AddWithValue("$state", stateName);
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        return command;
    }

    private static string ETag(long version) => version.ToString(CultureInfo.InvariantCulture);
}
