using System.Collections.Immutable;

namespace OrleansBackup.Contracts;

/// <summary>A past run brought in from another system (the old single-file backup server), kept
/// beside the job's own history and shown in its runs, marked as imported.</summary>
/// <param name="RunId">Stable and derived from the old record (its place and content), so a second
/// import of the same file finds it again instead of adding it twice.</param>
/// <param name="State">The old status mapped to a run state (see the README's migration table).</param>
/// <param name="OriginalStatus">The old status text as it was.</param>
/// <param name="Directories">The directories the old run backed up.</param>
/// <param name="Errors">The old run's error texts (the first <see cref="ErrorLimit"/>).</param>
/// <param name="ErrorCount">All of the old run's errors, also those past the limit.</param>
/// <param name="Extra">Fields of the old record that have no place here, as a JSON object (null when none).</param>
[GenerateSerializer, Immutable, Alias("OrleansBackup.ImportedRun")]
public sealed record ImportedRun(
    [property: Id(0)] string RunId,
    [property: Id(1)] RunState State,
    [property: Id(2)] string OriginalStatus,
    [property: Id(3)] DateTimeOffset? StartedAt,
    [property: Id(4)] DateTimeOffset? FinishedAt,
    [property: Id(5)] ImmutableArray<string> Directories,
    [property: Id(6)] long FilesCopied,
    [property: Id(7)] long BytesCopied,
    [property: Id(8)] long ErrorCount,
    [property: Id(9)] ImmutableArray<string> Errors,
    [property: Id(10)] string? Message,
    [property: Id(11)] string? Extra)
{
    public const int ErrorLimit = 20;
}

/// <summary>What an import did: runs added now, runs already there (a repeated import), and the total kept.</summary>
[GenerateSerializer, Immutable, Alias("OrleansBackup.ImportReceipt")]
public sealed record ImportReceipt(
    [property: Id(0)] int Added,
    [property: Id(1)] int AlreadyPresent,
    [property: Id(2)] int Total);
