using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Enumeration;
using Microsoft.Extensions.Logging;
using OrleansBackup.Contracts;

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

        if (work.PreviousRunId is { Length: > 0 } previousRun)
        {
            job.PreviousShardPath = ManifestShard.PathFor(work.RepositoryRoot, previousRun, work.SourceName, work.RelativePath);
            job.Previous = ManifestShard.TryRead(job.PreviousShardPath);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bool cancelled = await CopyEntriesAsync(job, gate, stop, ct).ConfigureAwait(false);
        if (cancelled) return job.ToResult(true);
        if (job.IsFatal) return job.ToResult(false);

        FinishTarget(job, dirStat);
        WriteManifest(job);
        return job.ToResult(false);
    }

    /// <summary>Creates the target directory (replacing a file or symlink that sits on its name) and
    /// removes a crash's temporaries. False when the destination cannot be written (fatal).</summary>
    private bool PrepareTarget(DirectoryJob job)
    {
        try
        {
            if (Native.LStat(job.TargetDir, out var existing) == 0)
            {
                if (existing.Kind != FileKind.Directory) File.Delete(job.TargetDir);
                else
                {
                    int stale = TempNames.DeleteStale(job.TargetDir);
                    if (stale > 0) LogStaleDeleted(_logger, stale, job.TargetDir);
                    return true;
                }
            }
            Directory.CreateDirectory(job.TargetDir);
            job.MarkWritten();
            // mkdir changed the parent's mtime, which the parent's work already set: put it back.
            if (job.Work.RelativePath.Length > 0) RestoreParentTimes(job);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            job.Fatal(ErrorCodes.DestinationNotWritable,
                $"Cannot create the destination directory '{job.TargetDir}': {FileErrorClassifier.FromException(e).Reason}.");
            return false;
        }
    }

    private static void RestoreParentTimes(DirectoryJob job)
    {
        var sourceParent = Path.GetDirectoryName(job.SourceDir.TrimEnd('/'));
        var targetParent = Path.GetDirectoryName(job.TargetDir.TrimEnd('/'));
        if (sourceParent is null || targetParent is null) return;
        if (Native.LStat(sourceParent, out var parent) == 0) Native.SetTimesNoFollow(targetParent, parent);
        if (job.Work.Durability == Durability.Fsync) Native.FsyncDirectory(targetParent);
    }

    /// <summary>Mode and mtime of the directory, set after its files were written (writing changes
    /// the mtime), then one fsync of the directory for all of its renames.</summary>
    private void FinishTarget(DirectoryJob job, in FileStat source)
    {
        if (Native.LStat(job.TargetDir, out var target) != 0) return;
        if (target.Permissions != source.Permissions)
            Native.Chmod(job.TargetDir, source.Permissions);
        if (target.MtimeNs != source.MtimeNs) Native.SetTimesNoFollow(job.TargetDir, source);
        if (job.Work.Durability == Durability.Fsync && job.WroteSomething) Native.FsyncDirectory(job.TargetDir);
    }

    /// <summary>Writes the directory's manifest shard (temp + rename), or hard-links the previous
    /// run's shard when nothing changed (shards are immutable, so sharing one is safe). Shards are
    /// not fsynced one by one: the run's final record is written only after a syncfs of the whole
    /// destination (RepositoryStore), and a run without that record is never a change baseline.</summary>
    private void WriteManifest(DirectoryJob job)
    {
        var work = job.Work;
        var path = ManifestShard.PathFor(work.RepositoryRoot, work.RunId, work.SourceName, work.RelativePath);
        var (entries, same) = job.ManifestEntries();
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (same && job.PreviousShardPath is not null && path != job.PreviousShardPath)
            {
                Native.Unlink(path); // a re-dispatched attempt may have written it already
                if (Native.Link(job.PreviousShardPath, path) == 0) return;
            }
            var buffer = new ArrayBufferWriter<byte>(256 + entries.Count * 160);
            ManifestShard.Serialize(buffer, work.SourceName, work.RelativePath, work.RunId, entries);
            AtomicFile.Write(path, buffer.WrittenSpan, fsync: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var (code, reason) = FileErrorClassifier.FromException(e);
            job.Warn(job.DisplayPrefix.TrimEnd('/'), (code, "manifest not written: " + reason));
            LogManifestFailed(_logger, e, path);
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
