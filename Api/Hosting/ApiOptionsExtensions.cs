using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using OrleansBackup.Hosting;
using Serilog;

namespace OrleansBackup.Api.Hosting;

internal static class ApiOptionsExtensions
{
    /// <summary>Layers the shared configuration (config.json &lt; BACKUP_* environment &lt; command line)
    /// over the host's, registers <see cref="ApiOptions"/> (validated at start) and binds Kestrel to
    /// 127.0.0.1:Port (all interfaces when BACKUP_ADVERTISED_ADDRESS is not loopback). Everything reads
    /// options lazily, so test hosts can override any key.</summary>
    public static void AddApiOptions(this WebApplicationBuilder builder, string[] args)
    {
        var settings = SettingsLoader.BuildConfiguration(args);
        SettingsLoader.WarnUnknownKeys(settings);
        builder.Configuration.AddConfiguration(settings);
        builder.Services.AddSingleton<IConfigureOptions<ApiOptions>, ApiOptionsSetup>();
        builder.Services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        builder.Services.AddOptions<ApiOptions>().ValidateOnStart();

        builder.Services.AddOptions<KestrelServerOptions>()
            // 127.0.0.1 unless BACKUP_ADVERTISED_ADDRESS names another address (in a container or pod,
            // so its published port or Service reaches it): then all interfaces, and every call from
            // outside loopback needs BACKUP_API_TOKEN (BearerTokenGuard).
            .Configure<IOptions<ApiOptions>>((kestrel, api) => kestrel.Listen(
                api.Value.Settings.ListensBeyondLoopback ? IPAddress.Any : IPAddress.Loopback, api.Value.Settings.Port));
    }

    /// <summary>Serilog as the silo has it: console plus &lt;LogDir&gt;/api_YYYYMMDD.log (compact JSON).</summary>
    public static void AddApiLogging(this WebApplicationBuilder builder) =>
        builder.Services.AddSerilog((services, logger) =>
            BackupLogging.Configure(logger, services.GetRequiredService<IOptions<ApiOptions>>().Value.Settings, "api"),
            // Keep the static Log.Logger alone: several hosts (tests) may run in one process.
            preserveStaticLogger: true);
}
