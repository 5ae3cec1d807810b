using System.Collections.Immutable;
using OrleansBackup.Contracts;

namespace OrleansBackup.Silo.Migration;

/// <summary>Everything the old server's two files say, mapped to this service: one job and its
/// past runs. Reading a plan writes nothing; a bad file stops here.</summary>
internal sealed record MigrationPlan(
    string JobId,
    JobDefinition Definition,
    LegacyStatus Status,
    ImmutableArray<ImportedRun> History,
    ImportedRun? Interrupted)
{
    /// <summary>The old server was single-job: its selection becomes the classic API's job.</summary>
    public const string DefaultJobId = "default";

    /// <summary>Every run to import: the history, then the run the old server was in when it stopped.</summary>
    public ImmutableArray<ImportedRun> Runs => Interrupted is null ? History : History.Add(Interrupted);

    public static MigrationPlan Read(string directory, string jobId, TimeZoneInfo zone)
    {
        LegacyStatus status;
        using (var document = LegacyFiles.Read(directory, LegacyFiles.StatusFile))
            status = LegacyStatus.Parse(document.RootElement, zone);
        ImmutableArray<ImportedRun> history;
        using (var document = LegacyFiles.Read(directory, LegacyFiles.HistoryFile))
            history = LegacyHistory.Parse(document.RootElement, zone);

        var definition = new JobDefinition(jobId, [.. status.Directories], status.Destination);
        var interrupted = status.WasInterrupted ? LegacyHistory.FromInterrupted(status) : null;
        return new MigrationPlan(jobId, definition, status, history, interrupted);
    }
}
