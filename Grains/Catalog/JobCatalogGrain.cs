using System.Collections.Immutable;
using OrleansBackup.Contracts;

namespace OrleansBackup.Grains.Catalog;

/// <summary>The set of job ids. Only job creation and listing touch it.</summary>
public sealed class JobCatalogGrain(
    [PersistentState("catalog", "Default")] IPersistentState<JobCatalogState> state) : Grain, IJobCatalogGrain
{
    public async Task AddAsync(string jobId)
    {
        if (state.State.JobIds.Add(jobId)) await state.WriteStateAsync();
    }

    public Task<ImmutableArray<string>> ListAsync() =>
        Task.FromResult(state.State.JobIds.Order(StringComparer.Ordinal).ToImmutableArray());
}

[GenerateSerializer, Alias("OrleansBackup.JobCatalogState")]
public sealed class JobCatalogState
{
    [Id(0)] public HashSet<string> JobIds { get; set; } = new(StringComparer.Ordinal);
}
