using Microsoft.Extensions.Logging;
using OrleansBackup.Contracts;

namespace OrleansBackup.Silo;

/// <summary>Wakes every job once the silo is up, so a run interrupted by a crash or a restart goes on
/// at once (its job grain's activation re-dispatches the work in flight) instead of at the next tick
/// of its keep-alive reminder, up to a minute later. Runs in the background: a silo never waits for
/// it to start, and a job that cannot be reached now is still woken by its reminder.</summary>
public sealed partial class RunResumer(IGrainFactory grains, ILogger<RunResumer> logger) : IStartupTask
{
    public static ISiloBuilder AddRunResumer(ISiloBuilder silo) => silo.AddStartupTask<RunResumer>();

    Task IStartupTask.Execute(CancellationToken cancellationToken)
    {
        _ = Task.Run(WakeJobsAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task WakeJobsAsync()
    {
        try
        {
            var jobs = await grains.GetGrain<IJobCatalogGrain>(IJobCatalogGrain.Key).ListAsync();
            foreach (var job in jobs)
            {
                var status = await grains.GetGrain<IBackupJobGrain>(job).GetStatusAsync();
                if (status.State is RunState.Running or RunState.Paused) LogWoken(job, status.RunId, status.State);
            }
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or InvalidOperationException)
        {
            LogWakeFailed(ex);
        }
    }
}
