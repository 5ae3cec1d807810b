using Orleans.Configuration;
using Orleans.Dashboard;
using OrleansBackup.Grains.Hosting;
using OrleansBackup.Hosting;
using Serilog;

namespace OrleansBackup.Silo;

/// <summary>Builds the silo: localhost clustering and the embedded SQLite store on one machine (or
/// PostgreSQL when <c>BACKUP_DB</c> is set, see <see cref="ClusterStorage"/>), the
/// copy services, and the Orleans dashboard on 127.0.0.1.</summary>
public static class SiloHost
{
    public static WebApplication Build(string[] args, BackupSettings settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        builder.Host.UseSerilog();

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

        if (settings.DashboardPort > 0)
            builder.WebHost.UseUrls($"http://127.0.0.1:{settings.DashboardPort}");
        else
            builder.WebHost.UseUrls("http://127.0.0.1:0");

        var app = builder.Build();
        if (settings.DashboardPort > 0) app.MapOrleansDashboard();
        return app;
    }
}
