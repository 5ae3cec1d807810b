using OrleansBackup.Hosting;
using OrleansBackup.Silo.Database;
using OrleansBackup.Silo.Migration;
using Serilog;

namespace OrleansBackup.Silo;

/// <summary>The silo process: <c>OrleansBackup.Silo [--port N] [--max-workers N] [--debug] ...</c>,
/// or <c>OrleansBackup.Silo init-db</c> to install the PostgreSQL schema (see <see cref="InitDbCommand"/>).</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is [InitDbCommand.Name, ..]) return await InitDbCommand.RunAsync(args[1..]);
        if (args is [MigrateCommand.Name, ..]) return await MigrateCommand.RunAsync(args[1..]);

        if (await SettingsLoader.LoadOrReportAsync(args) is not { } settings) return SettingsLoader.InvalidSettingsExitCode;

        Log.Logger = BackupLogging.Configure(new LoggerConfiguration(), settings, "backup").CreateLogger();
        try
        {
            var app = SiloHost.Build(args, settings);
            await app.RunAsync();
            return 0;
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or Orleans.Runtime.OrleansException)
        {
            // Typically a port already in use: say which, instead of a stack trace only.
            Log.Fatal(ex, "The silo could not start (silo port {SiloPort}, gateway port {GatewayPort}, dashboard port {DashboardPort}): {Message}",
                settings.SiloPort, settings.GatewayPort, settings.DashboardPort, ex.Message);
            return 1;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }
}
