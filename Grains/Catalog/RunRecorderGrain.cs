using OrleansBackup.Contracts;
using OrleansBackup.Repository;

namespace OrleansBackup.Grains.Catalog;

/// <summary>Writes run records to the destination through the silo's <see cref="RepositoryStore"/>.
/// A stateless worker, so it runs on the calling silo and never queues behind another job.</summary>
[StatelessWorker]
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
