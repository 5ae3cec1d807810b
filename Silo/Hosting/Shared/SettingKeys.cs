namespace OrleansBackup.Hosting;

/// <summary>Configuration keys and the environment variables that set them. One table, so the
/// README, the loader and the error messages cannot drift apart.</summary>
public static class SettingKeys
{
    public const string Port = "Port";
    public const string Destination = "Destination";
    public const string MaxWorkers = "MaxWorkers";
    public const string LogDir = "LogDir";
    public const string AllowedRoots = "AllowedRoots";
    public const string SiloPort = "SiloPort";
    public const string GatewayPort = "GatewayPort";
    public const string DashboardPort = "DashboardPort";
    public const string Debug = "Debug";
    /// <summary>The PostgreSQL connection string: a secret, never logged.</summary>
    public const string Db = "Db";
    /// <summary>The Api's bearer token: a secret, never logged.</summary>
    public const string ApiToken = "ApiToken";
    public const string Capabilities = "Capabilities";
    public const string SiloRoots = "SiloRoots";
    public const string SiloName = "SiloName";
    public const string ScheduleCheckSeconds = "ScheduleCheckSeconds";
    public const string MaxBytesPerSecond = "MaxBytesPerSecond";
    public const string ClusterId = "ClusterId";
    public const string AdvertisedAddress = "AdvertisedAddress";
    public const string StateDir = "StateDir";

    /// <summary>Environment variable -> configuration key.</summary>
    public static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string>
    {
        ["BACKUP_PORT"] = Port,
        ["BACKUP_DEST"] = Destination,
        ["BACKUP_MAX_WORKERS"] = MaxWorkers,
        ["BACKUP_LOG_DIR"] = LogDir,
        ["BACKUP_ALLOWED_ROOTS"] = AllowedRoots,
        ["BACKUP_SILO_PORT"] = SiloPort,
        ["BACKUP_GATEWAY_PORT"] = GatewayPort,
        ["BACKUP_DASHBOARD_PORT"] = DashboardPort,
        ["BACKUP_DEBUG"] = Debug,
        ["BACKUP_DB"] = Db,
        ["BACKUP_API_TOKEN"] = ApiToken,
        ["BACKUP_CAPABILITIES"] = Capabilities,
        ["BACKUP_SILO_ROOTS"] = SiloRoots,
        ["BACKUP_SILO_NAME"] = SiloName,
        ["BACKUP_SCHEDULE_CHECK_SECONDS"] = ScheduleCheckSeconds,
        ["BACKUP_MAX_BYTES_PER_SECOND"] = MaxBytesPerSecond,
        ["BACKUP_CLUSTER_ID"] = ClusterId,
        ["BACKUP_ADVERTISED_ADDRESS"] = AdvertisedAddress,
        ["BACKUP_STATE_DIR"] = StateDir,
    };

    /// <summary>How a key is named in messages: "BACKUP_PORT (Port)".</summary>
    public static string Describe(string key)
    {
        foreach (var (env, k) in Environment)
            if (string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) return $"{env} ({k})";
        return key;
    }
}
