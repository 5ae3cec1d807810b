using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace OrleansBackup.Hosting;

/// <summary>Serilog for both processes: console plus rolling compact-JSON files
/// (<c>&lt;LogDir&gt;/&lt;prefix&gt;_YYYYMMDD.log</c>, rolled at 10 MB, 14 files kept).</summary>
public static class BackupLogging
{
    /// <summary>Size at which a log file rolls over: 10 MB.</summary>
    public const long FileSizeLimitBytes = 10L * 1024 * 1024;

    /// <summary>Console line shape: time, level, the process label (silo/api) and the message, so
    /// the lines of processes sharing a terminal (deploy/run-local.sh) say whose they are.</summary>
    public const string ConsoleTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {Process}: {Message:lj}{NewLine}{Exception}";

    /// <param name="logger">The configuration to extend.</param>
    /// <param name="settings">Log directory and level.</param>
    /// <param name="filePrefix">Log file name prefix.</param>
    /// <param name="processLabel">Label of every line (console and file); default <paramref name="filePrefix"/>.</param>
    public static LoggerConfiguration Configure(LoggerConfiguration logger, BackupSettings settings, string filePrefix,
        string? processLabel = null)
    {
        Directory.CreateDirectory(settings.LogDir);
        return logger
            .MinimumLevel.Is(settings.Debug ? LogEventLevel.Debug : LogEventLevel.Information)
            // Orleans and ASP.NET are chatty at Information (placement logs per activation via Polly).
            .MinimumLevel.Override("Orleans", LogEventLevel.Warning)
            .MinimumLevel.Override("Polly", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            // GET /api/health answers for itself; an unhealthy check is not an error of the process.
            .MinimumLevel.Override("Microsoft.Extensions.Diagnostics.HealthChecks", LogEventLevel.Fatal)
            // Start-up noise: the watchdog warns about a slow first GC, the client logs every failed
            // gateway connection with a stack trace while the silo is still starting (the retry
            // filter says it once, plainly). Real trouble is still logged at Error.
            .MinimumLevel.Override("Orleans.Runtime.Watchdog", LogEventLevel.Error)
            .MinimumLevel.Override("Orleans.Runtime.Messaging", LogEventLevel.Error)
            .MinimumLevel.Override("Orleans.Messaging", LogEventLevel.Error)
            .MinimumLevel.Override("Orleans.Networking", LogEventLevel.Error)
            .MinimumLevel.Override("Orleans.OutsideRuntimeClient", LogEventLevel.Error)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Process", processLabel ?? filePrefix)
            .WriteTo.Console(outputTemplate: ConsoleTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .WriteTo.File(new CompactJsonFormatter(),
                Path.Combine(settings.LogDir, filePrefix + "_.log"),
                rollingInterval: RollingInterval.Day,
                fileSizeLimitBytes: FileSizeLimitBytes,
                rollOnFileSizeLimit: true,
                retainedFileCountLimit: 14,
                shared: true);
    }
}
