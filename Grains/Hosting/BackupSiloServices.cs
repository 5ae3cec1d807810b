using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using OrleansBackup.Engine;
using OrleansBackup.Grains.Jobs;
using OrleansBackup.Grains.Placement;
using OrleansBackup.Repository;

namespace OrleansBackup.Grains.Hosting;

/// <summary>What a silo of this service is: its worker bound, the roots it may touch, and the
/// profile (capabilities, reachable roots) it publishes for placement.</summary>
/// <param name="MaxWorkers">Concurrent file copies on this silo.</param>
/// <param name="AllowedRoots">Directories sources and destinations must lie under (checked on define and start).</param>
/// <param name="Capabilities">Capabilities this silo offers.</param>
/// <param name="SiloRoots">Directories this silo can reach (work elsewhere is never placed here).</param>
/// <param name="ScheduleCheckPeriod">Period of the schedule reminder.</param>
/// <param name="MaxBytesPerSecond">Copy bandwidth limit of this silo; 0 = unlimited.</param>
public sealed record BackupSiloOptions(
    int MaxWorkers,
    IReadOnlyList<string> AllowedRoots,
    IReadOnlyList<string> Capabilities,
    IReadOnlyList<string> SiloRoots,
    TimeSpan ScheduleCheckPeriod,
    long MaxBytesPerSecond = 0);

/// <summary>One registration of the grains' silo-local services and placement, shared by the Silo
/// host and the cluster tests, so tests run the same wiring as production.</summary>
public static class BackupSiloServices
{
    public static ISiloBuilder AddBackupServices(this ISiloBuilder silo, BackupSiloOptions options)
    {
        var profile = new SiloProfile([.. options.Capabilities], [.. options.SiloRoots]);
        silo.UseSiloMetadata(profile.ToMetadata());
        // Reminders may not fire more often than this; the schedule check may be set below a minute.
        silo.Configure<ReminderOptions>(o =>
        {
            if (options.ScheduleCheckPeriod < o.MinimumReminderPeriod) o.MinimumReminderPeriod = options.ScheduleCheckPeriod;
        });
        silo.ConfigureServices(services =>
        {
            services.TryAddSingleton(TimeProvider.System);
            services.AddSingleton(sp => new CopyExecutor(options.MaxWorkers, sp.GetRequiredService<TimeProvider>())
            {
                MaxBytesPerSecond = options.MaxBytesPerSecond,
            });
            services.TryAddSingleton<ISourceFileOpener, DefaultSourceFileOpener>();
            services.AddSingleton<DirectoryCopier>();
            services.AddSingleton<RepositoryStore>();
            services.AddSingleton<ClusterProfiles>();
            services.AddSingleton(new JobSchedulingOptions(options.ScheduleCheckPeriod));
            var roots = options.AllowedRoots.ToArray();
            services.AddSingleton(_ => new PathGuard(roots));
            services.AddPlacementFilter<CapabilityPlacementFilterStrategy, CapabilityPlacementFilterDirector>(ServiceLifetime.Transient);
        });
        return silo;
    }
}
