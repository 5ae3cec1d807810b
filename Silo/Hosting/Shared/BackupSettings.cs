namespace OrleansBackup.Hosting;

/// <summary>The service's settings after layering and validation. Shared by the Silo and the Api
/// (the Api compiles this folder in by a link), so both read the same keys the same way.</summary>
public sealed record BackupSettings
{
    /// <summary>Api HTTP port on 127.0.0.1. Key <c>Port</c>, env <c>BACKUP_PORT</c>. Default 8888.</summary>
    public int Port { get; init; } = 8888;

    /// <summary>Default destination for <c>POST /api/select</c>. Key <c>Destination</c>, env <c>BACKUP_DEST</c>.</summary>
    public string? Destination { get; init; }

    /// <summary>Concurrent file copies per silo. Key <c>MaxWorkers</c>, env <c>BACKUP_MAX_WORKERS</c>.
    /// Default 4 (fsync-bound copies overlap well beyond the core count). Range 1-256.</summary>
    public int MaxWorkers { get; init; } = 4;

    /// <summary>Log directory. Key <c>LogDir</c>, env <c>BACKUP_LOG_DIR</c>. Default <c>logs</c>.</summary>
    public string LogDir { get; init; } = "logs";

    /// <summary>Single-machine mode (no <see cref="Db"/>): the directory of the embedded store, a
    /// SQLite database holding jobs, their history, schedules and interrupted runs, so they survive
    /// a crash or a reboot. Created on first start. Key <c>StateDir</c>, env <c>BACKUP_STATE_DIR</c>,
    /// <c>--state-dir</c>. Default <c>state</c> (relative to the working directory, like <see cref="LogDir"/>).</summary>
    public string StateDir { get; init; } = "state";

    /// <summary>Directories that sources and destinations must lie under (after resolving
    /// symlinks and ".."). Key <c>AllowedRoots</c> (array, or ':'-separated), env
    /// <c>BACKUP_ALLOWED_ROOTS</c>. Default: the user's home, /mnt, /media, /srv and the temp directory.</summary>
    public IReadOnlyList<string> AllowedRoots { get; init; } = DefaultAllowedRoots();

    /// <summary>Silo-to-silo port. Key <c>SiloPort</c>, env <c>BACKUP_SILO_PORT</c>. Default 11111.</summary>
    public int SiloPort { get; init; } = 11111;

    /// <summary>Client gateway port (the Api connects here). Key <c>GatewayPort</c>, env
    /// <c>BACKUP_GATEWAY_PORT</c>. Default 30000.</summary>
    public int GatewayPort { get; init; } = 30000;

    /// <summary>Orleans dashboard port on 127.0.0.1; 0 turns it off. Key <c>DashboardPort</c>, env
    /// <c>BACKUP_DASHBOARD_PORT</c>. Default 8889.</summary>
    public int DashboardPort { get; init; } = 8889;

    /// <summary>PostgreSQL connection string (Npgsql syntax) for clustering, grain state and
    /// reminders; unset means localhost clustering and the embedded store in <see cref="StateDir"/>. Key <c>Db</c>, env
    /// <c>BACKUP_DB</c>. A secret: internal so the record's generated <c>ToString</c> leaves it
    /// out; log <see cref="DbDisplay"/> instead.</summary>
    internal string? Db { get; init; }

    /// <summary>Bearer token every Api call from outside loopback must present; required when the Api
    /// listens beyond loopback. Key <c>ApiToken</c>, env <c>BACKUP_API_TOKEN</c>, at least 16
    /// characters. A secret: internal, so the record's <c>ToString</c> leaves it out.</summary>
    internal string? ApiToken { get; init; }

    /// <summary>Where <see cref="Db"/> points (host, port, database) without credentials, for logs.</summary>
    public string? DbDisplay => DbTarget.Describe(Db);

    /// <summary>Debug-level logging. Command line <c>--debug</c>, key <c>Debug</c>, env <c>BACKUP_DEBUG</c>.</summary>
    public bool Debug { get; init; }

    /// <summary>What this silo can do, published as silo metadata for placement. Key
    /// <c>Capabilities</c>, env <c>BACKUP_CAPABILITIES</c> (comma-separated). Default: all of them.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = OrleansBackup.Contracts.Capabilities.All;

    /// <summary>Directories this silo can reach; work under other paths is never placed here. Key
    /// <c>SiloRoots</c>, env <c>BACKUP_SILO_ROOTS</c> (':'-separated). Default: <see cref="AllowedRoots"/>.</summary>
    public IReadOnlyList<string>? SiloRoots { get; init; }

    /// <summary>The roots this silo reaches: <see cref="SiloRoots"/>, else <see cref="AllowedRoots"/>.</summary>
    public IReadOnlyList<string> EffectiveSiloRoots => SiloRoots ?? AllowedRoots;

    /// <summary>Silo name shown in status and the dashboard. Key <c>SiloName</c>, env
    /// <c>BACKUP_SILO_NAME</c>. Default: Orleans' own (host name based).</summary>
    public string? SiloName { get; init; }

    /// <summary>How often scheduled jobs check whether a run is due (a reminder period; Orleans
    /// reminders fire at most once a minute unless this is lower). Key <c>ScheduleCheckSeconds</c>,
    /// env <c>BACKUP_SCHEDULE_CHECK_SECONDS</c>. Default 60, range 1-3600.</summary>
    public int ScheduleCheckSeconds { get; init; } = 60;

    /// <summary>Copy bandwidth limit per silo in bytes per second, like rsync's --bwlimit; 0 =
    /// unlimited. Key <c>MaxBytesPerSecond</c>, env <c>BACKUP_MAX_BYTES_PER_SECOND</c>. Default 0.</summary>
    public long MaxBytesPerSecond { get; init; }

    /// <summary>Orleans cluster id (and service id): silos and Api with the same id form one cluster
    /// in the clustering table. Key <c>ClusterId</c>, env <c>BACKUP_CLUSTER_ID</c>. Default <c>orleans-backup</c>.</summary>
    public string ClusterId { get; init; } = "orleans-backup";

    /// <summary>The IP address a silo advertises to the other silos and to clients in the clustering
    /// table (with <see cref="Db"/>). The default, 127.0.0.1, keeps every listener on loopback; any
    /// other address (a container's or pod's own IP) makes the silo listen on all interfaces and the
    /// Api serve on all interfaces. Key <c>AdvertisedAddress</c>, env <c>BACKUP_ADVERTISED_ADDRESS</c>.</summary>
    public System.Net.IPAddress AdvertisedAddress { get; init; } = System.Net.IPAddress.Loopback;

    /// <summary>True unless <see cref="AdvertisedAddress"/> is a loopback address.</summary>
    public bool ListensBeyondLoopback => !System.Net.IPAddress.IsLoopback(AdvertisedAddress);

    internal static IReadOnlyList<string> DefaultAllowedRoots()
    {
        var roots = new List<string>();
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (!string.IsNullOrEmpty(home)) roots.Add(home);
        roots.AddRange(["/mnt", "/media", "/srv"]);
        roots.Add(Path.TrimEndingDirectorySeparator(Path.GetTempPath()));
        return roots.Distinct(StringComparer.Ordinal).ToArray();
    }
}
