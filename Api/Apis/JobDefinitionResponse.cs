using OrleansBackup.Contracts;

namespace OrleansBackup.Api.Apis;

/// <summary>A job definition as the Api shows it. A copy of <see cref="JobDefinition"/> with plain
/// arrays: the contract's <c>ImmutableArray</c> constructor defaults break OpenAPI schema export,
/// and the HTTP shape should not move when a grain contract gains a field. Options show their
/// effective values: a job that never set maxConcurrentDirectories echoes the default (8).</summary>
public sealed record JobDefinitionResponse(
    string JobId,
    string[] Sources,
    string Destination,
    BackupMode Mode,
    DispatchMode Dispatch,
    [property: System.ComponentModel.DataAnnotations.Range(1, 1024)] int MaxConcurrentDirectories,
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
        d.EffectiveMaxConcurrentDirectories,
        d.Excludes.IsDefault ? [] : [.. d.Excludes],
        d.Durability,
        d.VerifyAfterCopy,
        d.Schedule);
}
