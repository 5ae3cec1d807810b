using Microsoft.Extensions.Logging;
using OrleansBackup.Contracts;

namespace OrleansBackup.Grains.Jobs;

public sealed partial class BackupJobGrain
{
    [LoggerMessage(1001, LogLevel.Information, "Job {JobId} defined: {SourceCount} source(s) -> {Destination}")]
    private partial void LogDefined(string jobId, int sourceCount, string destination);

    [LoggerMessage(1002, LogLevel.Information, "Job {JobId} run {RunId} started ({Dispatch})")]
    private partial void LogRunStarted(string jobId, string runId, DispatchMode dispatch);

    [LoggerMessage(1003, LogLevel.Information, "Job {JobId} run {RunId} paused")]
    private partial void LogRunPaused(string jobId, string runId);

    [LoggerMessage(1004, LogLevel.Information, "Job {JobId} run {RunId} resumed")]
    private partial void LogRunResumed(string jobId, string runId);

    [LoggerMessage(1005, LogLevel.Information, "Job {JobId} run {RunId} finished {State}: {Copied} copied, {Skipped} unchanged, {Failed} failed")]
    private partial void LogRunFinished(string jobId, string runId, RunState state, long copied, long skipped, long failed);

    [LoggerMessage(1006, LogLevel.Warning, "Job {JobId} run {RunId}: dispatch of {WorkId} (attempt {Attempt}) failed")]
    private partial void LogDispatchFailed(Exception exception, string jobId, string runId, string workId, int attempt);

    [LoggerMessage(1007, LogLevel.Error, "Job {JobId} run {RunId} fails: {Code} {Message}")]
    private partial void LogRunFailing(string jobId, string runId, string code, string message);

    [LoggerMessage(1008, LogLevel.Warning, "Job {JobId} run {RunId}: the destination's run record could not be written")]
    private partial void LogRecordFailed(Exception exception, string jobId, string runId);

    [LoggerMessage(1010, LogLevel.Warning, "Job {JobId} run {RunId}: {WorkId} was on silo {Silo}, which died; dispatching it again ({Seconds:0.0}s after its dispatch)")]
    private partial void LogRedispatch(string jobId, string runId, string workId, string silo, double seconds);

    [LoggerMessage(1011, LogLevel.Information, "Job {JobId}: scheduled run {RunId} started")]
    private partial void LogScheduledStart(string jobId, string? runId);

    [LoggerMessage(1012, LogLevel.Warning, "Job {JobId}: a scheduled run is due but run {RunId} is still active; skipped")]
    private partial void LogScheduleSkipped(string jobId, string runId);

    [LoggerMessage(1013, LogLevel.Warning, "Job {JobId}: the scheduled run could not start: {Code} {Message}")]
    private partial void LogScheduledStartFailed(string jobId, string code, string message);

    [LoggerMessage(1014, LogLevel.Warning, "Job {JobId} run {RunId}: {WorkId} moved from silo {From} to {To}")]
    private partial void LogMoved(string jobId, string runId, string workId, string from, string to);

    [LoggerMessage(1015, LogLevel.Error, "Job {JobId}: another activation wrote its state; this one deactivates")]
    private partial void LogSuperseded(Exception exception, string jobId);

    [LoggerMessage(1009, LogLevel.Information, "Job {JobId} run {RunId} resumes after reactivation: {InFlight} in flight, {Queued} queued")]
    private partial void LogResuming(string jobId, string runId, int inFlight, int queued);
}
