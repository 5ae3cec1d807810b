using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OrleansBackup.Contracts;

namespace OrleansBackup.Silo.Migration;

/// <summary>Turns <c>backup_history.json</c> (a list of past backups, or an object holding one under
/// <c>history</c> or <c>backups</c>) into imported runs.</summary>
internal static class LegacyHistory
{
    public static ImmutableArray<ImportedRun> Parse(JsonElement root, TimeZoneInfo zone)
    {
        var (list, path) = Entries(root);
        var runs = ImmutableArray.CreateBuilder<ImportedRun>(list.GetArrayLength());
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var entry in list.EnumerateArray())
        {
            var run = ParseEntry(new LegacyObject(LegacyFiles.HistoryFile, $"{path}[{index}]", entry), zone, JsonSerializer.Serialize(entry));
            // Two identical old records stay two runs: the second gets a suffix, in file order.
            var count = seen[run.RunId] = seen.GetValueOrDefault(run.RunId) + 1;
            runs.Add(count == 1 ? run : run with { RunId = $"{run.RunId}-{count}" });
            index++;
        }
        return runs.MoveToImmutable();
    }

    /// <summary>The old server's interrupted run, from its status file.</summary>
    public static ImportedRun FromInterrupted(LegacyStatus status) => new(
        IdOf(status.RawText),
        RunState.Stopped,
        status.State!,
        status.StartedAt,
        status.LastUpdate,
        [.. status.Directories],
        status.FilesCopied ?? 0,
        status.BytesCopied ?? 0,
        0,
        [],
        $"The old server stopped while this backup was {status.State}; imported as Stopped. Start the job to back up again." +
        (status.CurrentDirectory is { } current ? $" It was copying {current}." : ""),
        status.Extra);

    private static (JsonElement List, string Path) Entries(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array) return (root, "$");
        if (root.ValueKind == JsonValueKind.Object)
        {
            var o = new LegacyObject(LegacyFiles.HistoryFile, "$", root);
            if (o.Raw("history", "backups", "entries", "runs") is var (place, value))
            {
                if (value.ValueKind == JsonValueKind.Array) return (value, place);
                throw o.Refuse(place, $"expected the list of past backups, found {LegacyObject.Describe(value)}");
            }
        }
        throw new MigrationInputException(LegacyFiles.HistoryFile, "$",
            $"expected a list of past backups (or an object with a 'history' list), found {LegacyObject.Describe(root)}");
    }

    private static ImportedRun ParseEntry(LegacyObject o, TimeZoneInfo zone, string raw)
    {
        var started = o.Time(zone, "start_time", "started_at", "start", "started", "timestamp");
        var finished = o.Time(zone, "end_time", "ended_at", "finished_at", "completed_at", "end", "finished");
        var directories = o.Strings("directories", "dirs", "sources", "selected_directories") ?? [];
        var files = o.Count("files_copied", "files", "copied_files", "total_files");
        var bytes = o.Count("bytes_copied", "bytes", "copied_bytes", "total_bytes");
        var (errors, listed) = Errors(o);
        var errorCount = Math.Max(o.Count("error_count", "errors_count") ?? 0, listed);
        var status = o.String("status", "state", "result")
            ?? throw o.Refuse($"{o.Path}.status", "no status: the old record does not say how the backup ended");
        var state = LegacyStates.ToRunState(status, errorCount)
            ?? throw o.Refuse($"{o.Path}.status", $"'{status}' is not a status the old server wrote (known: {LegacyStates.Known})");
        var message = o.String("message", "error_message", "reason");
        if (LegacyStates.IsInterrupted(status))
            message = $"The old server stopped while this backup was {status}; imported as Stopped." + (message is null ? "" : " " + message);
        if (started is null && finished is null) message = "The old record has no times." + (message is null ? "" : " " + message);
        return new ImportedRun(IdOf(raw), state, status, started, finished, [.. directories], files ?? 0, bytes ?? 0,
            errorCount, errors, message, o.Unread());
    }

    /// <summary>Errors as the old server listed them: texts, or objects with a path and a reason; or just a count.</summary>
    private static (ImmutableArray<string> Texts, long Count) Errors(LegacyObject o)
    {
        if (o.Raw("errors", "error_list") is not var (place, value)) return ([], 0);
        switch (value.ValueKind)
        {
            case JsonValueKind.Null: return ([], 0);
            case JsonValueKind.Number when value.TryGetInt64(out var n) && n >= 0: return ([], n);
            case JsonValueKind.Array:
                var texts = ImmutableArray.CreateBuilder<string>();
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (texts.Count < ImportedRun.ErrorLimit) texts.Add(ErrorText(o, $"{place}[{i}]", item));
                    i++;
                }
                return (texts.ToImmutable(), i);
            default:
                throw o.Refuse(place, $"expected a list of errors or a count, found {LegacyObject.Describe(value)}");
        }
    }

    private static string ErrorText(LegacyObject owner, string place, JsonElement item)
    {
        if (item.ValueKind == JsonValueKind.String) return item.GetString()!;
        if (item.ValueKind != JsonValueKind.Object) throw owner.Refuse(place, $"expected an error text or object, found {LegacyObject.Describe(item)}");
        var e = new LegacyObject(LegacyFiles.HistoryFile, place, item);
        var path = e.String("path", "file", "directory");
        var reason = e.String("error", "message", "reason");
        return path is null ? reason ?? item.GetRawText() : $"{path}: {reason ?? "error"}";
    }

    /// <summary>A stable id from the old record (compact JSON, so re-indenting the file changes nothing).</summary>
    private static string IdOf(string raw) =>
        "imported-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)))[..16];
}
