using System.Net;
using Orleans.Configuration;
using OrleansBackup.Grains.Hosting;
using OrleansBackup.Hosting;
using OrleansBackup.Silo.Storage;

namespace OrleansBackup.Silo;

/// <summary>Chooses where membership, grain state and reminders live: PostgreSQL when a
/// connection string is set (<c>BACKUP_DB</c>), else localhost clustering with the embedded SQLite
/// store in <c>BACKUP_STATE_DIR</c> (<see cref="SqliteStateStore"/>), so one machine keeps its jobs,
/// history and interrupted runs through a crash or a reboot with no set-up.</summary>
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
            silo.UseSqliteStorage(settings.StateDir);
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
        // The default directory loses the entries a dead silo held, so a call after a crash can
        // activate a second copy of a job grain while the first still runs (seen in the failover
        // test: two coordinators for one run). The distributed directory rebuilds a dead silo's
        // partitions from the survivors' activations instead. Experimental in Orleans 10.4, but it
        // is the one that keeps a job to a single coordinator through failures.
#pragma warning disable ORLEANSEXP003
        silo.AddDistributedGrainDirectory();
#pragma warning restore ORLEANSEXP003
        // After a crash the directory holds a dead silo's grains for (lease - detection window), so a
        // silo that was only hung stops before its grains live again elsewhere. Detection here is
        // 16 s (2 s probes, x4 at most, 2 missed), so 20 s leaves a 4 s margin instead of the default
        // 30 s (14 s), and a dead silo's directories move on about 7 s after it dies.
        silo.Configure<GrainDirectoryOptions>(o => o.RangeLeaseDuration = TimeSpan.FromSeconds(20));
        return silo;
    }
}
