using Microsoft.Extensions.Logging;

namespace OrleansBackup.Engine;

public sealed partial class DirectoryCopier
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Debug, Message = "Copied {File} ({Bytes} bytes)")]
    private static partial void LogFileCopied(ILogger logger, string file, long bytes);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "{File} changed while being read (attempt {Attempt})")]
    private static partial void LogFileChanged(ILogger logger, string file, int attempt);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Could not copy {File}: {Code}")]
    private static partial void LogFileFailed(ILogger logger, string file, string code);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Debug,
        Message = "Directory {Source}/{Directory} done: {Copied} copied, {Skipped} unchanged, {Errors} errors in {ElapsedMs} ms")]
    private static partial void LogDirectoryDone(ILogger logger, string source, string directory, long copied,
        long skipped, long errors, double elapsedMs);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Deleted {Count} stale temporary files in {Directory}")]
    private static partial void LogStaleDeleted(ILogger logger, int count, string directory);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "Could not write manifest shard {Path}")]
    private static partial void LogManifestFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Error, Message = "Copying directory {Source}/{Directory} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string source, string directory);
}
