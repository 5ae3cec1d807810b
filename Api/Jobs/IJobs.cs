using OrleansBackup.Contracts;

namespace OrleansBackup.Api.Jobs;

/// <summary>The Api's one way to the grains, so endpoints do not depend on how the client is made.</summary>
public interface IJobs
{
    /// <summary>The id of the job the seed-compatible endpoints (/api/status, /api/select, /api/control) use.</summary>
    public const string DefaultJobId = "default";

    IBackupJobGrain Job(string jobId);

    IJobCatalogGrain Catalog();

    /// <summary>The job's runs imported from the old server.</summary>
    IRunArchiveGrain Archive(string jobId);

    IClusterInfoGrain Cluster();
}

/// <summary>Grains through the Orleans client. Before the client has reached a silo it knows no
/// grain types; that is reported as <c>cluster_unavailable</c>, not as an internal error.</summary>
internal sealed class OrleansJobs(IGrainFactory grains) : IJobs
{
    public IBackupJobGrain Job(string jobId) => Get(() => grains.GetGrain<IBackupJobGrain>(jobId));

    public IJobCatalogGrain Catalog() => Get(() => grains.GetGrain<IJobCatalogGrain>(IJobCatalogGrain.Key));

    public IRunArchiveGrain Archive(string jobId) => Get(() => grains.GetGrain<IRunArchiveGrain>(jobId));

    public IClusterInfoGrain Cluster() => Get(() => grains.GetGrain<IClusterInfoGrain>(0));

    private static T Get<T>(Func<T> get)
    {
        try
        {
            return get();
        }
        catch (ArgumentException e) when (e.Message.StartsWith("Could not find an implementation", StringComparison.Ordinal))
        {
            throw new BackupException(ErrorCodes.ClusterUnavailable,
                "The backup cluster is not reachable (no silo connected, or none hosts the backup grains); try again shortly.");
        }
    }
}
