using Microsoft.Extensions.Logging;
using OrleansBackup.Contracts;

namespace OrleansBackup.Silo;

public sealed partial class RunResumer
{
    [LoggerMessage(3101, LogLevel.Information, "Job {JobId} run {RunId} taken up again at start-up ({State})")]
    private partial void LogWoken(string jobId, string? runId, RunState state);

    [LoggerMessage(3102, LogLevel.Warning, "Jobs could not be woken at start-up; their keep-alive reminders will wake them")]
    private partial void LogWakeFailed(Exception exception);
}
