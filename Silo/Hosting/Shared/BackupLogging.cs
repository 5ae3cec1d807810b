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

    public static LoggerConfiguration Configure(LoggerConfiguration logger, BackupSettings settings, string filePrefix)
    {
        Directory.CreateDirectory(settings.LogDir);
        return logger
            .MinimumLevel.Is(settings.Debug ? LogEventLevel.Debug : LogEventLevel.Information)
            // Orleans and ASP.NET are chatty at Information (placement logs per activation via Polly).
            .MinimumLevel.Override("Orleans", LogEventLevel.Warning)
            .MinimumLevel.Override("Polly", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .Enrich.FromLogContext()
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .WriteTo.File(new CompactJsonFormatter(),
                Path.Combine(settings.LogDir, filePrefix + "_.log"),
                rollingInterval: RollingInterval.Day,
                fileSizeLimitBytes: FileSizeLimitBytes,
                rollOnFileSizeLimit: true,
                retainedFileCountLimit: 14,
                shared: true);
    }
}
