using System.Collections.Immutable;
using OrleansBackup.Contracts;

namespace OrleansBackup.Grains.Jobs;

public sealed partial class BackupJobGrain
{
    /// <summary>Directories shown in <see cref="JobStatus.NextDirectories"/>.</summary>
    private const int NextDirectoriesShown = JobStatus.NextDirectoriesLimit;

    /// <summary>A silo that has not reported for this long is left out of <see cref="JobStatus.Workers"/>.</summary>
    private static readonly TimeSpan WorkerStaleAfter = TimeSpan.FromSeconds(10);

    // Skipped (unchanged) bytes count as done too, in flight as on completion, so a rerun's progress
    // moves steadily instead of jumping when each directory reports its result.
    private static long BytesDone(RunProgress run) =>
        run.BytesCopied + run.BytesSkipped + run.InFlight.Values.Sum(w => (w.Progress?.BytesDone ?? 0) + (w.Progress?.BytesSkipped ?? 0));

    private JobStatus BuildStatus()
    {
        var now = _time.GetUtcNow();
        var definition = S.Definition;
        var run = S.Run;
        if (run is null)
        {
            return new JobStatus
            {
                JobId = JobId,
                State = RunState.Idle,
                Dispatch = definition?.Dispatch ?? DispatchMode.Parallel,
                Mode = definition?.Mode ?? BackupMode.Mirror,
                Destination = definition?.Destination,
                Sources = definition?.Sources ?? [],
                UpdatedAt = now,
                NextScheduledRunAt = S.NextScheduledRunAt,
                Coordinator = _coordinator,
            };
        }

        var active = RunStateMachine.IsActive(run.State);
        var running = run.State == RunState.Running;
        var inFlight = run.InFlight.Values.ToList();
        long inFlightCopied = 0, inFlightSkipped = 0, inFlightFailed = 0;
        foreach (var w in inFlight)
        {
            inFlightCopied += w.Progress?.FilesCopied ?? 0;
            inFlightSkipped += w.Progress?.FilesSkipped ?? 0;
            inFlightFailed += w.Progress?.FilesFailed ?? 0;
        }
        var bytesDone = BytesDone(run);
        var filesDone = run.FilesCopied + run.FilesSkipped + run.FilesFailed + inFlightCopied + inFlightSkipped + inFlightFailed;
        // The scan counted sizes as it passed; files that grew since are read bigger. What was really
        // read counts, so progress never passes 100% (at the end the totals are what was read: FinishRunAsync).
        long? bytesTotal = run.TotalsFinal ? Math.Max(run.BytesTotal ?? 0, bytesDone) : null;
        // Paused: nothing moves, so the rate is 0 and there is no estimate (not a stale one).
        if (running) _throughput.Observe(bytesDone);
        var throughput = running ? _throughput.BytesPerSecond() : 0;
        double? eta = null;
        if (RunStateMachine.IsTerminal(run.State)) eta = 0;
        else if (running && bytesTotal is { } total && throughput > 0)
            eta = Math.Max(0, (total - bytesDone) / throughput);

        return new JobStatus
        {
            JobId = JobId,
            State = run.State,
            RunId = run.RunId,
            StartedAt = run.StartedAt,
            FinishedAt = run.FinishedAt,
            FilesCopied = run.FilesCopied + inFlightCopied,
            FilesSkipped = run.FilesSkipped + inFlightSkipped,
            FilesFailed = run.FilesFailed + inFlightFailed,
            FilesDone = filesDone,
            FilesTotal = run.TotalsFinal ? Math.Max(run.FilesTotal ?? 0, filesDone) : null,
            BytesDone = bytesDone,
            BytesTotal = bytesTotal,
            BytesCopied = run.BytesCopied + inFlight.Sum(w => w.Progress?.BytesDone ?? 0),
            LastCompletedDirectory = run.LastCompletedDirectory,
            NextDirectories = [.. run.RetryQueue.Concat(run.Queue).Take(NextDirectoriesShown).Select(i => DisplayPath(run, i))],
            ActiveDirectories = [.. inFlight.Where(w => w.Silo is not null).Select(w => new ActiveDirectory(DisplayPath(run, w.Item), w.Silo!, w.Item.Attempt,
                (w.Progress?.FilesCopied ?? 0) + (w.Progress?.FilesSkipped ?? 0) + (w.Progress?.FilesFailed ?? 0), w.Progress?.CurrentFile))],
            Workers = active
                ? [.. _workers.Values.Where(w => now - w.UpdatedAt < WorkerStaleAfter)
                    .Select(w => w with
                    {
                        DirectoriesDone = run.DirectoriesBySilo.GetValueOrDefault(w.Silo),
                        BytesPerSecond = running ? w.BytesPerSecond : 0,
                    })
                    .OrderBy(w => w.Silo, StringComparer.Ordinal)]
                : [],
            ThroughputBytesPerSecond = throughput,
            EtaSeconds = eta,
            Errors = [.. run.Errors],
            ErrorCount = run.ErrorCount,
            DirectoriesDone = run.DirectoriesDone,
            DirectoriesQueued = Queued(run),
            Message = run.Message,
            Dispatch = run.Definition.Dispatch,
            Mode = run.Definition.Mode,
            Destination = run.Definition.Destination,
            Sources = run.Definition.Sources,
            DirectoriesBySilo = run.DirectoriesBySilo.ToImmutableDictionary(StringComparer.Ordinal),
            UpdatedAt = now,
            NextScheduledRunAt = S.NextScheduledRunAt,
            Redispatches = run.Redispatches,
            LastRedispatchAt = run.LastRedispatchAt,
            RecentDirectories = [.. run.RecentDirectories],
            Coordinator = _coordinator,
        };
    }

    private static RunSummary Summarize(RunProgress run) => new(
        run.RunId, run.State, run.StartedAt, run.FinishedAt, run.FilesCopied, run.FilesSkipped,
        run.FilesFailed, run.BytesCopied, run.ErrorCount, run.Message, run.Resumes);

    private RunRecord ToRecord(RunProgress run) => new(
        run.RunId, JobId, run.Definition.Mode,
        [.. run.SourceNames.Select((name, i) => new SourceRecord(name, run.Definition.Sources[i],
            Repository.RepositoryLayout.MirrorTarget(run.Definition.Destination, JobId, name)))],
        run.State, run.StartedAt, run.FinishedAt, run.FilesCopied, run.FilesSkipped, run.FilesFailed,
        run.BytesCopied, run.PreviousRunId, run.Message, run.Resumes, run.ResumedAt);
}
