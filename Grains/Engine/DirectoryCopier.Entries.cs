using OrleansBackup.Contracts;

namespace OrleansBackup.Engine;

public sealed partial class DirectoryCopier
{
    /// <summary>A copy attempt is retried this many times when the source changed while read.</summary>
    private const int ChangedRetries = 2;

    /// <summary>A regular file that needs work: a copy, or (when the destination was the baseline
    /// and matched) only a hash of the destination to complete the manifest.</summary>
    private sealed record FilePlan(string Name, FileStat Stat, bool HashOnly);

    /// <summary>Lists the directory and hands its files to the executor. Returns true when cancelled;
    /// by then every copy of the directory has stopped and removed its temporary.</summary>
    private async Task<bool> CopyEntriesAsync(DirectoryJob job, PauseGate gate, CancellationTokenSource stop,
        CancellationToken ct)
    {
        // In parallel mode up to MaxWorkers files of this directory wait for or hold a worker, so a
        // directory keeps the silo busy without queueing thousands of tasks.
        int limit = job.Work.Sequential ? 1 : Math.Max(1, _executor.MaxWorkers);
        using var inFlight = new SemaphoreSlim(limit);
        var tasks = new List<Task>();
        var token = stop.Token;
        try
        {
            foreach (var name in ListNames(job.SourceDir))
            {
                token.ThrowIfCancellationRequested();
                if (job.IsFatal) break; // the destination cannot be written: stop listing
                if (PlanEntry(job, name) is not { } plan) continue;
                await inFlight.WaitAsync(token).ConfigureAwait(false);
                var run = RunFileAsync(job, plan, gate, stop, inFlight);
                if (job.Work.Sequential) await run.ConfigureAwait(false);
                else tasks.Add(run);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Cancelled or fatal: stop listing; the copies in flight see the same token.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The directory itself failed while being listed (removed, unreadable).
            job.Warn(job.DisplayPrefix.TrimEnd('/'), FileErrorClassifier.FromException(e));
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);
        return ct.IsCancellationRequested;
    }

    /// <summary>Decides what an entry needs. Cheap work (symlinks, skips, special files) happens here
    /// on the listing thread; a plan is returned only for work that reads file contents.</summary>
    private FilePlan? PlanEntry(DirectoryJob job, string name)
    {
        var relative = job.RelativeOf(name);
        var sourcePath = Path.Join(job.SourceDir, name);
        int errno = Native.LStat(sourcePath, out var stat);
        if (errno != 0)
        {
            if (!job.Excludes.MatchesSelf(relative, false)) job.Failed(name, FileErrorClassifier.FromErrno(errno));
            return null;
        }
        var kind = stat.Kind;
        if (job.Excludes.MatchesSelf(relative, kind == FileKind.Directory)) return null;
        switch (kind)
        {
            case FileKind.Directory:
                job.AddSubdirectory(relative);
                return null;
            case FileKind.Symlink:
                CopySymlink(job, name, sourcePath, stat);
                return null;
            case FileKind.Regular:
                return PlanFile(job, name, stat);
            default:
                job.SkippedSpecial(name, (ErrorCodes.SpecialFileSkipped, $"special file skipped ({Describe(kind)})"));
                return null;
        }
    }

    private static FilePlan? PlanFile(DirectoryJob job, string name, in FileStat stat)
    {
        bool destOk = job.Target!.LStat(name, out var dest) == 0 && dest.Kind == FileKind.Regular;
        var previous = job.Previous?.GetValueOrDefault(name);
        if (previous is not null)
        {
            // The previous manifest is the baseline; the destination only has to still be there with
            // the right size (a cheap guard against a tampered or truncated mirror).
            if (!previous.IsSymlink && previous.Sha256 is not null && previous.Size == stat.Size
                && previous.MtimeNs == stat.MtimeNs && previous.Mode == (int)stat.Permissions
                && destOk && dest.Size == stat.Size)
            {
                job.Carried(previous);
                return null;
            }
            // Changed since the baseline. A run that was killed after copying it left the new version
            // in place already (the baseline stays the last run that completed): then the destination
            // decides below, and the file is hashed, not copied again.
        }
        bool same = destOk && dest.Size == stat.Size && dest.MtimeNs == stat.MtimeNs && dest.Permissions == stat.Permissions;
        return new FilePlan(name, stat, HashOnly: same);
    }

    private void CopySymlink(DirectoryJob job, string name, string sourcePath, in FileStat stat)
    {
        var target = Native.ReadLink(sourcePath, out int errno);
        if (target is null)
        {
            job.Failed(name, FileErrorClassifier.FromErrno(errno));
            return;
        }
        var entry = new ManifestEntry(name, true, stat.Size, stat.MtimeNs, (int)stat.Permissions, null, target);
        var previous = job.Previous?.GetValueOrDefault(name);
        var (outcome, err) = SymlinkCopier.Sync(job.Target!, name, target, stat);
        switch (outcome)
        {
            case SymlinkCopier.Outcome.Unchanged when previous == entry:
                job.Carried(previous);
                break;
            case SymlinkCopier.Outcome.Unchanged:
                job.SkippedWithNewEntry(entry);
                break;
            case SymlinkCopier.Outcome.Created:
                job.MarkWritten();
                job.Copied(entry, 0);
                break;
            default:
                if (FileErrorClassifier.IsDestinationUnwritable(err) && !job.WroteSomething)
                    job.Fatal(ErrorCodes.DestinationNotWritable, $"Cannot write to '{job.TargetDir}': {Native.Describe(err)}.");
                else
                    job.Failed(name, FileErrorClassifier.FromErrno(err));
                break;
        }
    }

    /// <summary>Runs one file in the executor: waits while paused, holds a worker, copies with retries.</summary>
    private async Task RunFileAsync(DirectoryJob job, FilePlan plan, PauseGate gate, CancellationTokenSource stop,
        SemaphoreSlim inFlight)
    {
        var ct = stop.Token;
        var display = job.DisplayOf(plan.Name);
        var sourcePath = Path.Join(job.SourceDir, plan.Name);
        var stat = plan.Stat;
        bool hashOnly = plan.HashOnly;
        try
        {
            for (int attempt = 0; attempt <= ChangedRetries; attempt++)
            {
                using var slot = await AcquireAsync(gate, display, ct).ConfigureAwait(false);
                job.Counters.SetCurrentFile(display);
                if (attempt > 0 && !Restat(job, plan.Name, sourcePath, ref stat)) return;
                if (hashOnly)
                {
                    var (sha, _) = FileCopier.HashFile(job.Target!, plan.Name, stat.Size, ct);
                    if (sha is not null)
                    {
                        job.SkippedWithNewEntry(new ManifestEntry(plan.Name, false, stat.Size, stat.MtimeNs, (int)stat.Permissions, sha, null));
                        return;
                    }
                    hashOnly = false; // unreadable destination: copy it again instead
                }
                var progress = new CopyProgress(job.Counters);
                var result = await _fileCopier.CopyAsync(sourcePath, job.Target!, plan.Name, stat,
                    job.Work.Durability, job.Work.VerifyAfterCopy, slot, progress, ct).ConfigureAwait(false);
                switch (result.Status)
                {
                    case CopyStatus.Copied:
                        job.MarkWritten();
                        job.Copied(new ManifestEntry(plan.Name, false, stat.Size, stat.MtimeNs, (int)stat.Permissions, result.Sha256, null), stat.Size);
                        LogFileCopied(_logger, display, stat.Size);
                        return;
                    case CopyStatus.Changed:
                        LogFileChanged(_logger, display, attempt + 1);
                        continue;
                    case CopyStatus.TempCreateFailed when FileErrorClassifier.IsDestinationUnwritable(result.Errno) && !job.WroteSomething:
                        job.Fatal(ErrorCodes.DestinationNotWritable, $"Cannot write to '{job.TargetDir}': {Native.Describe(result.Errno)}.");
                        stop.Cancel(); // the rest of the directory cannot succeed either
                        return;
                    case CopyStatus.TempCreateFailed:
                        job.Failed(plan.Name, FileErrorClassifier.FromErrno(result.Errno));
                        return;
                    default:
                        job.Failed(plan.Name, (result.Code!, result.Reason!));
                        LogFileFailed(_logger, display, result.Code!);
                        return;
                }
            }
            job.Failed(plan.Name, (ErrorCodes.FileChanged, $"file changed while being read ({ChangedRetries + 1} attempts)"));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopped: the copier already removed its temporary.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Anything else (e.g. an opener handing out an odd handle) fails this file, not the directory.
            job.Failed(plan.Name, (ErrorCodes.IoError, e.Message));
            LogFileFailed(_logger, display, ErrorCodes.IoError);
        }
        finally
        {
            inFlight.Release();
        }
    }

    /// <summary>Before a retry: the file may have vanished or become something else.</summary>
    private static bool Restat(DirectoryJob job, string name, string sourcePath, ref FileStat stat)
    {
        int errno = Native.LStat(sourcePath, out var now);
        if (errno != 0)
        {
            job.Failed(name, FileErrorClassifier.FromErrno(errno));
            return false;
        }
        if (now.Kind != FileKind.Regular)
        {
            job.Failed(name, (ErrorCodes.FileChanged, $"file changed while being read (became a {Describe(now.Kind)})"));
            return false;
        }
        stat = now;
        return true;
    }

    private async ValueTask<CopySlot> AcquireAsync(PauseGate gate, string display, CancellationToken ct)
    {
        while (true)
        {
            await gate.WaitAsync(ct).ConfigureAwait(false);
            var slot = await _executor.AcquireAsync(display, ct).ConfigureAwait(false);
            // Paused while we waited for a worker: give it back rather than start a new file.
            if (!gate.IsPaused) return slot;
            slot.Dispose();
        }
    }

    private static string Describe(FileKind kind) => kind switch
    {
        FileKind.Fifo => "fifo",
        FileKind.Socket => "socket",
        FileKind.CharDevice => "character device",
        FileKind.BlockDevice => "block device",
        FileKind.Directory => "directory",
        FileKind.Symlink => "symlink",
        _ => "unknown type",
    };
}
