using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using OrleansBackup.Contracts;
using OrleansBackup.Engine;
using OrleansBackup.Grains.Placement;
using OrleansBackup.Repository;

namespace OrleansBackup.Grains.Jobs;

/// <summary>One backup job: its definition, the current run's state machine, the queue of directory
/// work and aggregate progress. It coordinates; directory grains and silo-local services move the
/// bytes. State is written at transitions and on a checkpoint timer, never per file. Placed only
/// on silos with the <c>coordinate</c> capability.</summary>
[CapabilityPlacementFilter(Capabilities.Coordinate)]
public sealed partial class BackupJobGrain : Grain, IBackupJobGrain, IRemindable
{
    /// <summary>Directories in flight at once in parallel mode when the job does not say.</summary>
    public const int DefaultParallelDirectories = JobDefinition.DefaultMaxConcurrentDirectories;

    /// <summary>How often a running job writes a checkpoint of its state.</summary>
    public static readonly TimeSpan CheckpointPeriod = TimeSpan.FromSeconds(5);

    /// <summary>Width of the job's throughput window (all silos together).</summary>
    public static readonly TimeSpan ThroughputWindow = TimeSpan.FromSeconds(5);

    /// <summary>Dispatch attempts per directory before it is reported as an error.</summary>
    public const int MaxAttempts = 3;

    private readonly IPersistentState<JobState> _state;
    private readonly PathGuard _pathGuard;
    private readonly TimeProvider _time;
    private readonly ILogger<BackupJobGrain> _logger;
    private readonly ThroughputMeter _throughput;
    private readonly ClusterProfiles _profiles;
    private readonly JobSchedulingOptions _scheduling;
    private readonly string _coordinator;
    private readonly Dictionary<string, WorkerStatus> _workers = new(StringComparer.Ordinal);
    private IGrainTimer? _checkpointTimer;
    private IGrainTimer? _watchdogTimer;
    private readonly Dictionary<string, (InFlightWork Work, Task Task)> _pendingStarts = new(StringComparer.Ordinal);
    private bool _dirty;
    /// <summary>Set while a stop (or a fatal error) winds the run down: nothing more is dispatched.</summary>
    private bool _halting;
    /// <summary>Cancels start retries when the run winds down.</summary>
    private CancellationTokenSource _halt = new();

    public BackupJobGrain(
        [PersistentState("job", "Default")] IPersistentState<JobState> state,
        PathGuard pathGuard, TimeProvider time, ClusterProfiles profiles, JobSchedulingOptions scheduling,
        ILocalSiloDetails silo, ILogger<BackupJobGrain> logger)
    {
        _coordinator = silo.SiloAddress.ToParsableString();
        _profiles = profiles;
        _scheduling = scheduling;
        _state = state;
        _pathGuard = pathGuard;
        _time = time;
        _logger = logger;
        _throughput = new ThroughputMeter(time, ThroughputWindow);
    }

    private string JobId => this.GetPrimaryKeyString();
    private JobState S => _state.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A run that was active when this grain last lived goes on: re-send its in-flight work.
        // Directory grains ignore a repeated start of work they are already doing.
        if (S.Run is { } run && RunStateMachine.IsActive(run.State))
        {
            LogResuming(JobId, run.RunId, run.InFlight.Count, run.Queue.Count);
            EnsureTimers();
            // Work on a silo that died with our previous activation moves now (and is counted);
            // the rest is re-sent to its directory grains, which ignore work they already have.
            RequeueLostWork(run);
            await RecordResumeAsync(run);
            if (run.State == RunState.Running)
                await RedispatchInFlightAsync(run);
        }
        await base.OnActivateAsync(cancellationToken);
    }

    /// <summary>Counts the resumption and says so in the destination's run record, so the record of
    /// an interrupted run tells what became of it (and its final record, when it ends, keeps the count).</summary>
    private async Task RecordResumeAsync(RunProgress run)
    {
        run.Resumes++;
        run.ResumedAt = _time.GetUtcNow();
        await _state.WriteStateAsync();
        if (!run.RecordBegun) return;
        try
        {
            await DestinationNeeds(run).PlaceAsync(() => Recorder(run).BeginAsync(run.Definition.Destination, ToRecord(run)));
        }
        catch (Exception ex) when (ex is BackupException or IOException or OrleansException or TimeoutException)
        {
            // The run goes on; its final record is written when it ends.
            LogRecordFailed(ex, JobId, run.RunId);
        }
    }

    public async Task<JobDefinition> DefineAsync(JobDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        JobIds.Validate(definition.JobId);
        if (!string.Equals(definition.JobId, JobId, StringComparison.Ordinal))
            throw new BackupException(ErrorCodes.InvalidRequest, $"Job id '{definition.JobId}' does not match the grain key '{JobId}'.");
        if (S.Run is { } run && RunStateMachine.IsActive(run.State))
            throw new BackupException(ErrorCodes.JobBusy, $"Job '{JobId}' has an active run ({run.State}); stop it before changing its definition.");
        // The whole definition is checked before anything changes: a refused one leaves no trace.
        var now = _time.GetUtcNow();
        var (excludes, schedule) = DefinitionRules.Check(definition, now);

        // Path resolution touches the file system (realpath): keep it off the grain scheduler.
        var selection = await Task.Run(() => _pathGuard.ValidateSelection(definition.Sources, definition.Destination));
        var normalized = definition with
        {
            Sources = [.. selection.Sources],
            Destination = selection.Destination,
            Excludes = excludes,
            Schedule = schedule?.Text,
        };
        var (previous, previousAnchor, previousNext) = (S.Definition, S.ScheduleAnchor, S.NextScheduledRunAt);
        S.Definition = normalized;
        try
        {
            await ApplyScheduleAsync(schedule, now);
            await _state.WriteStateAsync();
        }
        catch
        {
            (S.Definition, S.ScheduleAnchor, S.NextScheduledRunAt) = (previous, previousAnchor, previousNext);
            throw;
        }
        await GrainFactory.GetGrain<IJobCatalogGrain>(IJobCatalogGrain.Key).AddAsync(JobId);
        LogDefined(JobId, normalized.Sources.Length, normalized.Destination);
        return normalized;
    }

    public Task<JobDefinition?> GetDefinitionAsync() => Task.FromResult(S.Definition);

    public Task<JobStatus> GetStatusAsync() => Task.FromResult(BuildStatus());

    public Task<ImmutableArray<RunSummary>> GetRunsAsync()
    {
        var runs = ImmutableArray.CreateBuilder<RunSummary>();
        if (S.Run is { } run && RunStateMachine.IsActive(run.State)) runs.Add(Summarize(run));
        runs.AddRange(S.History);
        return Task.FromResult(runs.ToImmutable());
    }

    private void EnsureTimers()
    {
        _checkpointTimer ??= this.RegisterGrainTimer(CheckpointAsync, CheckpointPeriod, CheckpointPeriod);
        _watchdogTimer ??= this.RegisterGrainTimer(WatchSilosAsync, WatchdogPeriod, WatchdogPeriod);
        // Keep the activation while a run is active, even when nothing calls it (e.g. long pause).
        DelayDeactivation(TimeSpan.FromHours(12));
    }

    private void StopTimers()
    {
        _checkpointTimer?.Dispose();
        _checkpointTimer = null;
        _watchdogTimer?.Dispose();
        _watchdogTimer = null;
    }

    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        if (!_dirty) return;
        _dirty = false;
        try
        {
            await _state.WriteStateAsync(cancellationToken);
        }
        catch (InconsistentStateException ex)
        {
            // Another activation of this job wrote since we read: it owns the run now. Step aside
            // rather than dispatch beside it.
            LogSuperseded(ex, JobId);
            StopTimers();
            DeactivateOnIdle();
        }
    }
}
