using OrleansBackup.Contracts;

namespace OrleansBackup.Grains.Jobs;

/// <summary>Reminders: one keeps an active run alive across crashes (a reminder reactivates the job
/// grain on a live silo, and activation re-dispatches its in-flight work); one drives the schedule.</summary>
public sealed partial class BackupJobGrain
{
    private const string KeepAliveReminder = "run-keepalive";
    private const string ScheduleReminder = "schedule";

    /// <summary>How often the keep-alive reminder fires while a run is active.</summary>
    public static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromMinutes(1);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        switch (reminderName)
        {
            case KeepAliveReminder:
                // Activation already re-dispatched in-flight work; a finished run needs no keep-alive.
                if (S.Run is not { } run || !RunStateMachine.IsActive(run.State))
                    await UnregisterAsync(KeepAliveReminder);
                break;
            case ScheduleReminder:
                await RunIfDueAsync();
                break;
        }
    }

    private async Task RunIfDueAsync()
    {
        if (S.Definition?.Schedule is not { } text || S.ScheduleAnchor is not { } anchor)
        {
            await UnregisterAsync(ScheduleReminder);
            return;
        }
        var now = _time.GetUtcNow();
        if (S.NextScheduledRunAt is { } due && now < due) return;

        var spec = ScheduleSpec.Parse(text);
        S.NextScheduledRunAt = spec.NextAfter(now, anchor);
        if (S.Run is { } run && RunStateMachine.IsActive(run.State))
        {
            LogScheduleSkipped(JobId, run.RunId);
            await _state.WriteStateAsync();
            return;
        }
        try
        {
            var started = await StartAsync();
            LogScheduledStart(JobId, started.RunId);
        }
        catch (BackupException ex)
        {
            // A due run that cannot start (source gone, destination unwritable) is logged and tried
            // again at the next due time; the schedule itself stays.
            LogScheduledStartFailed(JobId, ex.Code, ex.Message);
            await _state.WriteStateAsync();
        }
    }

    /// <summary>Sets (or clears) the schedule, anchored at <paramref name="now"/>: the clock reading
    /// with which the definition was checked, so its first due time is known to exist.</summary>
    private async Task ApplyScheduleAsync(ScheduleSpec? schedule, DateTimeOffset now)
    {
        if (schedule is null)
        {
            S.ScheduleAnchor = null;
            S.NextScheduledRunAt = null;
            await UnregisterAsync(ScheduleReminder);
            return;
        }
        S.ScheduleAnchor = now;
        S.NextScheduledRunAt = schedule.NextAfter(now, now);
        await this.RegisterOrUpdateReminder(ScheduleReminder, _scheduling.ScheduleCheckPeriod, _scheduling.ScheduleCheckPeriod);
    }

    private Task RegisterKeepAliveAsync() => this.RegisterOrUpdateReminder(KeepAliveReminder, KeepAlivePeriod, KeepAlivePeriod);

    private async Task UnregisterAsync(string name)
    {
        if (await this.GetReminder(name) is { } reminder)
            await this.UnregisterReminder(reminder);
    }
}
