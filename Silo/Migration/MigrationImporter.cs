using System.Collections.Immutable;
using OrleansBackup.Contracts;

namespace OrleansBackup.Silo.Migration;

/// <summary>Imports a <see cref="MigrationPlan"/> through the grains, all or nothing: the past runs
/// are staged (invisible), the job is defined (the silo checks every path against its allowed
/// roots), and only then is the history committed. A refused definition discards the staged runs.</summary>
internal sealed class MigrationImporter(IGrainFactory grains)
{
    public sealed record Outcome(bool JobDefined, bool JobAlreadyThere, ImportReceipt Runs);

    /// <summary>What an import would do, changing nothing.</summary>
    public async Task<Outcome> PreviewAsync(MigrationPlan plan)
    {
        var existing = await grains.GetGrain<IBackupJobGrain>(plan.JobId).GetDefinitionAsync();
        CheckSameJob(plan, existing);
        var known = (await ReadAllAsync(grains, plan.JobId)).Select(r => r.RunId).ToHashSet(StringComparer.Ordinal);
        var added = plan.Runs.Count(r => !known.Contains(r.RunId));
        return new Outcome(existing is null, existing is not null, new ImportReceipt(added, plan.Runs.Length - added, known.Count + added));
    }

    public async Task<Outcome> ImportAsync(MigrationPlan plan)
    {
        var job = grains.GetGrain<IBackupJobGrain>(plan.JobId);
        var archive = grains.GetGrain<IRunArchiveGrain>(plan.JobId);
        var existing = await job.GetDefinitionAsync();
        CheckSameJob(plan, existing);

        var staged = await archive.StageAsync(plan.Runs);
        if (existing is null)
        {
            try
            {
                await job.DefineAsync(plan.Definition);
            }
            catch (BackupException ex)
            {
                await archive.DiscardAsync();
                throw ToInputError(plan, ex);
            }
        }
        await archive.CommitAsync();
        return new Outcome(existing is null, existing is not null, staged);
    }

    /// <summary>Every imported run of a job, newest first, read page by page.</summary>
    public static async Task<List<ImportedRun>> ReadAllAsync(IGrainFactory grains, string jobId)
    {
        var archive = grains.GetGrain<IRunArchiveGrain>(jobId);
        var runs = new List<ImportedRun>();
        while (true)
        {
            var page = await archive.GetRunsAsync(runs.Count, IRunArchiveGrain.PageSize);
            runs.AddRange(page);
            if (page.Length < IRunArchiveGrain.PageSize) return runs;
        }
    }

    /// <summary>A second import into a job that already holds this selection is a repeat, not a clash;
    /// a job holding another selection is never overwritten.</summary>
    private static void CheckSameJob(MigrationPlan plan, JobDefinition? existing)
    {
        if (existing is null || MigrationPaths.SameSelection(existing, plan.Definition)) return;
        throw new MigrationServiceException(
            $"job '{plan.JobId}' already exists with another selection ({string.Join(", ", existing.Sources)} -> {existing.Destination}); " +
            "import under another id with --job NAME, or remove that job first");
    }

    /// <summary>A path the silo refused is a problem of the old file: say which field holds it.</summary>
    private static Exception ToInputError(MigrationPlan plan, BackupException ex)
    {
        var directories = plan.Status.Directories;
        for (var i = 0; i < directories.Count; i++)
            if (ex.Message.Contains(directories[i], StringComparison.Ordinal))
                return new MigrationInputException(Migration.LegacyFiles.StatusFile, $"$.selected_directories[{i}]", $"{ex.Code}: {ex.Message}");
        if (ex.Message.Contains(plan.Status.Destination, StringComparison.Ordinal) || ex.Code == ErrorCodes.DestinationNotWritable)
            return new MigrationInputException(Migration.LegacyFiles.StatusFile, "$.destination", $"{ex.Code}: {ex.Message}");
        return new MigrationServiceException($"{ex.Code}: {ex.Message}");
    }
}
