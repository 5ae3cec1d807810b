using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using OrleansBackup.Grains.Hosting;

namespace OrleansBackup.Silo.Storage;

/// <summary>Wires the <see cref="SqliteStateStore"/> in as the silo's default grain storage and its
/// reminder table.</summary>
public static class SqliteStorageExtensions
{
    public static ISiloBuilder UseSqliteStorage(this ISiloBuilder silo, string stateDir)
    {
        silo.AddReminders();
        silo.ConfigureServices(services =>
        {
            services.AddSingleton(sp => new SqliteStateStore(stateDir,
                sp.GetRequiredService<IOptions<ClusterOptions>>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SqliteStateStore>>()));
            services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SqliteStateStore>());
            services.AddSingleton<IReminderTable, SqliteReminderTable>();
            services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (sp, _) => new SqliteGrainStorage(
                sp.GetRequiredService<SqliteStateStore>(), new JsonGrainStateSerializer(), sp.GetRequiredService<IActivatorProvider>()));
        });
        return silo;
    }
}
