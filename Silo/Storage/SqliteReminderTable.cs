using System.Globalization;
using Microsoft.Data.Sqlite;

namespace OrleansBackup.Silo.Storage;

/// <summary>The Orleans reminder table in the <see cref="SqliteStateStore"/>: one row per (grain,
/// reminder name) with the grain's uniform hash, so a silo reads the reminders of its hash range;
/// the ETag is a version number moved on by every upsert. Times are kept as UTC ticks.</summary>
public sealed class SqliteReminderTable(SqliteStateStore store) : IReminderTable
{
    private const string Columns = "grain_id, reminder_name, start_at, period, version";

    // The store is opened by the silo lifecycle before the reminder service starts; a table used
    // on its own (tests) opens it here.
    public Task Init() => store.OpenAsync(CancellationToken.None);

    public Task<ReminderTableData> ReadRows(GrainId grainId) =>
        QueryAsync($"SELECT {Columns} FROM reminders WHERE service_id = $service AND grain_id = $grain",
            c => c.Parameters.AddWithValue("$grain", grainId.ToString()));

    /// <summary>Reminders whose grain hash is in (begin, end], the range wrapping past
    /// <see cref="uint.MaxValue"/> when <paramref name="begin"/> is not below <paramref name="end"/>.</summary>
    public Task<ReminderTableData> ReadRows(uint begin, uint end) =>
        QueryAsync(begin < end
            ? $"SELECT {Columns} FROM reminders WHERE service_id = $service AND grain_hash > $begin AND grain_hash <= $end"
            : $"SELECT {Columns} FROM reminders WHERE service_id = $service AND (grain_hash > $begin OR grain_hash <= $end)",
            c =>
            {
                c.Parameters.AddWithValue("$begin", (long)begin);
                c.Parameters.AddWithValue("$end", (long)end);
            });

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        var rows = await QueryAsync($"SELECT {Columns} FROM reminders WHERE service_id = $service AND grain_id = $grain AND reminder_name = $name",
            c =>
            {
                c.Parameters.AddWithValue("$grain", grainId.ToString());
                c.Parameters.AddWithValue("$name", reminderName);
            }).ConfigureAwait(false);
        // No row: null, as the other reminder tables answer.
        return rows.Reminders.Count == 0 ? null : rows.Reminders[0];
    }

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await store.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO reminders (service_id, grain_id, reminder_name, grain_hash, start_at, period, version)
            VALUES ($service, $grain, $name, $hash, $start, $period, 1)
            ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
              SET start_at = excluded.start_at, period = excluded.period, version = reminders.version + 1
            RETURNING version
            """;
        command.Parameters.AddWithValue("$service", store.ServiceId);
        command.Parameters.AddWithValue("$grain", entry.GrainId.ToString());
        command.Parameters.AddWithValue("$name", entry.ReminderName);
        command.Parameters.AddWithValue("$hash", (long)entry.GrainId.GetUniformHashCode());
        command.Parameters.AddWithValue("$start", entry.StartAt.ToUniversalTime().Ticks);
        command.Parameters.AddWithValue("$period", entry.Period.Ticks);
        var version = (long)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
        return version.ToString(CultureInfo.InvariantCulture);
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        if (!long.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)) return false;
        await using var connection = await store.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM reminders WHERE service_id = $service AND grain_id = $grain AND reminder_name = $name AND version = $version";
        command.Parameters.AddWithValue("$service", store.ServiceId);
        command.Parameters.AddWithValue("$grain", grainId.ToString());
        command.Parameters.AddWithValue("$name", reminderName);
        command.Parameters.AddWithValue("$version", version);
        return await command.ExecuteNonQueryAsync().ConfigureAwait(false) > 0;
    }

    public async Task TestOnlyClearTable()
    {
        await using var connection = await store.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM reminders WHERE service_id = $service";
        command.Parameters.AddWithValue("$service", store.ServiceId);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private async Task<ReminderTableData> QueryAsync(string sql, Action<SqliteCommand> bind)
    {
        await using var connection = await store.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$service", store.ServiceId);
        bind(command);
        var entries = new List<ReminderEntry>();
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            entries.Add(new ReminderEntry
            {
                GrainId = GrainId.Parse(reader.GetString(0)),
                ReminderName = reader.GetString(1),
                StartAt = new DateTime(reader.GetInt64(2), DateTimeKind.Utc),
                Period = TimeSpan.FromTicks(reader.GetInt64(3)),
                ETag = reader.GetInt64(4).ToString(CultureInfo.InvariantCulture),
            });
        }
        return new ReminderTableData(entries);
    }
}
