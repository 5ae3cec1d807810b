using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansBackup.Engine;
using OrleansBackup.Repository;

namespace OrleansBackup.Grains.Hosting;

/// <summary>The silo-local services the grains use. One registration, shared by the Silo host and
/// the cluster tests, so tests run the same wiring as production.</summary>
public static class BackupSiloServices
{
    /// <param name="maxWorkers">Concurrent file copies on this silo.</param>
    /// <param name="allowedRoots">Directories sources and destinations must lie under.</param>
    public static IServiceCollection AddBackupSiloServices(this IServiceCollection services, int maxWorkers, IEnumerable<string> allowedRoots)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new CopyExecutor(maxWorkers, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ISourceFileOpener, DefaultSourceFileOpener>();
        services.AddSingleton<DirectoryCopier>();
        services.AddSingleton<RepositoryStore>();
        var roots = allowedRoots.ToArray();
        services.AddSingleton(_ => new PathGuard(roots));
        return services;
    }
}
