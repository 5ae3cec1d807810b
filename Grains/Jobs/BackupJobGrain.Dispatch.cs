using OrleansBackup.Contracts;
using OrleansBackup.Grains.Placement;
using OrleansBackup.Repository;

namespace OrleansBackup.Grains.Jobs;

public sealed partial class BackupJobGrain
{
    private IRunRecorderGrain Recorder(RunProgress run) => GrainFactory.GetGrain<IRunRecorderGrain>(run.Definition.Destination);

    private ITreeScanGrain ScanGrain(RunProgress run, int sourceIndex) =>
        GrainFactory.GetGrain<ITreeScanGrain>($"{JobId}/{run.RunId}/{sourceIndex}");

    /// <summary>What copying a directory of a source needs: the dispatch mode's capability and
    /// access to the source and the destination.</summary>
    private static WorkNeeds NeedsFor(RunProgress run, int sourceIndex) => new(
        [run.Definition.Dispatch == DispatchMode.Sequential ? Capabilities.BackupSequential : Capabilities.BackupParallel],
        [run.Definition.Sources[sourceIndex], run.Definition.Destination]);

    private static WorkNeeds DestinationNeeds(RunProgress run) => new([], [run.Definition.Destination]);

    private static int Queued(RunProgress run) => run.Queue.Count + run.RetryQueue.Count;

    private static WorkItem Dequeue(RunProgress run) =>
        run.RetryQueue.Count > 0 ? run.RetryQueue.Dequeue() : run.Queue.Dequeue();

    private IDirectoryGrain DirectoryGrain(RunProgress run, WorkItem item) =>
        GrainFactory.GetGrain<IDirectoryGrain>($"{JobId}/{run.RunId}/{item.WorkId}");

    private static int Concurrency(RunProgress run) => run.Definition.Dispatch == DispatchMode.Sequential
        ? 1
        : run.Definition.MaxConcurrentDirectories ?? DefaultParallelDirectories;

    /// <summary>Hands queued directories to directory grains until the concurrency bound is reached,
    /// and ends the run when nothing is queued or in flight.</summary>
    private async Task DispatchAsync(RunProgress run)
    {
        if (_halting) return;
        while (run.State == RunState.Running && Queued(run) > 0 && run.InFlight.Count < Concurrency(run))
        {
            var batch = new List<InFlightWork>();
            while (Queued(run) > 0 && run.InFlight.Count < Concurrency(run))
            {
                var item = Dequeue(run);
                var work = new InFlightWork { Item = item, DispatchedAt = _time.GetUtcNow() };
                run.InFlight[item.WorkId] = work;
                batch.Add(work);
            }
            _dirty = true;
            // Not awaited here: this turn ends at once, so the next directory's completion is
            // handled without waiting a round trip per start. Each start's outcome (its silo, or a
            // retry) is recorded by a continuation on this grain's scheduler.
            foreach (var work in batch) _pendingStarts[work.Item.WorkId] = (work, StartOneAsync(run, work));
        }

        if (run.State == RunState.Running && Queued(run) == 0 && run.InFlight.Count == 0)
        {
            var final = run.FilesFailed > 0 || run.ErrorCount > 0 ? RunState.CompletedWithWarnings : RunState.Completed;
            await FinishRunAsync(run, final, null);
        }
    }

    /// <summary>Starts a directory grain, retrying with backoff: right after a silo dies, placement
    /// may still pick it until membership declares it dead (seconds), and those starts fail at once.</summary>
    private async Task StartOneAsync(RunProgress run, InFlightWork work)
    {
        var id = work.Item.WorkId;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var silo = await NeedsFor(run, work.Item.SourceIndex).PlaceAsync(() =>
                        DirectoryGrain(run, work.Item).StartAsync(ToWork(run, work.Item)));
                    if (!IsInFlight(run, work)) return;
                    if ((work.Silo ?? work.Item.PreviousSilo) is { } previous && previous != silo)
                    {
                        // The work moved: its earlier silo died (or died with our previous activation).
                        run.Redispatches++;
                        run.LastRedispatchAt = _time.GetUtcNow();
                        LogMoved(JobId, run.RunId, id, previous, silo);
                    }
                    work.Silo = silo;
                    return;
                }
                catch (Exception ex) when (attempt < StartAttempts && ex is not OperationCanceledException)
                {
                    LogDispatchFailed(ex, JobId, run.RunId, id, attempt);
                    await Task.Delay(StartBackoff(attempt), _time, _halt.Token);
                    if (!IsInFlight(run, work) || _halting) return;
                }
            }
        }
        catch (OperationCanceledException) when (_halt.IsCancellationRequested)
        {
            // Stopping: the stop itself accounts for this work.
        }
        catch (Exception ex)
        {
            LogDispatchFailed(ex, JobId, run.RunId, id, StartAttempts);
            if (!IsInFlight(run, work)) return;
            run.InFlight.Remove(id);
            Retry(run, work.Item, work.Silo, $"could not be started on any silo: {ex.Message}");
            _dirty = true;
            if (run.State == RunState.Running) await DispatchAsync(run);
        }
        finally
        {
            if (_pendingStarts.TryGetValue(id, out var pending) && pending.Work == work) _pendingStarts.Remove(id);
        }
    }

    /// <summary>Start calls per dispatch before the directory counts one failed attempt.</summary>
    private const int StartAttempts = 8;

    /// <summary>0.25 s, doubling, at most 5 s: about 18 s in all, well past failure detection.</summary>
    private static TimeSpan StartBackoff(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(5000, 250 * (1 << Math.Min(attempt - 1, 5))));

    private bool IsInFlight(RunProgress run, InFlightWork work) =>
        S.Run == run && run.InFlight.TryGetValue(work.Item.WorkId, out var current) && current == work;

    /// <summary>Pause, resume and stop first let every start in flight land, so no directory can
    /// start copying after it was told to stop.</summary>
    private Task PendingStartsAsync() => Task.WhenAll(_pendingStarts.Values.Select(p => p.Task).ToArray());

    private async Task RedispatchInFlightAsync(RunProgress run)
    {
        foreach (var work in run.InFlight.Values.ToList()) _pendingStarts[work.Item.WorkId] = (work, StartOneAsync(run, work));
        await DispatchAsync(run);
    }

    private void Retry(RunProgress run, WorkItem item, string? silo, string reason)
    {
        if (item.Attempt < MaxAttempts)
        {
            run.RetryQueue.Enqueue(item with { Attempt = item.Attempt + 1, PreviousSilo = silo ?? item.PreviousSilo });
            return;
        }
        AddErrors(run, [new FileError(DisplayPath(run, item), $"directory not processed after {item.Attempt} attempts: {reason}", ErrorCodes.IoError)], 1);
    }

    public async Task CompleteDirectoryAsync(string runId, DirectoryResult result)
    {
        var run = S.Run;
        if (run is null || run.RunId != runId || !RunStateMachine.IsActive(run.State)) return;
        if (!run.InFlight.TryGetValue(result.WorkId, out var work) || work.Item.Attempt != result.Attempt) return;

        run.InFlight.Remove(result.WorkId);
        _dirty = true;
        if (result.FatalCode is { } code)
        {
            // The destination cannot take the work (unwritable, gone): the whole run cannot succeed.
            var message = result.FatalMessage ?? code;
            LogRunFailing(JobId, runId, code, message);
            await WindDownAsync(run);
            AddErrors(run, [new FileError(DisplayPath(run, work.Item), message, code)], 1);
            await FinishRunAsync(run, RunState.Failed, message);
            return;
        }

        Accumulate(run, result, countDirectory: true);
        if (result.Workers is { } workers)
            _workers[result.Silo] = workers with { UpdatedAt = _time.GetUtcNow(), CurrentFile = workers.CurrentFile ?? _workers.GetValueOrDefault(result.Silo)?.CurrentFile };
        run.LastCompletedDirectory = DisplayPath(run, work.Item);
        run.RecentDirectories.Insert(0, new CompletedDirectory(run.LastCompletedDirectory, result.Silo, result.Attempt,
            result.FilesCopied, _time.GetUtcNow()));
        if (run.RecentDirectories.Count > RunProgress.RecentLimit) run.RecentDirectories.RemoveAt(RunProgress.RecentLimit);
        foreach (var sub in result.Subdirectories)
            run.Queue.Enqueue(new WorkItem(work.Item.SourceIndex, sub));
        if (run.State == RunState.Running)
            await DispatchAsync(run);
    }

    public Task ReportProgressAsync(string runId, DirectoryProgress progress)
    {
        var run = S.Run;
        if (run is null || run.RunId != runId || !RunStateMachine.IsActive(run.State)) return Task.CompletedTask;
        if (run.InFlight.TryGetValue(progress.WorkId, out var work) && work.Item.Attempt == progress.Attempt)
        {
            work.Progress = progress;
            work.Silo = progress.Silo;
        }
        var previous = _workers.GetValueOrDefault(progress.Silo);
        _workers[progress.Silo] = new WorkerStatus(progress.Silo, progress.CurrentFile ?? previous?.CurrentFile,
            progress.SiloActiveCopies, progress.SiloBytesPerSecond,
            run.DirectoriesBySilo.GetValueOrDefault(progress.Silo), _time.GetUtcNow());
        _throughput.Observe(BytesDone(run));
        return Task.CompletedTask;
    }

    public Task ReportTotalsAsync(string runId, int sourceIndex, long files, long bytes)
    {
        var run = S.Run;
        if (run is null || run.RunId != runId) return Task.CompletedTask;
        run.SourceTotals[sourceIndex] = [files, bytes];
        if (run.SourceTotals.Count == run.SourceNames.Count)
        {
            run.FilesTotal = run.SourceTotals.Values.Sum(t => t[0]);
            run.BytesTotal = run.SourceTotals.Values.Sum(t => t[1]);
            run.TotalsFinal = true;
        }
        _dirty = true;
        return Task.CompletedTask;
    }

    private void Accumulate(RunProgress run, DirectoryResult result, bool countDirectory)
    {
        run.FilesCopied += result.FilesCopied;
        run.FilesSkipped += result.FilesSkipped;
        run.FilesFailed += result.FilesFailed;
        run.BytesCopied += result.BytesCopied;
        run.BytesSkipped += result.BytesSkipped;
        AddErrors(run, result.Errors, result.ErrorCount);
        if (!countDirectory) return;
        run.DirectoriesDone++;
        run.DirectoriesBySilo[result.Silo] = run.DirectoriesBySilo.GetValueOrDefault(result.Silo) + 1;
        _throughput.Observe(BytesDone(run));
    }

    private static void AddErrors(RunProgress run, IEnumerable<FileError> errors, long count)
    {
        foreach (var error in errors)
        {
            if (run.Errors.Count >= RunProgress.ErrorLimit) break;
            run.Errors.Add(error);
        }
        run.ErrorCount += count;
    }

    private DirectoryWork ToWork(RunProgress run, WorkItem item)
    {
        var definition = run.Definition;
        var sourceName = run.SourceNames[item.SourceIndex];
        return new DirectoryWork(
            item.WorkId, JobId, run.RunId, sourceName,
            definition.Sources[item.SourceIndex], item.RelativePath,
            RepositoryLayout.MirrorTarget(definition.Destination, JobId, sourceName),
            RepositoryLayout.RepositoryRoot(definition.Destination),
            run.PreviousRunId, definition.Excludes, definition.Durability,
            definition.Dispatch == DispatchMode.Sequential, definition.VerifyAfterCopy, item.Attempt);
    }

    private static string DisplayPath(RunProgress run, WorkItem item)
    {
        var name = run.SourceNames[item.SourceIndex];
        return item.RelativePath.Length == 0 ? name : $"{name}/{item.RelativePath}";
    }
}
