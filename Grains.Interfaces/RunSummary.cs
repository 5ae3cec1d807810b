namespace OrleansBackup.Contracts;

/// <summary>One finished (or current) run, kept in the job's bounded recent history.</summary>
/// <param name="Resumes">How often the run was taken up again after its coordinating silo stopped.</param>
/// <param name="Imported">Brought in from the old backup server by <c>migrate</c> (see <see cref="ImportedRun"/>), not run here.</param>
[GenerateSerializer, Immutable, Alias("OrleansBackup.RunSummary")]
public sealed record RunSummary(
    [property: Id(0)] string RunId,
    [property: Id(1)] RunState State,
    [property: Id(2)] DateTimeOffset StartedAt,
    [property: Id(3)] DateTimeOffset? FinishedAt,
    [property: Id(4)] long FilesCopied,
    [property: Id(5)] long FilesSkipped,
    [property: Id(6)] long FilesFailed,
    [property: Id(7)] long BytesCopied,
    [property: Id(8)] long ErrorCount,
    [property: Id(9)] string? Message,
    [property: Id(10)] int Resumes = 0,
    [property: Id(11)] bool Imported = false);
