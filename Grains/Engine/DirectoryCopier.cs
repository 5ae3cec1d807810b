using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Enumeration;
using Microsoft.Extensions.Logging;
using OrleansBackup.Contracts;
using OrleansBackup.Repository;

namespace OrleansBackup.Engine;

/// <summary>Copies one directory's files and symlinks into the target tree (not recursive: the
/// subdirectories it finds are returned for the job to queue). File copies run in the silo's
/// <see cref="CopyExecutor"/>; everything runs on the thread pool, never on the caller's scheduler.</summary>
public sealed partial class DirectoryCopier
{
    private static readonly ConcurrentDictionary<string, ExcludeMatcher> MatcherCache = new();
    private static readonly EnumerationOptions ListOptions =
        new() { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false };

    private readonly CopyExecutor _executor;
    private readonly FileCopier _fileCopier;
    private readonly TimeProvider _time;
    private readonly ILogger<DirectoryCopier> _logger;

    public DirectoryCopier(CopyExecutor executor, ISourceFileOpener opener, TimeProvider timeProvider,
        ILogger<DirectoryCopier> logger)
    {
        _executor = executor ?? throw new ArgumentNullException(nameof(executor));
        _fileCopier = new FileCopier(opener ?? throw new ArgumentNullException(nameof(opener)));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Copies the directory <c>work.SourceRoot/work.RelativePath</c>. Never throws for
    /// per-file problems or cancellation: those are in the result (<see cref="DirectoryResult.Errors"/>,
    /// <see cref="DirectoryResult.Cancelled"/>, <see cref="DirectoryResult.FatalCode"/>). When cancelled,
    /// every temporary of the directory is gone before the returned task completes.
    /// <see cref="DirectoryResult.Silo"/> is "" (the caller fills it).</summary>
    public Task<DirectoryResult> CopyAsync(DirectoryWork work, DirectoryCounters counters, PauseGate gate,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentNullException.ThrowIfNull(gate);
        // Task.Run: the caller may be a grain; no file I/O may run on its scheduler.
        return Task.Run(async () =>
        {
            var job = new DirectoryJob(work, counters, MatcherFor(work));
            long started = _time.GetTimestamp();
            try
            {
                var result = await RunAsync(job, gate, cancellationToken).ConfigureAwait(false);
                LogDirectoryDone(_logger, work.SourceName, work.RelativePath, result.FilesCopied,
                    result.FilesSkipped, result.ErrorCount, _time.GetElapsedTime(started).TotalMilliseconds);
                return result;
            }
            catch (Exception e)
            {
                // A bug, not a file problem: fail this work visibly rather than lose it.
                LogUnexpected(_logger, e, work.SourceName, work.RelativePath);
                job.Fatal(ErrorCodes.Internal, $"Copying '{job.SourceDir}' failed unexpectedly: {e.Message}");
                return job.ToResult(cancellationToken.IsCancellationRequested);
            }
            finally
            {
                counters.SetCurrentFile(null);
            }
        }, CancellationToken.None);
    }

    private async Task<DirectoryResult> RunAsync(DirectoryJob job, PauseGate gate, CancellationToken ct)
    {
        var work = job.Work;
        int errno = Native.LStat(job.SourceDir, out var dirStat);
        if (errno == 0 && dirStat.Kind != FileKind.Directory) errno = Native.ENOTDIR;
        if (errno != 0)
        {
            var error = FileErrorClassifier.FromErrno(errno);
            if (work.RelativePath.Length == 0)
                job.Fatal(ErrorCodes.SourceNotFound, $"Source '{job.SourceDir}' cannot be read: {error.Reason}.");
            else
                job.Warn(job.DisplayPrefix.TrimEnd('/'), error);
            return job.ToResult(false);
        }
        if (!PrepareTarget(job)) return job.ToResult(false);
        using var target = job.Target!;

        if (work.PreviousRunId is { Length: > 0 } previousRun)
        {
            job.PreviousShardPath = ManifestShard.PathFor(work.RepositoryRoot, previousRun, work.SourceName, work.RelativePath);
            job.Previous = ReadPreviousShard(job, previousRun);
            if (job.IsFatal) return job.ToResult(false);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bool cancelled = await CopyEntriesAsync(job, gate, stop, ct).ConfigureAwait(false);
        if (cancelled) return job.ToResult(true);
        if (job.IsFatal) return job.ToResult(false);

        FinishTarget(job, dirStat);
        WriteManifest(job);
        return job.ToResult(false);
    }

    /// <summary>Opens the target directory without following a symlink anywhere from "/" down
    /// (<see cref="SafeDirectory"/>), creating what is missing, and removes a crash's temporaries.
    /// The directories the layout owns (<c>&lt;job&gt;</c>, <c>current</c>, the source's folder) and
    /// those above this one must be directories: a symlink there fails the run
    /// (<c>destination_symlink</c>). This directory itself mirrors the source, so a file or a symlink
    /// an earlier run copied onto its name is replaced. False when the run cannot go on (fatal).</summary>
    private bool PrepareTarget(DirectoryJob job)
    {
        var work = job.Work;
        try
        {
            var root = Path.GetRelativePath(job.Destination, work.TargetRoot);
            if (root.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(root))
                throw new ArgumentException($"target '{work.TargetRoot}' is not inside the destination '{job.Destination}'");
            // The run's start made the destination; creating it here too keeps the engine usable alone.
            using var dest = SafeDirectory.Open(job.Destination, create: true);
            bool created;
            if (work.RelativePath.Length == 0)
            {
                using var parent = dest.OpenPath(Path.GetDirectoryName(root) ?? "", create: true);
                job.Target = parent.OpenChild(Path.GetFileName(root), create: true, out created);
            }
            else
            {
                using var parent = dest.OpenPath(Path.Join(root, Path.GetDirectoryName(work.RelativePath)), create: true);
                job.Target = parent.OpenChildReplacing(Path.GetFileName(work.RelativePath), out created);
                // mkdir changed the parent's mtime, which the parent's work already set: put it back.
                if (created) RestoreParentTimes(job, parent);
            }
            if (created) job.MarkWritten();
            else
            {
                int stale = TempNames.DeleteStale(job.Target);
                if (stale > 0) LogStaleDeleted(_logger, stale, job.TargetDir);
            }
            return true;
        }
        catch (BackupException e)
        {
            job.Fatal(e.Code, e.Message);
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            job.Fatal(ErrorCodes.DestinationNotWritable,
                $"Cannot create the destination directory '{job.TargetDir}': {FileErrorClassifier.FromException(e).Reason}.");
            return false;
        }
    }

    private static void RestoreParentTimes(DirectoryJob job, SafeDirectory targetParent)
    {
        var sourceParent = Path.GetDirectoryName(job.SourceDir.TrimEnd('/'));
        if (sourceParent is null) return;
        if (Native.LStat(sourceParent, out var parent) == 0) targetParent.SetTimes(parent);
        if (job.Work.Durability == Durability.Fsync) targetParent.Fsync();
    }

    /// <summary>Mode and mtime of the directory, set after its files were written (writing changes
    /// the mtime), then one fsync of the directory for all of its renames.</summary>
    private static void FinishTarget(DirectoryJob job, in FileStat source)
    {
        var dir = job.Target!;
        if (dir.Stat(out var target) != 0) return;
        if (target.Permissions != source.Permissions) dir.SetMode(source.Permissions);
        if (target.MtimeNs != source.MtimeNs) dir.SetTimes(source);
        if (job.Work.Durability == Durability.Fsync && job.WroteSomething) dir.Fsync();
    }

    /// <summary>The previous run's shard for this directory, read without following a symlink; null
    /// when there is none or it is unreadable (then the destination files are the baseline). A symlink
    /// on the way is fatal, as everywhere inside <c>.orleans-backup</c>.</summary>
    private static Dictionary<string, ManifestEntry>? ReadPreviousShard(DirectoryJob job, string previousRun)
    {
        var (dir, name) = ManifestShard.Locate(previousRun, job.Work.SourceName, job.Work.RelativePath);
        try
        {
            using var dest = SafeDirectory.Open(job.Destination, create: false);
            using var shardDir = dest.OpenPath($"{RepositoryLayout.RepoDirName}/{dir}", create: false);
            return ManifestShard.TryRead(shardDir, name);
        }
        catch (BackupException e)
        {
            job.Fatal(e.Code, e.Message);
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Writes the directory's manifest shard (temp + rename), or hard-links the previous
    /// run's shard when nothing changed (shards are immutable, so sharing one is safe). Shards are
    /// not fsynced one by one: the run's final record is written only after a syncfs of the whole
    /// destination (RepositoryStore), and a run without that record is never a change baseline.</summary>
    private void WriteManifest(DirectoryJob job)
    {
        var work = job.Work;
        var (dir, name) = ManifestShard.Locate(work.RunId, work.SourceName, work.RelativePath);
        var (entries, same) = job.ManifestEntries();
        try
        {
            using var dest = SafeDirectory.Open(job.Destination, create: true);
            using var shardDir = dest.OpenPath($"{RepositoryLayout.RepoDirName}/{dir}", create: true);
            if (same && job.PreviousShardPath is { } previousPath && work.PreviousRunId != work.RunId)
            {
                shardDir.Unlink(name); // a re-dispatched attempt may have written it already
                var (previousDir, _) = ManifestShard.Locate(work.PreviousRunId!, work.SourceName, work.RelativePath);
                try
                {
                    using var previous = dest.OpenPath($"{RepositoryLayout.RepoDirName}/{previousDir}", create: false);
                    if (shardDir.LinkFrom(previous, name, name) == 0) return;
                }
                catch (ErrnoException)
                {
                    // The previous shard is gone: write this run's own below.
                }
            }
            var buffer = new ArrayBufferWriter<byte>(256 + entries.Count * 160);
            ManifestShard.Serialize(buffer, work.SourceName, work.RelativePath, work.RunId, entries);
            AtomicFile.Write(shardDir, name, buffer.WrittenSpan, fsync: false);
        }
        catch (BackupException e)
        {
            // A symlink inside .orleans-backup: nothing was written through it, and the run must not go on.
            job.Fatal(e.Code, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var (code, reason) = FileErrorClassifier.FromException(e);
            job.Warn(job.DisplayPrefix.TrimEnd('/'), (code, "manifest not written: " + reason));
            LogManifestFailed(_logger, e, Path.Join(work.RepositoryRoot, dir, name));
        }
    }

    private static ExcludeMatcher MatcherFor(DirectoryWork work)
    {
        if (work.Excludes.IsDefaultOrEmpty) return ExcludeMatcher.None;
        // Built once per distinct exclude list (i.e. per job), not per directory: compiling is costly.
        var key = string.Join('\0', work.Excludes);
        if (MatcherCache.Count > 256) MatcherCache.Clear();
        return MatcherCache.GetOrAdd(key, static (_, globs) => new ExcludeMatcher(globs), work.Excludes);
    }

    private static IEnumerable<string> ListNames(string directory) =>
        new FileSystemEnumerable<string>(directory,
            static (ref FileSystemEntry e) => e.FileName.ToString(), ListOptions);
}
