using System.Collections.Immutable;
using OrleansBackup.Contracts;

namespace OrleansBackup.Api.Apis;

/// <summary>One page of a job's runs: the job's own (bounded) history first, then the imported runs,
/// read from the archive only as far as the page reaches.</summary>
internal static class RunsPage
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static string? Check(int? offset, int? limit) =>
        offset is < 0 ? "offset must be 0 or more." :
        limit is < 1 or > MaxLimit ? $"limit must be from 1 to {MaxLimit}." : null;

    public static async Task<(ImmutableArray<RunSummary> Runs, long Total)> ReadAsync(
        IBackupJobGrain job, IRunArchiveGrain archive, int offset, int limit)
    {
        var own = await job.GetRunsAsync();
        var importedCount = await archive.CountAsync();
        var page = own.Skip(offset).Take(limit).ToList();
        if (page.Count < limit && importedCount > 0)
        {
            var from = Math.Max(0, offset - own.Length);
            var imported = await archive.GetRunsAsync(from, limit - page.Count);
            page.AddRange(imported.Select(ToSummary));
        }
        return ([.. page], own.Length + importedCount);
    }

    private static RunSummary ToSummary(ImportedRun run) => new(
        run.RunId, run.State, run.StartedAt ?? run.FinishedAt ?? DateTimeOffset.UnixEpoch, run.FinishedAt,
        run.FilesCopied, FilesSkipped: 0, FilesFailed: 0, run.BytesCopied, run.ErrorCount, run.Message, Imported: true);
}
