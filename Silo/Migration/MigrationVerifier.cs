using OrleansBackup.Contracts;

namespace OrleansBackup.Silo.Migration;

/// <summary><c>--verify-migration</c>: compares what the service holds with the old files, field by
/// field, and lists every difference. An empty list means the two agree.</summary>
internal sealed class MigrationVerifier(IGrainFactory grains)
{
    public sealed record Report(IReadOnlyList<string> Checked, IReadOnlyList<string> Mismatches)
    {
        public bool Agrees => Mismatches.Count == 0;
    }

    public async Task<Report> VerifyAsync(MigrationPlan plan)
    {
        var ok = new List<string>();
        var bad = new List<string>();

        var job = await grains.GetGrain<IBackupJobGrain>(plan.JobId).GetDefinitionAsync();
        if (job is null)
            bad.Add($"job '{plan.JobId}': not defined (the import has not run, or it was removed)");
        else if (!MigrationPaths.SameSelection(job, plan.Definition))
            bad.Add($"job '{plan.JobId}': sources/destination are {string.Join(", ", job.Sources)} -> {job.Destination}, " +
                    $"the old status file says {string.Join(", ", plan.Definition.Sources)} -> {plan.Definition.Destination}");
        else
            ok.Add($"job '{plan.JobId}': {job.Sources.Length} source(s) -> {job.Destination}");

        var imported = (await MigrationImporter.ReadAllAsync(grains, plan.JobId)).ToDictionary(r => r.RunId, StringComparer.Ordinal);
        var expected = plan.Runs;
        ok.Add($"runs: {expected.Length} in the old files ({plan.History.Length} in the history" +
               (plan.Interrupted is null ? "" : ", 1 interrupted in the status file") + $"), {imported.Count} imported");
        foreach (var run in expected)
        {
            if (!imported.Remove(run.RunId, out var have))
            {
                bad.Add($"run {run.RunId} ({Describe(run)}): missing from the import");
                continue;
            }
            foreach (var difference in Differences(run, have))
                bad.Add($"run {run.RunId} ({Describe(run)}): {difference}");
        }
        foreach (var extra in imported.Values)
            bad.Add($"run {extra.RunId} ({Describe(extra)}): imported but not in the old files");
        return new Report(ok, bad);
    }

    private static IEnumerable<string> Differences(ImportedRun want, ImportedRun have)
    {
        if (want.State != have.State) yield return $"state {have.State}, the old file says {want.State} ('{want.OriginalStatus}')";
        if (want.StartedAt != have.StartedAt) yield return $"started {Time(have.StartedAt)}, the old file says {Time(want.StartedAt)}";
        if (want.FinishedAt != have.FinishedAt) yield return $"finished {Time(have.FinishedAt)}, the old file says {Time(want.FinishedAt)}";
        if (want.FilesCopied != have.FilesCopied) yield return $"files copied {have.FilesCopied}, the old file says {want.FilesCopied}";
        if (want.BytesCopied != have.BytesCopied) yield return $"bytes copied {have.BytesCopied}, the old file says {want.BytesCopied}";
        if (want.ErrorCount != have.ErrorCount) yield return $"errors {have.ErrorCount}, the old file says {want.ErrorCount}";
        if (!want.Directories.SequenceEqual(have.Directories, StringComparer.Ordinal))
            yield return $"directories {string.Join(", ", have.Directories)}, the old file says {string.Join(", ", want.Directories)}";
        if (!want.Errors.SequenceEqual(have.Errors, StringComparer.Ordinal)) yield return "error texts differ";
        if (want.Extra != have.Extra) yield return "the kept unknown fields differ";
    }

    private static string Describe(ImportedRun run) => $"{run.OriginalStatus}, started {Time(run.StartedAt)}";

    private static string Time(DateTimeOffset? time) => time?.ToString("yyyy-MM-dd'T'HH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture) ?? "unknown";
}
