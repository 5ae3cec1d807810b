using System.Collections.Immutable;

namespace OrleansBackup.Contracts;

/// <summary>The list of job ids, so <c>GET /api/jobs</c> can enumerate them. Touched only when a job
/// is created or listed, never on the copy path, so one instance (key "jobs") is no bottleneck.</summary>
[Alias("OrleansBackup.IJobCatalogGrain")]
public interface IJobCatalogGrain : IGrainWithStringKey
{
    public const string Key = "jobs";

    [Alias("Add")]
    Task AddAsync(string jobId);

    [Alias("List"), AlwaysInterleave]
    Task<ImmutableArray<string>> ListAsync();
}
