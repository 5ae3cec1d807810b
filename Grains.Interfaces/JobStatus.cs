using System.Collections.Immutable;

namespace OrleansBackup.Contracts;

/// <summary>The live status of a job's current (or last) run: the REST status contract.</summary>
[GenerateSerializer, Immutable, Alias("OrleansBackup.JobStatus")]
public sealed record JobStatus
{
    [Id(0)] public required string JobId { get; init; }
    [Id(1)] public RunState State { get; init; }
    /// <summary>The current or last run; null before the first start.</summary>
    [Id(2)] public string? RunId { get; init; }
    [Id(3)] public DateTimeOffset? StartedAt { get; init; }
    [Id(4)] public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>Files copied + skipped (unchanged) + failed so far.</summary>
    [Id(5)] public long FilesDone { get; init; }
    /// <summary>Files in the sources; null while the scan is still counting.</summary>
    [Id(6)] public long? FilesTotal { get; init; }
    [Id(7)] public long BytesDone { get; init; }
    /// <summary>Bytes in the sources; null while the scan is still counting.</summary>
    [Id(8)] public long? BytesTotal { get; init; }
    [Id(9)] public long FilesCopied { get; init; }
    /// <summary>Files found unchanged, plus special files (sockets, FIFOs, devices) skipped with a
    /// warning: both count toward <see cref="FilesTotal"/>, so a finished run reads 100%.</summary>
    [Id(10)] public long FilesSkipped { get; init; }
    [Id(11)] public long FilesFailed { get; init; }
    [Id(12)] public long BytesCopied { get; init; }
    [Id(13)] public string? LastCompletedDirectory { get; init; }
    /// <summary>The next directories in queue order: at most <see cref="NextDirectoriesLimit"/>
    /// (<see cref="DirectoriesQueued"/> counts them all).</summary>
    [Id(14)] public ImmutableArray<string> NextDirectories { get; init; } = [];
    /// <summary>Directories being copied right now, each with the silo that copies it (a directory
    /// whose start a silo has not yet acknowledged is not listed). At most the job's concurrency.</summary>
    [Id(15)] public ImmutableArray<ActiveDirectory> ActiveDirectories { get; init; } = [];
    [Id(16)] public ImmutableArray<WorkerStatus> Workers { get; init; } = [];
    /// <summary>Bytes per second over the last few seconds, all silos together; 0 while paused.</summary>
    [Id(17)] public double ThroughputBytesPerSecond { get; init; }
    /// <summary>Estimated seconds left; null while totals are unknown, nothing has moved, or the run is paused.</summary>
    [Id(18)] public double? EtaSeconds { get; init; }
    /// <summary>The first errors of the run: at most <see cref="ErrorsLimit"/> (see <see cref="ErrorCount"/>).</summary>
    [Id(19)] public ImmutableArray<FileError> Errors { get; init; } = [];
    [Id(20)] public long ErrorCount { get; init; }
    [Id(21)] public long DirectoriesDone { get; init; }
    [Id(22)] public long DirectoriesQueued { get; init; }
    /// <summary>Why the run failed, when it did.</summary>
    [Id(23)] public string? Message { get; init; }
    [Id(24)] public DispatchMode Dispatch { get; init; }
    [Id(25)] public BackupMode Mode { get; init; }
    [Id(26)] public string? Destination { get; init; }
    [Id(27)] public ImmutableArray<string> Sources { get; init; } = [];
    /// <summary>Per silo, how many directory work items it completed in this run.</summary>
    [Id(28)] public ImmutableDictionary<string, int> DirectoriesBySilo { get; init; } = ImmutableDictionary<string, int>.Empty;
    [Id(29)] public DateTimeOffset UpdatedAt { get; init; }
    /// <summary>When the job's schedule starts its next run; null without a schedule.</summary>
    [Id(30)] public DateTimeOffset? NextScheduledRunAt { get; init; }
    /// <summary>Directory work items handed to another silo because theirs died or failed.</summary>
    [Id(31)] public long Redispatches { get; init; }
    /// <summary>When the last such hand-over happened.</summary>
    [Id(32)] public DateTimeOffset? LastRedispatchAt { get; init; }
    /// <summary>The last directories completed, newest first, and which silo did each: at most
    /// <see cref="RecentDirectoriesLimit"/>.</summary>
    [Id(33)] public ImmutableArray<CompletedDirectory> RecentDirectories { get; init; } = [];
    /// <summary>The silo hosting the job grain, which coordinates the run.</summary>
    [Id(34)] public string? Coordinator { get; init; }

    /// <summary>Cap of <see cref="NextDirectories"/>.</summary>
    public const int NextDirectoriesLimit = 5;

    /// <summary>Cap of <see cref="RecentDirectories"/>.</summary>
    public const int RecentDirectoriesLimit = 20;

    /// <summary>Cap of <see cref="Errors"/> (<see cref="ErrorCount"/> counts them all).</summary>
    public const int ErrorsLimit = 200;
}

/// <summary>A directory work item that finished, and where.</summary>
[GenerateSerializer, Immutable, Alias("OrleansBackup.CompletedDirectory")]
public sealed record CompletedDirectory(
    [property: Id(0)] string Path,
    [property: Id(1)] string Silo,
    [property: Id(2)] int Attempt,
    [property: Id(3)] long FilesCopied,
    [property: Id(4)] DateTimeOffset FinishedAt);

/// <summary>A directory being copied now.</summary>
[GenerateSerializer, Immutable, Alias("OrleansBackup.ActiveDirectory")]
public sealed record ActiveDirectory(
    [property: Id(0)] string Path,
    [property: Id(1)] string Silo,
    [property: Id(2)] int Attempt,
    [property: Id(3)] long FilesDone,
    [property: Id(4)] string? CurrentFile);
