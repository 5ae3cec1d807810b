using Microsoft.Extensions.Logging;
using OrleansBackup.Contracts;
using Orleans.Placement;
using OrleansBackup.Engine;
using OrleansBackup.Grains.Placement;

namespace OrleansBackup.Grains.Directories;

/// <summary>One directory work item of one run. It hands the directory to the silo's
/// <see cref="DirectoryCopier"/> (which copies on the thread pool, within the silo's worker bound),
/// sends progress batches every <see cref="ProgressPeriod"/>, and reports its result once.
/// Placed by activation count (the less loaded of two random silos): the default placement prefers
/// the caller's silo, which would keep every copy next to the job grain.</summary>
[ActivationCountBasedPlacement, CapabilityPlacementFilter]
public sealed partial class DirectoryGrain(
    DirectoryCopier copier, CopyExecutor executor, ILocalSiloDetails silo, ILogger<DirectoryGrain> logger)
    : Grain, IDirectoryGrain
{
    /// <summary>How often a directory sends a progress batch to its job while copying.</summary>
    public static readonly TimeSpan ProgressPeriod = TimeSpan.FromMilliseconds(500);

    /// <summary>The first batch comes sooner, so a new directory shows up in status quickly.</summary>
    public static readonly TimeSpan FirstProgressAfter = TimeSpan.FromMilliseconds(200);

    private readonly PauseGate _gate = new();
    private DirectoryWork? _work;
    private DirectoryCounters? _counters;
    private CancellationTokenSource? _cancel;
    private Task<DirectoryResult>? _running;
    private IGrainTimer? _progressTimer;
    private bool _cancelRequested;

    private string SiloName => silo.SiloAddress.ToParsableString();

    public Task<string> StartAsync(DirectoryWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_work is { } current && _running is { } running && !_cancelRequested)
        {
            // The job re-sent work this activation already has (it reactivated, or thought our silo
            // was gone). Never copy twice at once: adopt the newer attempt number, and if the work
            // already finished, its first report may have been lost, so send it again.
            if (work.Attempt > current.Attempt) _work = current with { Attempt = work.Attempt };
            if (running.IsCompleted)
                Job(_work).CompleteDirectoryAsync(_work.RunId, running.Result with { Attempt = _work.Attempt }).Ignore();
            return Task.FromResult(SiloName);
        }

        _work = work;
        _counters = new DirectoryCounters();
        _cancel = new CancellationTokenSource();
        _cancelRequested = false;
        // Keep this activation while it works, however long its files take.
        DelayDeactivation(TimeSpan.FromHours(12));
        _progressTimer = this.RegisterGrainTimer(SendProgressAsync, FirstProgressAfter, ProgressPeriod);
        _running = RunAsync(work, _counters, _cancel.Token);
        return Task.FromResult(SiloName);
    }

    private async Task<DirectoryResult> RunAsync(DirectoryWork work, DirectoryCounters counters, CancellationToken ct)
    {
        DirectoryResult result;
        try
        {
            // Task.Run: no directory listing or file I/O ever runs on the grain scheduler.
            result = await Task.Run(() => copier.CopyAsync(work, counters, _gate, ct), CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogWorkCrashed(ex, work.JobId, work.RunId, work.WorkId);
            result = new DirectoryResult(work.WorkId, work.Attempt, "", counters.FilesCopied, counters.FilesSkipped,
                counters.FilesFailed, counters.BytesDone, 0, [], [], 0, ct.IsCancellationRequested,
                ErrorCodes.Internal, $"Directory {work.SourceName}/{work.RelativePath} failed: {ex.Message}");
        }

        // _work, not work: the attempt may have been adopted from a re-sent start meanwhile.
        var workers = executor.Snapshot();
        result = result with
        {
            Silo = SiloName,
            WorkId = work.WorkId,
            Attempt = _work?.Attempt ?? work.Attempt,
            Workers = new WorkerStatus(SiloName, workers.CurrentFile ?? counters.CurrentFile, workers.ActiveCopies,
                workers.BytesPerSecond, 0, DateTimeOffset.UtcNow),
        };
        _progressTimer?.Dispose();
        _progressTimer = null;
        if (!_cancelRequested)
        {
            // One-way: the job is never awaited, so a job busy stopping cannot deadlock with us.
            await Job(work).CompleteDirectoryAsync(work.RunId, result);
            DeactivateOnIdle();
        }
        return result;
    }

    public Task PauseAsync()
    {
        _gate.Pause();
        return Task.CompletedTask;
    }

    public Task ResumeAsync()
    {
        _gate.Resume();
        return Task.CompletedTask;
    }

    public async Task<DirectoryResult?> CancelAsync()
    {
        if (_running is null) return null;
        _cancelRequested = true;
        _cancel?.Cancel();
        var result = await _running;
        DeactivateOnIdle();
        return result;
    }

    private Task SendProgressAsync(CancellationToken cancellationToken)
    {
        if (_work is not { } work || _counters is not { } counters || _cancelRequested) return Task.CompletedTask;
        var workers = executor.Snapshot();
        var progress = new DirectoryProgress(work.WorkId, work.Attempt, SiloName, counters.FilesCopied,
            counters.FilesSkipped, counters.FilesFailed, counters.BytesDone, counters.CurrentFile,
            workers.ActiveCopies, workers.BytesPerSecond, counters.BytesSkipped);
        return Job(work).ReportProgressAsync(work.RunId, progress);
    }

    private IBackupJobGrain Job(DirectoryWork work) => GrainFactory.GetGrain<IBackupJobGrain>(work.JobId);

    [LoggerMessage(2001, LogLevel.Error, "Job {JobId} run {RunId}: directory work {WorkId} crashed")]
    private partial void LogWorkCrashed(Exception exception, string jobId, string runId, string workId);
}
