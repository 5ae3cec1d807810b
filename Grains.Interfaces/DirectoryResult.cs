using System.Collections.Immutable;

namespace OrleansBackup.Contracts;

/// <summary>The compact result of one directory work item: counts, not file lists.</summary>
/// <param name="Subdirectories">Relative paths of subdirectories found, to be queued as new work.</param>
/// <param name="Errors">Per-file errors (capped at 100 per directory; see <paramref name="ErrorCount"/>).</param>
/// <param name="Cancelled">True when the work was cancelled by a stop before it finished.</param>
/// <param name="FatalCode">Set when the work could not run at all (e.g. destination unwritable): the run fails.</param>
/// <param name="Workers">The silo's copy workers when the work finished, so even directories that
/// finish between two progress batches keep the job's worker view current.</param>
[GenerateSerializer, Immutable, Alias("OrleansBackup.DirectoryResult")]
public sealed record DirectoryResult(
    [property: Id(0)] string WorkId,
    [property: Id(1)] int Attempt,
    [property: Id(2)] string Silo,
    [property: Id(3)] long FilesCopied,
    [property: Id(4)] long FilesSkipped,
    [property: Id(5)] long FilesFailed,
    [property: Id(6)] long BytesCopied,
    [property: Id(7)] long BytesSkipped,
    [property: Id(8)] ImmutableArray<string> Subdirectories,
    [property: Id(9)] ImmutableArray<FileError> Errors,
    [property: Id(10)] long ErrorCount,
    [property: Id(11)] bool Cancelled,
    [property: Id(12)] string? FatalCode = null,
    [property: Id(13)] string? FatalMessage = null,
    [property: Id(14)] WorkerStatus? Workers = null);

/// <summary>A progress batch from a directory grain: cumulative for its work item, sent at most a
/// few times a second (never per file). Cumulative values make a lost or repeated batch harmless.</summary>
[GenerateSerializer, Immutable, Alias("OrleansBackup.DirectoryProgress")]
public sealed record DirectoryProgress(
    [property: Id(0)] string WorkId,
    [property: Id(1)] int Attempt,
    [property: Id(2)] string Silo,
    [property: Id(3)] long FilesCopied,
    [property: Id(4)] long FilesSkipped,
    [property: Id(5)] long FilesFailed,
    [property: Id(6)] long BytesDone,
    [property: Id(7)] string? CurrentFile,
    [property: Id(8)] int SiloActiveCopies,
    [property: Id(9)] double SiloBytesPerSecond,
    [property: Id(10)] long BytesSkipped = 0);
