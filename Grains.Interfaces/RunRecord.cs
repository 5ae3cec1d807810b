using System.Collections.Immutable;

namespace OrleansBackup.Contracts;

/// <summary>What the destination keeps about a run in .orleans-backup/snapshots/&lt;run-id&gt;.json,
/// so the destination describes itself without the service's database.</summary>
/// <param name="Resumes">How often the run was taken up again after the silo coordinating it
/// stopped (a crash, a restart, a failover); the record is rewritten at each, so a record still
/// <c>Running</c> belongs to a run that is still going or has not yet been taken up again.</param>
/// <param name="ResumedAt">When it was last taken up again.</param>
[GenerateSerializer, Immutable, Alias("OrleansBackup.RunRecord")]
public sealed record RunRecord(
    [property: Id(0)] string RunId,
    [property: Id(1)] string JobId,
    [property: Id(2)] BackupMode Mode,
    [property: Id(3)] ImmutableArray<SourceRecord> Sources,
    [property: Id(4)] RunState State,
    [property: Id(5)] DateTimeOffset StartedAt,
    [property: Id(6)] DateTimeOffset? FinishedAt,
    [property: Id(7)] long FilesCopied,
    [property: Id(8)] long FilesSkipped,
    [property: Id(9)] long FilesFailed,
    [property: Id(10)] long BytesCopied,
    [property: Id(11)] string? PreviousRunId,
    [property: Id(12)] string? Message,
    [property: Id(13)] int Resumes = 0,
    [property: Id(14)] DateTimeOffset? ResumedAt = null);

/// <summary>A source of a run: where it came from and where its tree lands.</summary>
[GenerateSerializer, Immutable, Alias("OrleansBackup.SourceRecord")]
public sealed record SourceRecord(
    [property: Id(0)] string Name,
    [property: Id(1)] string Path,
    [property: Id(2)] string Target);

/// <summary>Writes a run's records to its destination from a silo that reaches it (grains never do
/// file I/O on their own turn; this hands it to the silo's destination store and awaits it).
/// Keyed by the destination path.</summary>
[Alias("OrleansBackup.IRunRecorderGrain")]
public interface IRunRecorderGrain : IGrainWithStringKey
{
    /// <summary>Creates the repository (repo.json) if needed, checks the destination is writable,
    /// and writes the run's first record. Throws <see cref="BackupException"/> when it cannot.</summary>
    [Alias("Begin")]
    Task BeginAsync(string destination, RunRecord record);

    /// <summary>Writes the run's final record, listing its manifest shards.</summary>
    [Alias("Finish")]
    Task FinishAsync(string destination, RunRecord record);
}
