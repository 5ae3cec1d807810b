using System.Text.Json;

namespace OrleansBackup.Silo.Migration;

/// <summary>What <c>backup_status.json</c> says: the selection, the destination, and the state of
/// the run the old server was in when it stopped.</summary>
internal sealed record LegacyStatus(
    IReadOnlyList<string> Directories,
    string Destination,
    string? State,
    string? CurrentDirectory,
    IReadOnlyList<string> CompletedDirectories,
    long? FilesCopied,
    long? BytesCopied,
    DateTimeOffset? StartedAt,
    DateTimeOffset? LastUpdate,
    string? Extra,
    string RawText)
{
    public static readonly string[] DirectoryNames = ["selected_directories", "directories", "selected_dirs", "source_directories", "sources"];
    public static readonly string[] DestinationNames = ["destination", "destination_directory", "destination_dir", "dest", "target"];

    public static LegacyStatus Parse(JsonElement root, TimeZoneInfo zone)
    {
        var o = new LegacyObject(LegacyFiles.StatusFile, "$", root);
        var directories = o.Strings(DirectoryNames);
        var destination = o.String(DestinationNames);
        var status = new LegacyStatus(
            directories ?? [],
            destination ?? "",
            o.String("state", "status"),
            o.String("current_directory", "current_dir"),
            o.Strings("completed_directories", "completed_dirs", "completed") ?? [],
            o.Count("files_copied", "copied_files", "total_files_copied"),
            o.Count("bytes_copied", "copied_bytes", "total_bytes_copied"),
            o.Time(zone, "start_time", "started_at", "started"),
            o.Time(zone, "last_update", "last_updated", "updated_at", "timestamp"),
            o.Unread(),
            JsonSerializer.Serialize(root));
        if (directories is not { Count: > 0 })
            throw o.Refuse("$.selected_directories", "no directories are selected, so there is no job to import (the field may also be called directories)");
        if (string.IsNullOrWhiteSpace(destination))
            throw o.Refuse("$.destination", "no destination is set, so there is no job to import");
        for (var i = 0; i < directories.Count; i++)
            if (string.IsNullOrWhiteSpace(directories[i])) throw o.Refuse($"$.selected_directories[{i}]", "the directory is empty");
        return status;
    }

    /// <summary>The old server was in the middle of a backup when it stopped.</summary>
    public bool WasInterrupted => State is { } s && LegacyStates.IsInterrupted(s);
}
