using System.Collections.Immutable;
using OrleansBackup.Contracts;
using OrleansBackup.Engine;
using OrleansBackup.Repository;

namespace OrleansBackup.Grains.Directories;

/// <summary>Counts a run's files and bytes on the thread pool so status can show totals and an
/// ETA; reports the final totals to the job once (one call, not one per file).</summary>
public sealed class TreeScanGrain(TimeProvider time) : Grain, ITreeScanGrain
{
    private CancellationTokenSource? _cancel;

    public Task StartAsync(string jobId, string runId, ImmutableArray<string> sources, ImmutableArray<string> excludes)
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
                var (files, bytes) = await Task.Run(() => TreeScanner.ScanAsync(sources, matcher.IsExcluded,
                    static (_, _) => { }, time, token), token);
                await job.ReportTotalsAsync(runId, files, bytes, final: true);
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
