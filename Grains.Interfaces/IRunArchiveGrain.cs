using System.Collections.Immutable;

namespace OrleansBackup.Contracts;

/// <summary>A job's imported past runs (one grain per job id), kept in pages so that a long history
/// never makes one large grain state. An import is staged first and becomes visible only when it
/// is committed, so a failed migration leaves nothing behind.</summary>
[Alias("OrleansBackup.IRunArchiveGrain")]
public interface IRunArchiveGrain : IGrainWithStringKey
{
    /// <summary>Runs per page grain.</summary>
    public const int PageSize = 500;

    /// <summary>Writes a new generation holding the runs kept so far plus those of <paramref name="runs"/>
    /// whose ids are new, without showing it yet. Answers what the commit would do.</summary>
    [Alias("Stage")]
    Task<ImportReceipt> StageAsync(ImmutableArray<ImportedRun> runs);

    /// <summary>Makes the staged generation the visible one (nothing happens when none is staged).</summary>
    [Alias("Commit")]
    Task<ImportReceipt> CommitAsync();

    /// <summary>Drops the staged generation.</summary>
    [Alias("Discard")]
    Task DiscardAsync();

    /// <summary>How many imported runs are kept.</summary>
    [Alias("Count"), AlwaysInterleave]
    Task<int> CountAsync();

    /// <summary>Imported runs newest first, from <paramref name="offset"/>, at most <paramref name="limit"/>.</summary>
    [Alias("GetRuns"), AlwaysInterleave]
    Task<ImmutableArray<ImportedRun>> GetRunsAsync(int offset, int limit);
}

/// <summary>One page of a job's imported runs, keyed <c>{job}/{generation}/{page}</c>.</summary>
[Alias("OrleansBackup.IRunArchivePageGrain")]
public interface IRunArchivePageGrain : IGrainWithStringKey
{
    [Alias("Write")]
    Task WriteAsync(ImmutableArray<ImportedRun> runs);

    [Alias("Read"), AlwaysInterleave]
    Task<ImmutableArray<ImportedRun>> ReadAsync();

    [Alias("Clear")]
    Task ClearAsync();
}
