using Microsoft.Extensions.Logging;

namespace OrleansBackup.Silo.Database;

public sealed partial class SchemaInstaller
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "Connected to PostgreSQL {ServerVersion} at {Host}:{Port}/{Database}")]
    private partial void LogConnected(string host, int port, string database, string serverVersion);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information,
        Message = "Applied schema script {Script} in {ElapsedMs} ms")]
    private partial void LogApplied(string script, long elapsedMs);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information,
        Message = "Schema installed: {ScriptCount} scripts applied, OrleansQuery holds {QueryCount} queries")]
    private partial void LogInstalled(int scriptCount, long queryCount);
}
