using System.Net;
using Orleans.Configuration;
using OrleansBackup.Grains.Hosting;
using OrleansBackup.Hosting;

namespace OrleansBackup.Silo;

/// <summary>Chooses where membership, grain state and reminders live: PostgreSQL when a
/// connection string is set (<c>BACKUP_DB</c>), else localhost clustering with in-memory state.</summary>
public static class ClusterStorage
{
    /// <summary>ADO.NET invariant of the Npgsql provider.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>Failure detection in seconds, not the default minute: a silo that misses 2 probes
    /// of 2 s each is suspected, and 2 votes (or all other silos, when fewer) declare it dead, so
    /// its directory work moves on within seconds of a crash or hang.</summary>
    public static void TuneFailureDetection(ClusterMembershipOptions o)
    {
        o.ProbeTimeout = TimeSpan.FromSeconds(2);
        o.NumMissedProbesLimit = 2;
        o.NumVotesForDeathDeclaration = 2;
        o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
        o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(20);
    }

    public static ISiloBuilder UseBackupClusterStorage(this ISiloBuilder silo, BackupSettings settings)
    {
        if (settings.Db is not { } db)
        {
            silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort);
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
            return silo;
        }

        // Schema: deploy/postgresql, applied by `OrleansBackup.Silo init-db`.
        // Silos advertise 127.0.0.1 and listen on loopback only (the design binds to loopback unless
        // told otherwise); BACKUP_ADVERTISED_ADDRESS (a container's or pod's IP) makes them advertise
        // that address and listen on all interfaces, so silos on other hosts can reach them.
        silo.ConfigureEndpoints(settings.AdvertisedAddress, settings.SiloPort, settings.GatewayPort,
            listenOnAnyHostAddress: settings.ListensBeyondLoopback);
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = db;
        });
        silo.AddAdoNetGrainStorageAsDefault(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = db;
            // Plain JSON without type names: renamed or extended state types still read old rows.
            o.GrainStorageSerializer = new JsonGrainStateSerializer();
        });
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = db;
        });
        silo.Configure<ClusterMembershipOptions>(TuneFailureDetection);
        return silo;
    }
}
