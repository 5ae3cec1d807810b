namespace OrleansBackup.Tests.Support;

/// <summary>The status contract as the README lists it ("Status contract"): one list, so every test
/// that checks the contract checks all of it.</summary>
public static class StatusContract
{
    public static readonly string[] Fields =
    [
        "state", "runId", "startedAt", "finishedAt", "filesDone", "filesTotal", "bytesDone", "bytesTotal",
        "filesCopied", "filesSkipped", "filesFailed", "bytesCopied", "lastCompletedDirectory", "nextDirectories",
        "activeDirectories", "workers", "throughputBytesPerSecond", "etaSeconds", "errors", "errorCount",
        "directoriesDone", "directoriesQueued", "directoriesBySilo", "recentDirectories", "redispatches",
        "lastRedispatchAt", "nextScheduledRunAt", "message",
    ];
}
