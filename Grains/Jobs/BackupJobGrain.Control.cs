using OrleansBackup.Contracts;
using OrleansBackup.Grains.Placement;
using OrleansBackup.Repository;

namespace OrleansBackup.Grains.Jobs;

public sealed partial class BackupJobGrain
{
    public async Task<JobStatus> StartAsync()
    {
        var definition = S.Definition ?? throw new BackupException(ErrorCodes.NoSelection,
            "Nothing is selected: choose directories and a destination first (POST /api/select).");
        RunStateMachine.Ensure(S.Run?.State ?? RunState.Idle, RunState.Running, "start");

        // Sources may have vanished since they were selected: check again before anything is written.
        var selection = await Task.Run(() => _pathGuard.ValidateSelection(definition.Sources, definition.Destination));
        var run = new RunProgress
        {
            RunId = RunIds.New(_time),
            State = RunState.Running,
            StartedAt = _time.GetUtcNow(),
            Definition = definition with { Sources = [.. selection.Sources], Destination = selection.Destination },
            SourceNames = [.. SourceNaming.Assign(selection.Sources)],
            PreviousRunId = S.BaselineRunId,
        };
        _workers.Clear();
        _throughput.Reset();
        _halting = false;
        _halt = new CancellationTokenSource();

        // Work no live silo can do fails the run now, naming what is missing, instead of retrying.
        var unmet = Enumerable.Range(0, run.SourceNames.Count).Select(i => NeedsFor(run, i))
            .FirstOrDefault(needs => !_profiles.AnySatisfies(needs));
        if (unmet is not null)
        {
            S.Run = run;
            await FinishRunAsync(run, RunState.Failed, $"No active silo has {unmet.Describe()} ({ErrorCodes.NoCapableSilo}).");
            return BuildStatus();
        }

        // Creates the repository and checks the destination is writable; throws before any state changes.
        await DestinationNeeds(run).PlaceAsync(() => Recorder(run).BeginAsync(run.Definition.Destination, ToRecord(run)));
        run.RecordBegun = true;

        for (var i = 0; i < run.SourceNames.Count; i++)
            run.Queue.Enqueue(new WorkItem(i, ""));
        S.Run = run;
        await _state.WriteStateAsync();
        await RegisterKeepAliveAsync();
        LogRunStarted(JobId, run.RunId, run.Definition.Dispatch);

        EnsureTimers();
        for (var i = 0; i < run.SourceNames.Count; i++)
        {
            var index = i;
            await new WorkNeeds([], [run.Definition.Sources[i]]).PlaceAsync(() =>
                ScanGrain(run, index).StartAsync(JobId, run.RunId, index, run.Definition.Sources[index], run.Definition.Excludes));
        }
        await DispatchAsync(run);
        return BuildStatus();
    }

    public async Task<JobStatus> PauseAsync()
    {
        var run = ActiveRunOrThrow("pause");
        RunStateMachine.Ensure(run.State, RunState.Paused, "pause");
        run.State = RunState.Paused;
        await PendingStartsAsync();
        await Task.WhenAll(run.InFlight.Values.Select(w => DirectoryGrain(run, w.Item).PauseAsync()));
        await _state.WriteStateAsync();
        LogRunPaused(JobId, run.RunId);
        return BuildStatus();
    }

    public async Task<JobStatus> ResumeAsync()
    {
        var run = ActiveRunOrThrow("resume");
        RunStateMachine.Ensure(run.State, RunState.Running, "resume");
        run.State = RunState.Running;
        // The pause is no part of the rate: measure afresh from here.
        _throughput.Reset();
        _throughput.Observe(BytesDone(run));
        await PendingStartsAsync();
        await Task.WhenAll(run.InFlight.Values.Select(w => DirectoryGrain(run, w.Item).ResumeAsync()));
        await _state.WriteStateAsync();
        LogRunResumed(JobId, run.RunId);
        await DispatchAsync(run);
        return BuildStatus();
    }

    public async Task<JobStatus> StopAsync()
    {
        var run = ActiveRunOrThrow("stop");
        RunStateMachine.Ensure(run.State, RunState.Stopped, "stop");
        await WindDownAsync(run);
        await FinishRunAsync(run, RunState.Stopped, "Stopped by request.");
        return BuildStatus();
    }

    /// <summary>Stops dispatch, cancels every directory in flight and keeps their partial counts.
    /// Each directory returns once its temporaries are gone, so when a run then answers "Stopped"
    /// (or "Failed") no partial file or temporary is left behind.</summary>
    private async Task WindDownAsync(RunProgress run)
    {
        _halting = true;
        _halt.Cancel();
        await PendingStartsAsync();
        var partials = await Task.WhenAll(run.InFlight.Values.Select(w => DirectoryGrain(run, w.Item).CancelAsync()));
        foreach (var partial in partials)
            if (partial is not null) Accumulate(run, partial, countDirectory: false);
        run.InFlight.Clear();
        run.Queue.Clear();
        run.RetryQueue.Clear();
    }

    private RunProgress ActiveRunOrThrow(string action)
    {
        var run = S.Run;
        if (run is null || !RunStateMachine.IsActive(run.State))
            throw new BackupException(ErrorCodes.InvalidTransition, $"Cannot {action}: the job is {run?.State ?? RunState.Idle}.");
        return run;
    }

    private async Task FinishRunAsync(RunProgress run, RunState final, string? message)
    {
        RunStateMachine.Ensure(run.State, final, "finish");
        run.State = final;
        run.FinishedAt = _time.GetUtcNow();
        run.Message = message;
        if (final is RunState.Completed or RunState.CompletedWithWarnings)
        {
            S.BaselineRunId = run.RunId;
            // Every directory was processed: the totals are what was really found and read, whatever
            // the scan counted before files grew or shrank (or when it had not finished).
            run.FilesTotal = run.FilesCopied + run.FilesSkipped + run.FilesFailed;
            run.BytesTotal = run.BytesCopied + run.BytesSkipped;
            run.TotalsFinal = true;
        }
        S.History.Insert(0, Summarize(run));
        if (S.History.Count > JobState.HistoryLimit) S.History.RemoveRange(JobState.HistoryLimit, S.History.Count - JobState.HistoryLimit);
        _workers.Clear();
        StopTimers();

        try
        {
            for (var i = 0; i < run.SourceNames.Count; i++)
                if (!run.SourceTotals.ContainsKey(i)) await ScanGrain(run, i).CancelAsync();
            if (run.RecordBegun)
                await DestinationNeeds(run).PlaceAsync(() => Recorder(run).FinishAsync(run.Definition.Destination, ToRecord(run)));
            await UnregisterAsync(KeepAliveReminder);
        }
        catch (Exception ex) when (ex is BackupException or IOException or OrleansException or TimeoutException)
        {
            // The run's outcome stands; the destination's own record could not be written.
            LogRecordFailed(ex, JobId, run.RunId);
            run.Message = (run.Message is null ? "" : run.Message + " ") + $"The run record could not be written: {ex.Message}";
        }
        await _state.WriteStateAsync();
        LogRunFinished(JobId, run.RunId, final, run.FilesCopied, run.FilesSkipped, run.FilesFailed);
    }
}
