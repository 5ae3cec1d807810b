using OrleansBackup.Contracts;

namespace OrleansBackup.Grains.Jobs;

/// <summary>The job grain's persisted state. Bounded: per-directory entries only (queue and
/// in-flight work), never per-file lists; errors are capped.</summary>
[GenerateSerializer, Alias("OrleansBackup.JobState")]
public sealed class JobState
{
    [Id(0)] public JobDefinition? Definition { get; set; }
    [Id(1)] public RunProgress? Run { get; set; }
    /// <summary>Recent runs, newest first, at most <see cref="HistoryLimit"/>.</summary>
    [Id(2)] public List<RunSummary> History { get; set; } = [];
    /// <summary>The last run whose manifest is complete: the baseline for change detection.</summary>
    [Id(3)] public string? BaselineRunId { get; set; }
    /// <summary>When the schedule was set: intervals count from here.</summary>
    [Id(4)] public DateTimeOffset? ScheduleAnchor { get; set; }
    [Id(5)] public DateTimeOffset? NextScheduledRunAt { get; set; }

    public const int HistoryLimit = 50;
}

/// <summary>One run's progress. Counts are cumulative over completed directory work items.</summary>
[GenerateSerializer, Alias("OrleansBackup.RunProgress")]
public sealed class RunProgress
{
    [Id(0)] public required string RunId { get; set; }
    [Id(1)] public RunState State { get; set; }
    [Id(2)] public DateTimeOffset StartedAt { get; set; }
    [Id(3)] public DateTimeOffset? FinishedAt { get; set; }
    [Id(4)] public string? Message { get; set; }
    [Id(5)] public required JobDefinition Definition { get; set; }
    [Id(6)] public List<string> SourceNames { get; set; } = [];
    [Id(7)] public string? PreviousRunId { get; set; }
    [Id(8)] public Queue<WorkItem> Queue { get; set; } = new();
    [Id(9)] public Dictionary<string, InFlightWork> InFlight { get; set; } = [];
    [Id(10)] public long FilesCopied { get; set; }
    [Id(11)] public long FilesSkipped { get; set; }
    [Id(12)] public long FilesFailed { get; set; }
    [Id(13)] public long BytesCopied { get; set; }
    [Id(14)] public long BytesSkipped { get; set; }
    [Id(15)] public long DirectoriesDone { get; set; }
    [Id(16)] public string? LastCompletedDirectory { get; set; }
    [Id(17)] public List<FileError> Errors { get; set; } = [];
    [Id(18)] public long ErrorCount { get; set; }
    [Id(19)] public long? FilesTotal { get; set; }
    [Id(20)] public long? BytesTotal { get; set; }
    [Id(21)] public bool TotalsFinal { get; set; }
    [Id(22)] public Dictionary<string, int> DirectoriesBySilo { get; set; } = [];
    /// <summary>Work taken back from a dead silo (or a failed start): dispatched before the queue.</summary>
    [Id(23)] public Queue<WorkItem> RetryQueue { get; set; } = new();
    [Id(24)] public long Redispatches { get; set; }
    [Id(25)] public DateTimeOffset? LastRedispatchAt { get; set; }
    /// <summary>Per source index: [files, bytes] from its scan.</summary>
    [Id(26)] public Dictionary<int, long[]> SourceTotals { get; set; } = [];
    /// <summary>The last completed directories, newest first (at most <see cref="RecentLimit"/>).</summary>
    [Id(27)] public List<CompletedDirectory> RecentDirectories { get; set; } = [];
    /// <summary>Whether the destination's run record was begun (not when the run failed before).</summary>
    [Id(28)] public bool RecordBegun { get; set; }
    /// <summary>How often a new activation of the job took the run up again (its silo stopped).</summary>
    [Id(29)] public int Resumes { get; set; }
    [Id(30)] public DateTimeOffset? ResumedAt { get; set; }

    public const int RecentLimit = JobStatus.RecentDirectoriesLimit;

    /// <summary>Errors kept in state (the count goes on).</summary>
    public const int ErrorLimit = JobStatus.ErrorsLimit;
}

/// <summary>A directory waiting in the queue.</summary>
/// <param name="PreviousSilo">Where an earlier attempt ran, so a move to another silo is counted.</param>
[GenerateSerializer, Immutable, Alias("OrleansBackup.WorkItem")]
public sealed record WorkItem(
    [property: Id(0)] int SourceIndex,
    [property: Id(1)] string RelativePath,
    [property: Id(2)] int Attempt = 1,
    [property: Id(3)] string? PreviousSilo = null)
{
    public string WorkId => $"{SourceIndex}:{RelativePath}";
}

/// <summary>A directory handed to a directory grain, with its latest progress batch.</summary>
[GenerateSerializer, Alias("OrleansBackup.InFlightWork")]
public sealed class InFlightWork
{
    [Id(0)] public required WorkItem Item { get; set; }
    [Id(1)] public DateTimeOffset DispatchedAt { get; set; }
    [Id(2)] public string? Silo { get; set; }
    [Id(3)] public DirectoryProgress? Progress { get; set; }
}
