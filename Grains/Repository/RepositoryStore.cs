using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansBackup.Contracts;

namespace OrleansBackup.Repository;

/// <summary>Reads and writes what a destination says about itself: <c>repo.json</c> and one record
/// per run. Every write is atomic (see <see cref="AtomicFile"/>), so a crash leaves the old record
/// or the new one, never a torn file.</summary>
public sealed class RepositoryStore
{
    private readonly TimeProvider _time;

    /// <summary>Creates a store; <paramref name="time"/> stamps <c>createdAt</c> of new repositories.</summary>
    public RepositoryStore(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
    }

    /// <summary>Makes <paramref name="destination"/> a repository: creates it (and its parents) if
    /// missing, <c>.orleans-backup/{snapshots,manifests}</c>, and <c>repo.json</c> if missing (an
    /// existing one is kept as is). Then proves the destination writable by writing and deleting a
    /// probe file. Throws <see cref="BackupException"/> (<c>destination_not_writable</c>) naming the path
    /// and the OS reason, or when the repository has a newer format than this service supports.</summary>
    public async Task InitializeAsync(string destination, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        var repoRoot = RepositoryLayout.RepositoryRoot(destination);
        var repoFile = RepositoryLayout.RepoFilePath(destination);
        try
        {
            // Check the format before creating anything inside a repository we must not touch.
            if (File.Exists(repoFile))
            {
                await CheckFormatAsync(repoFile, ct).ConfigureAwait(false);
            }

            Directory.CreateDirectory(Path.Join(repoRoot, RepositoryLayout.SnapshotsDirName));
            Directory.CreateDirectory(Path.Join(repoRoot, RepositoryLayout.ManifestsDirName));
            await ProbeAsync(repoRoot, ct).ConfigureAwait(false);

            await WriteFormatDescriptionAsync(repoRoot, ct).ConfigureAwait(false);
            var content = JsonSerializer.SerializeToUtf8Bytes(RepoDescriptor.Create(_time.GetUtcNow()), RepositoryJson.Options);
            if (!await AtomicFile.WriteAsync(repoFile, content, overwrite: false, ct).ConfigureAwait(false))
            {
                // Another silo created it between our check and our write: it must be readable by us too.
                await CheckFormatAsync(repoFile, ct).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw NotWritable(destination, ex);
        }
    }

    /// <summary>Writes <c>snapshots/&lt;run-id&gt;.json</c> (replacing an earlier version). With
    /// <paramref name="final"/>, adds <c>"manifest": {"dir": "manifests/&lt;run-id&gt;", "shards": [...]}</c>
    /// listing every <c>.jsonl</c> file under the run's manifest folder, '/'-separated, sorted ordinally.
    /// Throws <see cref="BackupException"/> (<c>destination_not_writable</c>) when it cannot write.</summary>
    public async Task WriteRunRecordAsync(string destination, RunRecord record, bool final, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        ArgumentNullException.ThrowIfNull(record);
        var path = RepositoryLayout.SnapshotRecordPath(destination, record.RunId);

        // A default ImmutableArray cannot be serialized; an unset source list is written as [].
        var normalized = record.Sources.IsDefault ? record with { Sources = [] } : record;
        var json = (JsonObject)JsonSerializer.SerializeToNode(normalized, RepositoryJson.Options)!;
        try
        {
            if (final)
            {
                // Workers write shards without fsync; make them (and the whole run) durable before
                // the record that lists them says the run is over.
                await Task.Run(() => DirectorySync.FlushFileSystem(RepositoryLayout.RepositoryRoot(destination)), ct).ConfigureAwait(false);
                json["manifest"] = new JsonObject
                {
                    ["dir"] = $"{RepositoryLayout.ManifestsDirName}/{record.RunId}",
                    ["shards"] = new JsonArray([.. ListShards(destination, record.RunId).Select(s => JsonValue.Create(s))]),
                };
            }

            var content = JsonSerializer.SerializeToUtf8Bytes(json, RepositoryJson.Options);
            await AtomicFile.WriteAsync(path, content, overwrite: true, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw NotWritable(destination, ex);
        }
    }

    /// <summary>The record of <paramref name="runId"/>, or null when the destination has none.
    /// Throws <see cref="InvalidDataException"/> naming the file when the record is not valid JSON.</summary>
    public async Task<RunRecord?> ReadRunRecordAsync(string destination, string runId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        var path = RepositoryLayout.SnapshotRecordPath(destination, runId);
        if (!File.Exists(path))
        {
            return null;
        }

        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous);
        try
        {
            return await JsonSerializer.DeserializeAsync<RunRecord>(stream, RepositoryJson.Options, ct).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"run record '{path}' is not valid: {ex.Message}", ex);
        }
    }

    /// <summary>Free bytes available to this process on the filesystem that holds
    /// <paramref name="destination"/> (or its nearest existing parent); null when it cannot be known.</summary>
    public static long? FreeBytes(string destination)
    {
        try
        {
            var existing = Path.GetFullPath(destination);
            while (!Directory.Exists(existing))
            {
                existing = Path.GetDirectoryName(existing);
                if (existing is null)
                {
                    return null;
                }
            }

            return new DriveInfo(existing).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Health checks report "unknown" rather than fail on an unmounted or odd path.
            return null;
        }
    }

    /// <summary>The text of <c>FORMAT.md</c> this service writes (docs/FORMAT.md of the repository).</summary>
    public static byte[] FormatDescription { get; } = ReadFormatDescription();

    private static byte[] ReadFormatDescription()
    {
        using var stream = typeof(RepositoryStore).Assembly.GetManifestResourceStream("OrleansBackup.FORMAT.md")
            ?? throw new InvalidOperationException("FORMAT.md is not embedded in the Grains assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Writes FORMAT.md when it is missing or differs (a newer service describes the same
    /// format better): one small read per run start.</summary>
    private static async Task WriteFormatDescriptionAsync(string repoRoot, CancellationToken ct)
    {
        var path = Path.Join(repoRoot, RepositoryLayout.FormatFileName);
        if (File.Exists(path) && (await File.ReadAllBytesAsync(path, ct).ConfigureAwait(false)).AsSpan().SequenceEqual(FormatDescription))
        {
            return;
        }

        await AtomicFile.WriteAsync(path, FormatDescription, overwrite: true, ct).ConfigureAwait(false);
    }

    private static List<string> ListShards(string destination, string runId)
    {
        var dir = RepositoryLayout.ManifestRunDir(destination, runId);
        if (!Directory.Exists(dir))
        {
            return [];
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };
        var shards = Directory.EnumerateFiles(dir, "*.jsonl", options)
            .Select(f => Path.GetRelativePath(dir, f).Replace(Path.DirectorySeparatorChar, '/'))
            .ToList();
        shards.Sort(StringComparer.Ordinal);
        return shards;
    }

    private static async Task ProbeAsync(string repoRoot, CancellationToken ct)
    {
        // Creating the folders can succeed on a read-only remount of an existing repository; only
        // writing a byte shows EROFS, and writing it to disk shows ENOSPC.
        var probe = Path.Join(repoRoot, $".probe-{Guid.NewGuid():N}");
        try
        {
            await using var stream = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            await stream.WriteAsync(new byte[] { 0 }, ct).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }
        finally
        {
            if (File.Exists(probe))
            {
                File.Delete(probe);
            }
        }
    }

    private static async Task CheckFormatAsync(string repoFile, CancellationToken ct)
    {
        RepoDescriptor? descriptor;
        await using (var stream = new FileStream(repoFile, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous))
        {
            try
            {
                descriptor = await JsonSerializer.DeserializeAsync<RepoDescriptor>(stream, RepositoryJson.Options, ct).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                throw new BackupException(ErrorCodes.DestinationNotWritable,
                    $"destination repository file '{repoFile}' is not valid JSON ({ex.Message}); refusing to write into an unknown repository");
            }
        }

        if (descriptor is null || descriptor.FormatVersion < 1)
        {
            throw new BackupException(ErrorCodes.DestinationNotWritable,
                $"destination repository file '{repoFile}' has no valid formatVersion; refusing to write into an unknown repository");
        }

        if (descriptor.FormatVersion > RepoDescriptor.CurrentFormatVersion)
        {
            throw new BackupException(ErrorCodes.DestinationNotWritable,
                $"destination repository '{repoFile}' has format {descriptor.FormatVersion}, which is newer than this service supports ({RepoDescriptor.CurrentFormatVersion})");
        }
    }

    private static BackupException NotWritable(string destination, Exception ex) =>
        new(ErrorCodes.DestinationNotWritable, $"destination '{destination}' is not writable: {ex.Message}");
}
