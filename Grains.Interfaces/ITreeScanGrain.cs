using System.Collections.Immutable;

namespace OrleansBackup.Contracts;

/// <summary>Counts the files and bytes of a run's sources in the background, so status can show
/// totals and an ETA. One per source of a run, keyed "{jobId}/{runId}/{sourceIndex}", placed on a
/// silo that reaches the source. Reports through <see cref="IBackupJobGrain.ReportTotalsAsync"/>.</summary>
[Alias("OrleansBackup.ITreeScanGrain")]
public interface ITreeScanGrain : IGrainWithStringKey
{
    [Alias("Start")]
    Task StartAsync(string jobId, string runId, int sourceIndex, string source, ImmutableArray<string> excludes);

    [Alias("Cancel"), AlwaysInterleave]
    Task CancelAsync();
}
