using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace OrleansBackup.Api.Hosting;

/// <summary>Serilog: console plus a daily rolling compact-JSON file &lt;LogDir&gt;/api_YYYYMMDD.log.</summary>
internal static class LoggingSetup
{
    private const long FileSizeLimitBytes = 10 * 1024 * 1024;

    public static void AddApiLogging(this WebApplicationBuilder builder, string[] args)
    {
        var level = args.Contains("--debug") ? LogEventLevel.Debug : LogEventLevel.Information;
        var logDir = builder.Configuration[ApiOptions.LogDirKey] is { Length: > 0 } dir ? dir : "logs";

        builder.Services.AddSerilog(logger => logger
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Polly", LogEventLevel.Warning)
            .MinimumLevel.Override("Orleans", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .WriteTo.File(
                new CompactJsonFormatter(),
                Path.Combine(logDir, "api_.log"),
                rollingInterval: RollingInterval.Day,
                fileSizeLimitBytes: FileSizeLimitBytes,
                rollOnFileSizeLimit: true));
    }
}
