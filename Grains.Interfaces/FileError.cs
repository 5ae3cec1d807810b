namespace OrleansBackup.Contracts;

/// <summary>A file (or directory) that could not be backed up, and why. The run goes on.</summary>
/// <param name="Path">Path relative to the run's sources, prefixed with the source name.</param>
/// <param name="Reason">Human-readable reason, e.g. "permission denied".</param>
/// <param name="Code">Stable code from <see cref="ErrorCodes"/>.</param>
[GenerateSerializer, Immutable, Alias("OrleansBackup.FileError")]
public sealed record FileError(
    [property: Id(0)] string Path,
    [property: Id(1)] string Reason,
    [property: Id(2)] string Code);
