using Orleans.Configuration;
using Orleans.Dashboard;
using OrleansBackup.Grains.Hosting;
using OrleansBackup.Hosting;
using Serilog;

namespace OrleansBackup.Silo;

/// <summary>Builds the silo: localhost clustering and the embedded SQLite store on one machine (or
/// PostgreSQL when <c>BACKUP_DB</c> is set, see <see cref="ClusterStorage"/>), the
/// copy services, and the Orleans dashboard on 127.0.0.1. With the dashboard off
/// (<c>BACKUP_DASHBOARD_PORT=0</c>) the silo is a plain host that opens no HTTP listener at all.</summary>
public static class SiloHost
{
    /// <summary>How long a stopping silo may take to hand over its work before the host gives up:
    /// short enough that SIGTERM ends the process within 5 s.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(4);

    public static IHost Build(string[] args, BackupSettings settings)
    {
        if (settings.DashboardPort <= 0)
        {
            var plain = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args });
            Configure(plain, settings);
            return plain.Build();
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        Configure(builder, settings);
        builder.WebHost.UseUrls($"http://127.0.0.1:{settings.DashboardPort}");
        var app = builder.Build();
        app.MapOrleansDashboard();
        return app;
    }

    private static void Configure(IHostApplicationBuilder builder, BackupSettings settings)
    {
        builder.Services.AddSerilog();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.UseOrleans(silo =>
        {
            silo.UseBackupClusterStorage(settings);
            RunResumer.AddRunResumer(silo);
            silo.AddBackupServices(new BackupSiloOptions(settings.MaxWorkers, settings.AllowedRoots,
                settings.Capabilities, settings.EffectiveSiloRoots, TimeSpan.FromSeconds(settings.ScheduleCheckSeconds),
                settings.MaxBytesPerSecond));
            if (settings.SiloName is { } name) silo.Configure<SiloOptions>(o => o.SiloName = name);
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = settings.ClusterId;
            });
            // Endpoints: see ClusterStorage (loopback, or BACKUP_ADVERTISED_ADDRESS with BACKUP_DB).
            silo.UseKubernetesHostingWhenInCluster();
            if (settings.DashboardPort > 0) silo.AddDashboard();
        });
    }
}
