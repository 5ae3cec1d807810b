using System.Collections.Immutable;
using OrleansBackup.Contracts;

namespace OrleansBackup.Grains.Archive;

/// <summary>A job's imported runs: an index over page grains, one generation visible at a time.
/// Staging writes a whole new generation (the kept runs plus the new ones) and commit switches the
/// index to it in one state write, so readers never see half an import.</summary>
public sealed class RunArchiveGrain(
    [PersistentState("archive", "Default")] IPersistentState<RunArchiveState> state) : Grain, IRunArchiveGrain
{
    private RunArchiveState S => state.State;
    private string JobId => this.GetPrimaryKeyString();

    public async Task<ImportReceipt> StageAsync(ImmutableArray<ImportedRun> runs)
    {
        if (S.Staged is { } previous) await ClearAsync(previous);
        var kept = await ReadAllAsync(S.Visible);
        var known = kept.Select(r => r.RunId).ToHashSet(StringComparer.Ordinal);
        var added = runs.Where(r => known.Add(r.RunId)).ToList();
        var all = kept.Concat(added).OrderByDescending(SortTime).ThenBy(r => r.RunId, StringComparer.Ordinal).ToList();

        var generation = new ArchiveGeneration(Math.Max(S.Visible?.Number ?? 0, S.LastNumber) + 1, all.Count);
        for (var page = 0; page < generation.PageCount; page++)
            await Page(generation, page).WriteAsync([.. all.Skip(page * IRunArchiveGrain.PageSize).Take(IRunArchiveGrain.PageSize)]);
        S.Staged = generation;
        S.LastNumber = generation.Number;
        S.StagedAdded = added.Count;
        await state.WriteStateAsync();
        return new ImportReceipt(added.Count, runs.Length - added.Count, all.Count);
    }

    public async Task<ImportReceipt> CommitAsync()
    {
        if (S.Staged is not { } staged) return new ImportReceipt(0, 0, S.Visible?.Count ?? 0);
        var old = S.Visible;
        var added = S.StagedAdded;
        S.Visible = staged;
        S.Staged = null;
        S.StagedAdded = 0;
        await state.WriteStateAsync();
        if (old is not null) await ClearAsync(old);
        return new ImportReceipt(added, 0, staged.Count);
    }

    public async Task DiscardAsync()
    {
        if (S.Staged is not { } staged) return;
        S.Staged = null;
        S.StagedAdded = 0;
        await state.WriteStateAsync();
        await ClearAsync(staged);
    }

    public Task<int> CountAsync() => Task.FromResult(S.Visible?.Count ?? 0);

    public async Task<ImmutableArray<ImportedRun>> GetRunsAsync(int offset, int limit)
    {
        if (S.Visible is not { } visible || offset < 0 || limit <= 0 || offset >= visible.Count) return [];
        var result = ImmutableArray.CreateBuilder<ImportedRun>(Math.Min(limit, visible.Count - offset));
        for (var page = offset / IRunArchiveGrain.PageSize; page < visible.PageCount && result.Count < limit; page++)
        {
            var runs = await Page(visible, page).ReadAsync();
            var skip = Math.Max(0, offset - page * IRunArchiveGrain.PageSize);
            result.AddRange(runs.Skip(skip).Take(limit - result.Count));
        }
        return result.ToImmutable();
    }

    private static DateTimeOffset SortTime(ImportedRun run) => run.StartedAt ?? run.FinishedAt ?? DateTimeOffset.MinValue;

    private async Task<List<ImportedRun>> ReadAllAsync(ArchiveGeneration? generation)
    {
        var runs = new List<ImportedRun>(generation?.Count ?? 0);
        for (var page = 0; page < (generation?.PageCount ?? 0); page++)
            runs.AddRange(await Page(generation!, page).ReadAsync());
        return runs;
    }

    private async Task ClearAsync(ArchiveGeneration generation)
    {
        for (var page = 0; page < generation.PageCount; page++)
            await Page(generation, page).ClearAsync();
    }

    private IRunArchivePageGrain Page(ArchiveGeneration generation, int page) =>
        GrainFactory.GetGrain<IRunArchivePageGrain>($"{JobId}/{generation.Number}/{page}");
}

/// <summary>One written set of pages.</summary>
[GenerateSerializer, Immutable, Alias("OrleansBackup.ArchiveGeneration")]
public sealed record ArchiveGeneration([property: Id(0)] int Number, [property: Id(1)] int Count)
{
    public int PageCount => (Count + IRunArchiveGrain.PageSize - 1) / IRunArchiveGrain.PageSize;
}

/// <summary>The archive's index: which generation readers see, and one staged beside it.</summary>
[GenerateSerializer, Alias("OrleansBackup.RunArchiveState")]
public sealed class RunArchiveState
{
    [Id(0)] public ArchiveGeneration? Visible { get; set; }
    [Id(1)] public ArchiveGeneration? Staged { get; set; }
    [Id(2)] public int StagedAdded { get; set; }
    /// <summary>The highest generation number used, so a discarded one's pages are never reused half-cleared.</summary>
    [Id(3)] public int LastNumber { get; set; }
}
