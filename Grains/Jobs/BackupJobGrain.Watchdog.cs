using OrleansBackup.Contracts;

namespace OrleansBackup.Grains.Jobs;

/// <summary>Failover: work whose silo died is taken back and dispatched again (to another silo:
/// placement only sees live ones). Copies are idempotent (temp + rename, change detection), so a
/// directory half-done on a dead silo is simply done again.</summary>
public sealed partial class BackupJobGrain
{
    /// <summary>How often in-flight work is checked against cluster membership.</summary>
    public static readonly TimeSpan WatchdogPeriod = TimeSpan.FromSeconds(1);

    /// <summary>A silo membership has never heard of, this long after dispatch, counts as gone.</summary>
    public static readonly TimeSpan UnknownSiloGrace = TimeSpan.FromSeconds(30);

    private async Task WatchSilosAsync(CancellationToken cancellationToken)
    {
        if (S.Run is not { } run || !RunStateMachine.IsActive(run.State)) return;
        if (RequeueLostWork(run) > 0 && run.State == RunState.Running) await DispatchAsync(run);
    }

    /// <summary>Takes back in-flight work whose silo is dead (counted in Redispatches); returns how many.</summary>
    private int RequeueLostWork(RunProgress run)
    {
        var now = _time.GetUtcNow();
        var lost = run.InFlight.Values.Where(w => w.Silo is { } silo && IsGone(silo, w, now)).ToList();
        foreach (var work in lost)
        {
            run.InFlight.Remove(work.Item.WorkId);
            LogRedispatch(JobId, run.RunId, work.Item.WorkId, work.Silo!, (now - work.DispatchedAt).TotalSeconds);
            // Counted in Redispatches once it has started on another silo.
            Retry(run, work.Item, work.Silo, $"silo {work.Silo} died");
        }
        if (lost.Count > 0) _dirty = true;
        return lost.Count;
    }

    private bool IsGone(string silo, InFlightWork work, DateTimeOffset now) => _profiles.StatusOf(silo) switch
    {
        SiloStatus.Dead => true,
        SiloStatus.None => now - work.DispatchedAt > UnknownSiloGrace,
        _ => false,
    };
}
