using Microsoft.Extensions.Logging;

namespace OrleansBackup.Silo.Storage;

public sealed partial class SqliteStateStore
{
    [LoggerMessage(3001, LogLevel.Information, "Grain state and reminders are kept in {DatabasePath} (service {ServiceId})")]
    private partial void LogOpened(string databasePath, string serviceId);
}
