using System.Collections.Immutable;

namespace OrleansBackup.Contracts;

/// <summary>One directory of one source, handed by the job grain to a directory grain.</summary>
/// <param name="WorkId">Stable id within the run: "{sourceIndex}:{relativePath}".</param>
/// <param name="JobId">Owning job.</param>
/// <param name="RunId">Owning run.</param>
/// <param name="SourceName">Name of the source inside the destination (unique within the job).</param>
/// <param name="SourceRoot">Absolute path of the selected source directory.</param>
/// <param name="RelativePath">Directory relative to <paramref name="SourceRoot"/>, '/'-separated; "" for the root.</param>
/// <param name="TargetRoot">Absolute path where this source's tree lands (mirror: &lt;dest&gt;/&lt;job&gt;/current/&lt;source&gt;).</param>
/// <param name="RepositoryRoot">Absolute path of &lt;dest&gt;/.orleans-backup.</param>
/// <param name="PreviousRunId">Run whose manifest is the baseline for change detection, if any.</param>
/// <param name="Excludes">Exclude globs relative to the source root.</param>
/// <param name="Durability">fsync before rename or not.</param>
/// <param name="Sequential">Copy one file at a time.</param>
/// <param name="VerifyAfterCopy">Re-read and compare each copied file.</param>
/// <param name="Attempt">1 for the first dispatch; higher when re-dispatched after a failure.</param>
[GenerateSerializer, Immutable, Alias("OrleansBackup.DirectoryWork")]
public sealed record DirectoryWork(
    [property: Id(0)] string WorkId,
    [property: Id(1)] string JobId,
    [property: Id(2)] string RunId,
    [property: Id(3)] string SourceName,
    [property: Id(4)] string SourceRoot,
    [property: Id(5)] string RelativePath,
    [property: Id(6)] string TargetRoot,
    [property: Id(7)] string RepositoryRoot,
    [property: Id(8)] string? PreviousRunId,
    [property: Id(9)] ImmutableArray<string> Excludes,
    [property: Id(10)] Durability Durability,
    [property: Id(11)] bool Sequential,
    [property: Id(12)] bool VerifyAfterCopy,
    [property: Id(13)] int Attempt);
