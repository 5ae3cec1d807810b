using Microsoft.Extensions.Logging;
using Npgsql;
using OrleansBackup.Hosting;
using Serilog;
using Serilog.Extensions.Logging;

namespace OrleansBackup.Silo.Database;

/// <summary><c>OrleansBackup.Silo init-db [options]</c>: creates or updates the PostgreSQL schema in
/// the database named by <c>BACKUP_DB</c> (key <c>Db</c>), then exits. Needs no <c>psql</c>, so it
/// suits a Kubernetes init container; safe to run at every deployment.</summary>
public static class InitDbCommand
{
    public const string Name = "init-db";

    /// <summary>Exit codes: 0 installed, 1 the database refused or failed, 2 bad or missing settings.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        if (await SettingsLoader.LoadOrReportAsync(args) is not { } settings) return SettingsLoader.InvalidSettingsExitCode;
        if (settings.Db is not { } connectionString)
        {
            await Console.Error.WriteLineAsync(
                $"{Name}: no database given. Set {SettingKeys.Describe(SettingKeys.Db)} to an Npgsql connection string, " +
                "e.g. BACKUP_DB='Host=127.0.0.1;Port=5432;Database=orleans_backup;Username=orleans;Password=...'");
            return 2;
        }

        Log.Logger = BackupLogging.Configure(new LoggerConfiguration(), settings, "init-db", Name).CreateLogger();
        using var loggerFactory = new SerilogLoggerFactory(Log.Logger);
        try
        {
            Log.Information("Installing the Orleans.Backup schema into {Database}", settings.DbDisplay);
            await new SchemaInstaller(loggerFactory.CreateLogger<SchemaInstaller>()).InstallAsync(connectionString, cancellationToken);
            return 0;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or ArgumentException or TimeoutException)
        {
            // Npgsql messages carry no password; the connection string itself is never printed.
            Log.Fatal("{Command} failed for {Database} ({Variable}): {Message}",
                Name, settings.DbDisplay, "BACKUP_DB", ex.Message);
            return 1;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }
}
