using System.Collections.Immutable;
using OrleansBackup.Contracts;

namespace OrleansBackup.Grains.Archive;

/// <summary>At most <see cref="IRunArchiveGrain.PageSize"/> imported runs; written once per generation.</summary>
public sealed class RunArchivePageGrain(
    [PersistentState("archivepage", "Default")] IPersistentState<RunArchivePageState> state) : Grain, IRunArchivePageGrain
{
    public async Task WriteAsync(ImmutableArray<ImportedRun> runs)
    {
        if (runs.Length > IRunArchiveGrain.PageSize)
            throw new ArgumentException($"A page holds at most {IRunArchiveGrain.PageSize} runs.", nameof(runs));
        state.State.Runs = [.. runs];
        await state.WriteStateAsync();
    }

    public Task<ImmutableArray<ImportedRun>> ReadAsync() => Task.FromResult(state.State.Runs.ToImmutableArray());

    public async Task ClearAsync()
    {
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }
}

[GenerateSerializer, Alias("OrleansBackup.RunArchivePageState")]
public sealed class RunArchivePageState
{
    [Id(0)] public List<ImportedRun> Runs { get; set; } = [];
}
