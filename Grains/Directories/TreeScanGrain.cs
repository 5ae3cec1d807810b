using System.Collections.Immutable;
using OrleansBackup.Contracts;
using OrleansBackup.Engine;
using OrleansBackup.Grains.Placement;
using OrleansBackup.Repository;

namespace OrleansBackup.Grains.Directories;

/// <summary>Counts one source's files and bytes on the thread pool so status can show totals and
/// an ETA; reports the totals to the job once (one call, not one per file). Placed on a silo that
/// reaches the source (the job passes the path as a placement need).</summary>
[CapabilityPlacementFilter]
public sealed class TreeScanGrain(TimeProvider time) : Grain, ITreeScanGrain
{
    private CancellationTokenSource? _cancel;

    public Task StartAsync(string jobId, string runId, int sourceIndex, string source, ImmutableArray<string> excludes)
    {
        if (_cancel is not null) return Task.CompletedTask;
        _cancel = new CancellationTokenSource();
        DelayDeactivation(TimeSpan.FromHours(12));
        var matcher = new ExcludeMatcher(excludes.IsDefault ? [] : excludes);
        var token = _cancel.Token;
        var job = GrainFactory.GetGrain<IBackupJobGrain>(jobId);
        _ = ScanAsync();
        return Task.CompletedTask;

        async Task ScanAsync()
        {
            try
            {
                var (files, bytes) = await Task.Run(() => TreeScanner.ScanAsync([source], matcher.IsExcluded,
                    static (_, _) => { }, time, token), token);
                await job.ReportTotalsAsync(runId, sourceIndex, files, bytes);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // The run ended first; its totals no longer matter.
            }
            finally
            {
                DeactivateOnIdle();
            }
        }
    }

    public Task CancelAsync()
    {
        _cancel?.Cancel();
        return Task.CompletedTask;
    }
}
