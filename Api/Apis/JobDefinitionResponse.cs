using OrleansBackup.Contracts;

namespace OrleansBackup.Api.Apis;

/// <summary>A job definition as the Api shows it. A copy of <see cref="JobDefinition"/> with plain
/// arrays: the contract's <c>ImmutableArray</c> constructor defaults break OpenAPI schema export,
/// and the HTTP shape should not move when a grain contract gains a field.</summary>
public sealed record JobDefinitionResponse(
    string JobId,
    string[] Sources,
    string Destination,
    BackupMode Mode,
    DispatchMode Dispatch,
    int? MaxConcurrentDirectories,
    string[] Excludes,
    Durability Durability,
    bool VerifyAfterCopy,
    string? Schedule)
{
    public static JobDefinitionResponse From(JobDefinition d) => new(
        d.JobId,
        d.Sources.IsDefault ? [] : [.. d.Sources],
        d.Destination,
        d.Mode,
        d.Dispatch,
        d.MaxConcurrentDirectories,
        d.Excludes.IsDefault ? [] : [.. d.Excludes],
        d.Durability,
        d.VerifyAfterCopy,
        d.Schedule);
}
