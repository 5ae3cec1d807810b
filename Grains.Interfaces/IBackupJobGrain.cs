using System.Collections.Immutable;

namespace OrleansBackup.Contracts;

/// <summary>One backup job, keyed by its job id: definition, the current run's state machine,
/// the queue of directory work, aggregate progress and recent history.</summary>
[Alias("OrleansBackup.IBackupJobGrain")]
public interface IBackupJobGrain : IGrainWithStringKey
{
    /// <summary>Creates or replaces the definition. Refused (<c>job_busy</c>) while a run is active.</summary>
    [Alias("Define")]
    Task<JobDefinition> DefineAsync(JobDefinition definition);

    /// <summary>The definition, or null when the job was never defined.</summary>
    [Alias("GetDefinition")]
    Task<JobDefinition?> GetDefinitionAsync();

    /// <summary>Starts a new run; answers with the new run's id and state.</summary>
    [Alias("Start")]
    Task<JobStatus> StartAsync();

    /// <summary>Halts dispatch; files in flight finish; nothing more moves until resumed.</summary>
    [Alias("Pause")]
    Task<JobStatus> PauseAsync();

    [Alias("Resume")]
    Task<JobStatus> ResumeAsync();

    /// <summary>Cancels in-flight copies (their temporaries are removed) and ends the run <c>Stopped</c>.</summary>
    [Alias("Stop")]
    Task<JobStatus> StopAsync();

    [Alias("GetStatus"), AlwaysInterleave]
    Task<JobStatus> GetStatusAsync();

    /// <summary>The recent runs, newest first (bounded).</summary>
    [Alias("GetRuns"), AlwaysInterleave]
    Task<ImmutableArray<RunSummary>> GetRunsAsync();

    /// <summary>A progress batch from a directory grain. One-way: a directory never waits on its job.</summary>
    [Alias("ReportProgress"), OneWay]
    Task ReportProgressAsync(string runId, DirectoryProgress progress);

    /// <summary>A directory work item finished (or failed, or was cancelled).</summary>
    [Alias("CompleteDirectory"), OneWay]
    Task CompleteDirectoryAsync(string runId, DirectoryResult result);

    /// <summary>Totals of one source from the run's tree scan, once counting is done.</summary>
    [Alias("ReportTotals"), OneWay]
    Task ReportTotalsAsync(string runId, int sourceIndex, long files, long bytes);
}
