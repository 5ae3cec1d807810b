using OrleansBackup.Contracts;

namespace OrleansBackup.Api.Apis;

/// <summary>Job options a request may set; null leaves the existing (or default) value.</summary>
public abstract record JobOptionsRequest
{
    public BackupMode? Mode { get; init; }
    public DispatchMode? Dispatch { get; init; }
    public Durability? Durability { get; init; }
    public string[]? Excludes { get; init; }
    /// <summary>Directories in flight at once in parallel mode, 1-1024 (default 8).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, DefinitionBuilder.MaxConcurrentDirectoriesLimit)]
    public int? MaxConcurrentDirectories { get; init; }
    public bool? VerifyAfterCopy { get; init; }

    /// <summary>"every 30m" (s, m, h, d) or a 5-field cron expression; "" removes the schedule.</summary>
    public string? Schedule { get; init; }
}

/// <summary>Body of <c>POST /api/select</c>: the default job's sources and destination.</summary>
/// <param name="Directories">Absolute source directories.</param>
/// <param name="Destination">Absolute destination; null = the configured Destination.</param>
public sealed record SelectRequest(string[]? Directories, string? Destination) : JobOptionsRequest;

/// <summary>Body of <c>POST /api/jobs</c>: a whole job definition.</summary>
public sealed record JobRequest(string? JobId, string[]? Sources, string? Destination) : JobOptionsRequest;

/// <summary>Body of <c>POST /api/control</c> and <c>POST /api/jobs/{id}/control</c>.</summary>
/// <param name="Action">start, pause, resume or stop.</param>
public sealed record ControlRequest(string? Action);

/// <summary>One row of <c>GET /api/jobs</c>.</summary>
public sealed record JobListItem(string JobId, JobDefinitionResponse? Definition, JobStatusSummary Status);

/// <summary>The headline of a job's status, for lists.</summary>
public sealed record JobStatusSummary(RunState State, string? RunId, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt)
{
    public static JobStatusSummary From(JobStatus status) => new(status.State, status.RunId, status.StartedAt, status.FinishedAt);
}
