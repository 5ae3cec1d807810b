namespace OrleansBackup.Api.Hosting;

/// <summary>Settings of the Api process, read from configuration keys at the root
/// (environment: see <see cref="BackupEnvironment"/>). Validated at start-up.</summary>
public sealed class ApiOptions
{
    public const string PortKey = "Port";
    public const string DestinationKey = "Destination";
    public const string AllowedRootsKey = "AllowedRoots";
    public const string LogDirKey = "LogDir";
    public const string GatewayPortKey = "Orleans:GatewayPort";
    public const string ClusterIdKey = "Orleans:ClusterId";
    public const string ServiceIdKey = "Orleans:ServiceId";

    /// <summary>HTTP port on 127.0.0.1. Default 8888.</summary>
    public int Port { get; set; } = 8888;

    /// <summary>Default destination for <c>POST /api/select</c> when the body names none; null = none.</summary>
    public string? Destination { get; set; }

    /// <summary>Roots that sources and destinations must lie under (the silos enforce them).</summary>
    public IReadOnlyList<string> AllowedRoots { get; set; } = [];

    /// <summary>Directory of the rolling log files. Default "logs" (relative to the working directory).</summary>
    public string LogDir { get; set; } = "logs";

    /// <summary>Gateway port of the local silo. Default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Orleans cluster id. Default "dev" (localhost clustering).</summary>
    public string ClusterId { get; set; } = "dev";

    /// <summary>Orleans service id. Default "dev" (localhost clustering).</summary>
    public string ServiceId { get; set; } = "dev";
}
