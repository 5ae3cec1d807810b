using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansBackup.Contracts;
using OrleansBackup.Engine;

namespace OrleansBackup.Repository;

/// <summary>Reads and writes what a destination says about itself: <c>repo.json</c> and one record
/// per run. Every write is atomic (see <see cref="AtomicFile"/>), so a crash leaves the old record
/// or the new one, never a torn file.</summary>
public sealed class RepositoryStore
{
    /// <summary>Records are small JSON files; anything far larger is not one of ours.</summary>
    private const long MaxRecordBytes = 64L << 20;

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
    /// probe file. Every directory is reached without following a symlink (<see cref="SafeDirectory"/>).
    /// Throws <see cref="BackupException"/>: <c>destination_not_writable</c> naming the path and the OS
    /// reason, or when the repository has a newer format than this service supports;
    /// <c>destination_symlink</c> when a symlink sits where one of these directories must be.</summary>
    public Task InitializeAsync(string destination, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        try
        {
            using var dest = SafeDirectory.Open(destination, create: true);
            using var repo = dest.OpenChild(RepositoryLayout.RepoDirName, create: true);
            // Check the format before creating anything inside a repository we must not touch.
            if (ReadFile(repo, RepositoryLayout.RepoFileName) is { } existing)
            {
                CheckFormat(repo.PathOf(RepositoryLayout.RepoFileName), existing);
            }

            repo.OpenChild(RepositoryLayout.SnapshotsDirName, create: true).Dispose();
            repo.OpenChild(RepositoryLayout.ManifestsDirName, create: true).Dispose();
            Probe(repo);
            ct.ThrowIfCancellationRequested();

            WriteFormatDescription(repo);
            var content = JsonSerializer.SerializeToUtf8Bytes(RepoDescriptor.Create(_time.GetUtcNow()), RepositoryJson.Options);
            if (!AtomicFile.Write(repo, RepositoryLayout.RepoFileName, content, fsync: true, overwrite: false))
            {
                // Another silo created it between our check and our write: it must be readable by us too.
                CheckFormat(repo.PathOf(RepositoryLayout.RepoFileName), ReadFile(repo, RepositoryLayout.RepoFileName) ?? []);
            }
            return Task.CompletedTask;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw NotWritable(destination, ex);
        }
    }

    /// <summary>Writes <c>snapshots/&lt;run-id&gt;.json</c> (replacing an earlier version). With
    /// <paramref name="final"/>, adds <c>"manifest": {"dir": "manifests/&lt;run-id&gt;", "shards": [...]}</c>
    /// listing every <c>.jsonl</c> file under the run's manifest folder, '/'-separated, sorted ordinally.
    /// Throws <see cref="BackupException"/> (<c>destination_not_writable</c>, <c>destination_symlink</c>)
    /// when it cannot write.</summary>
    public Task WriteRunRecordAsync(string destination, RunRecord record, bool final, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        ArgumentNullException.ThrowIfNull(record);
        var name = RepositoryLayout.SnapshotRecordName(record.RunId);

        // A default ImmutableArray cannot be serialized; an unset source list is written as [].
        var normalized = record.Sources.IsDefault ? record with { Sources = [] } : record;
        var json = (JsonObject)JsonSerializer.SerializeToNode(normalized, RepositoryJson.Options)!;
        try
        {
            using var dest = SafeDirectory.Open(destination, create: false);
            using var repo = dest.OpenChild(RepositoryLayout.RepoDirName, create: false);
            if (final)
            {
                // Workers write shards without fsync; make them (and the whole run) durable before
                // the record that lists them says the run is over.
                int errno = repo.SyncFileSystem();
                if (errno != 0) throw new ErrnoException(errno, $"syncfs of '{repo.Path}' failed: {Native.Describe(errno)}");
                json["manifest"] = new JsonObject
                {
                    ["dir"] = $"{RepositoryLayout.ManifestsDirName}/{record.RunId}",
                    ["shards"] = new JsonArray([.. ListShards(repo, record.RunId).Select(s => JsonValue.Create(s))]),
                };
            }

            ct.ThrowIfCancellationRequested();
            var content = JsonSerializer.SerializeToUtf8Bytes(json, RepositoryJson.Options);
            using var snapshots = repo.OpenChild(RepositoryLayout.SnapshotsDirName, create: true);
            AtomicFile.Write(snapshots, name, content, fsync: true);
            return Task.CompletedTask;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw NotWritable(destination, ex);
        }
    }

    /// <summary>The record of <paramref name="runId"/>, or null when the destination has none.
    /// Throws <see cref="InvalidDataException"/> naming the file when the record is not valid JSON,
    /// <see cref="BackupException"/> (<c>destination_symlink</c>) when the way to it is a symlink.</summary>
    public Task<RunRecord?> ReadRunRecordAsync(string destination, string runId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        var path = RepositoryLayout.SnapshotRecordPath(destination, runId);
        byte[]? bytes;
        try
        {
            using var dest = SafeDirectory.Open(destination, create: false);
            using var snapshots = dest.OpenPath($"{RepositoryLayout.RepoDirName}/{RepositoryLayout.SnapshotsDirName}", create: false);
            bytes = ReadFile(snapshots, RepositoryLayout.SnapshotRecordName(runId));
        }
        catch (ErrnoException ex) when (ex.Errno == Native.ENOENT)
        {
            return Task.FromResult<RunRecord?>(null);
        }

        if (bytes is null)
        {
            return Task.FromResult<RunRecord?>(null);
        }

        try
        {
            return Task.FromResult(JsonSerializer.Deserialize<RunRecord>(bytes, RepositoryJson.Options));
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
    private static void WriteFormatDescription(SafeDirectory repo)
    {
        if (ReadFile(repo, RepositoryLayout.FormatFileName) is { } existing && existing.AsSpan().SequenceEqual(FormatDescription))
        {
            return;
        }

        AtomicFile.Write(repo, RepositoryLayout.FormatFileName, FormatDescription, fsync: true, overwrite: true);
    }

    private static List<string> ListShards(SafeDirectory repo, string runId)
    {
        SafeDirectory run;
        try
        {
            run = repo.OpenPath($"{RepositoryLayout.ManifestsDirName}/{runId}", create: false);
        }
        catch (ErrnoException ex) when (ex.Errno == Native.ENOENT)
        {
            return [];
        }

        var shards = new List<string>();
        using (run)
        {
            CollectShards(run, "", shards);
        }

        shards.Sort(StringComparer.Ordinal);
        return shards;
    }

    /// <summary>Every <c>.jsonl</c> below <paramref name="dir"/>; each folder is opened without
    /// following a link, so a planted link cannot add foreign files to the record.</summary>
    private static void CollectShards(SafeDirectory dir, string prefix, List<string> shards)
    {
        foreach (var name in dir.ListNames())
        {
            if (dir.LStat(name, out var stat) != 0) continue;
            if (stat.Kind == FileKind.Directory)
            {
                using var sub = dir.OpenChild(name, create: false);
                CollectShards(sub, prefix + name + "/", shards);
            }
            else if (stat.Kind == FileKind.Regular && name.EndsWith(".jsonl", StringComparison.Ordinal))
            {
                shards.Add(prefix + name);
            }
        }
    }

    /// <summary>A file's bytes, or null when it does not exist. A symlink there is refused.</summary>
    private static byte[]? ReadFile(SafeDirectory dir, string name)
    {
        var handle = dir.OpenFile(name, Native.ORdOnly, 0, out int errno);
        if (handle is null)
        {
            if (errno == Native.ENOENT) return null;
            if (errno == Native.ELOOP) throw SafeDirectory.SymlinkFound(dir.PathOf(name));
            throw new ErrnoException(errno, $"Cannot read '{dir.PathOf(name)}': {Native.Describe(errno)}");
        }

        using (handle)
        {
            var length = RandomAccess.GetLength(handle);
            if (length > MaxRecordBytes)
                throw new ErrnoException(Native.EIO, $"'{dir.PathOf(name)}' is larger than a repository record can be ({length} bytes)");
            var bytes = new byte[length];
            var read = FileCopier.ReadFully(handle, bytes, 0);
            return read == bytes.Length ? bytes : bytes[..read];
        }
    }

    private static void Probe(SafeDirectory repo)
    {
        // Creating the folders can succeed on a read-only remount of an existing repository; only
        // writing a byte shows EROFS, and writing it to disk shows ENOSPC.
        var probe = $".probe-{Guid.NewGuid():N}";
        var handle = repo.OpenFile(probe, Native.ORdWr | Native.OCreat | Native.OExcl, 0x180, out int errno)
            ?? throw new ErrnoException(errno, $"Cannot create '{repo.PathOf(probe)}': {Native.Describe(errno)}");
        try
        {
            using (handle)
            {
                RandomAccess.Write(handle, new byte[] { 0 }, 0);
                errno = Native.Fsync(handle);
                if (errno != 0) throw new ErrnoException(errno, $"Cannot flush '{repo.PathOf(probe)}': {Native.Describe(errno)}");
            }
        }
        finally
        {
            repo.Unlink(probe);
        }
    }

    private static void CheckFormat(string repoFile, byte[] content)
    {
        RepoDescriptor? descriptor;
        try
        {
            descriptor = JsonSerializer.Deserialize<RepoDescriptor>(content, RepositoryJson.Options);
        }
        catch (JsonException ex)
        {
            throw new BackupException(ErrorCodes.DestinationNotWritable,
                $"destination repository file '{repoFile}' is not valid JSON ({ex.Message}); refusing to write into an unknown repository");
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
