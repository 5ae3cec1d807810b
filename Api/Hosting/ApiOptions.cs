using OrleansBackup.Hosting;

namespace OrleansBackup.Api.Hosting;

/// <summary>Settings of the Api process: the shared <see cref="BackupSettings"/> (port, destination,
/// allowed roots, log dir, gateway port) plus the cluster identity. Validated at start-up.</summary>
public sealed class ApiOptions
{
    public const string ClusterIdKey = "Orleans:ClusterId";
    public const string ServiceIdKey = "Orleans:ServiceId";

    /// <summary>The cluster id and service id of the silo host (SiloHost.ClusterId/ServiceId).</summary>
    public const string DefaultClusterId = "orleans-backup";

    /// <summary>The layered, validated settings shared with the silo.</summary>
    public BackupSettings Settings { get; set; } = new();

    /// <summary>Orleans cluster id. Key <c>Orleans:ClusterId</c>. Default "orleans-backup", as the silo.</summary>
    public string ClusterId { get; set; } = DefaultClusterId;

    /// <summary>Orleans service id. Key <c>Orleans:ServiceId</c>. Default "orleans-backup", as the silo.</summary>
    public string ServiceId { get; set; } = DefaultClusterId;
}
