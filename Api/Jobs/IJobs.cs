using OrleansBackup.Contracts;

namespace OrleansBackup.Api.Jobs;

/// <summary>The Api's one way to the grains, so endpoints do not depend on how the client is made.</summary>
public interface IJobs
{
    /// <summary>The id of the job the seed-compatible endpoints (/api/status, /api/select, /api/control) use.</summary>
    public const string DefaultJobId = "default";

    IBackupJobGrain Job(string jobId);

    IJobCatalogGrain Catalog();
}

internal sealed class OrleansJobs(IGrainFactory grains) : IJobs
{
    public IBackupJobGrain Job(string jobId) => grains.GetGrain<IBackupJobGrain>(jobId);

    public IJobCatalogGrain Catalog() => grains.GetGrain<IJobCatalogGrain>(IJobCatalogGrain.Key);
}
