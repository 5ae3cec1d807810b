using OrleansBackup.Contracts;
using OrleansBackup.Grains.Placement;
using OrleansBackup.Repository;

namespace OrleansBackup.Grains.Catalog;

/// <summary>Writes run records to one destination (its key) through the silo's
/// <see cref="RepositoryStore"/>, on a silo that reaches that destination.</summary>
[CapabilityPlacementFilter]
public sealed class RunRecorderGrain(RepositoryStore store) : Grain, IRunRecorderGrain
{
    public Task BeginAsync(string destination, RunRecord record) => Task.Run(async () =>
    {
        await store.InitializeAsync(destination, CancellationToken.None);
        await store.WriteRunRecordAsync(destination, record, final: false, CancellationToken.None);
    });

    public Task FinishAsync(string destination, RunRecord record) =>
        Task.Run(() => store.WriteRunRecordAsync(destination, record, final: true, CancellationToken.None));
}
