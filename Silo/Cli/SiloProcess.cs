using OrleansBackup.Hosting;
using Serilog;

namespace OrleansBackup.Silo.Cli;

/// <summary>Runs one silo until SIGTERM or Ctrl-C: settings (exit 2 when bad), a check that its ports
/// are free (exit 1, one line naming the port and the setting that moves it), then the host.</summary>
public static class SiloProcess
{
    /// <summary>The console label of this process's log lines.</summary>
    public const string LogLabel = "silo";

    public static async Task<int> RunAsync(string[] settingsArgs)
    {
        if (await SettingsLoader.LoadOrReportAsync(settingsArgs) is not { } settings) return SettingsLoader.InvalidSettingsExitCode;
        if (PortCheck.FirstInUse(settings) is { } busy)
        {
            await Console.Error.WriteLineAsync($"orleans-backup silo: {busy}");
            return CliExitCodes.Failed;
        }

        Log.Logger = BackupLogging.Configure(new LoggerConfiguration(), settings, "backup", LogLabel).CreateLogger();
        try
        {
            using var host = SiloHost.Build(settingsArgs, settings);
            await host.RunAsync();
            return CliExitCodes.Ok;
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or Orleans.Runtime.OrleansException)
        {
            // Lost the race for a port between the check and the bind, or the cluster refused us:
            // one line; the stack trace only at Debug.
            Log.Debug(ex, "Silo start-up failed");
            Log.Fatal("The silo could not start (silo port {SiloPort}, gateway port {GatewayPort}, dashboard port {DashboardPort}): {Message}",
                settings.SiloPort, settings.GatewayPort, settings.DashboardPort, ex.GetBaseException().Message);
            return CliExitCodes.Failed;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }
}
