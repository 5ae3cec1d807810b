using System.Collections.Immutable;

namespace OrleansBackup.Contracts;

/// <summary>A named backup definition: what to copy, where, and how.</summary>
/// <param name="JobId">Stable id; also the job's folder name in the destination.</param>
/// <param name="Sources">Absolute source directories (already validated against the allowed roots).</param>
/// <param name="Destination">Absolute destination directory.</param>
/// <param name="Mode">Destination layout.</param>
/// <param name="Dispatch">Parallel or sequential dispatch.</param>
/// <param name="MaxConcurrentDirectories">Directories in flight at once in parallel mode (1-1024);
/// null = <see cref="JobDefinition.DefaultMaxConcurrentDirectories"/>. Sequential mode runs one at a time.</param>
/// <param name="Excludes">Glob patterns (<c>*</c>, <c>?</c>, <c>**</c>) matched against paths relative to a source.</param>
/// <param name="Durability">fsync before rename (default) or relaxed.</param>
/// <param name="VerifyAfterCopy">Re-read each copied file from the destination and compare its hash.</param>
/// <param name="Schedule">When to start runs by itself: "every 30m" (s, m, h, d) or a 5-field cron
/// expression in UTC ("0 3 * * *"); null = only on request.</param>
[GenerateSerializer, Immutable, Alias("OrleansBackup.JobDefinition")]
public sealed record JobDefinition(
    [property: Id(0)] string JobId,
    [property: Id(1)] ImmutableArray<string> Sources,
    [property: Id(2)] string Destination,
    [property: Id(3)] BackupMode Mode = BackupMode.Mirror,
    [property: Id(4)] DispatchMode Dispatch = DispatchMode.Parallel,
    [property: Id(5)] int? MaxConcurrentDirectories = null,
    [property: Id(6)] ImmutableArray<string> Excludes = default,
    [property: Id(7)] Durability Durability = Durability.Fsync,
    [property: Id(8)] bool VerifyAfterCopy = false,
    [property: Id(9)] string? Schedule = null)
{
    /// <summary>Directories in flight at once in parallel mode when the job does not say.</summary>
    public const int DefaultMaxConcurrentDirectories = 8;

    /// <summary>What <see cref="MaxConcurrentDirectories"/> means for this job: its value or the default.</summary>
    public int EffectiveMaxConcurrentDirectories => MaxConcurrentDirectories ?? DefaultMaxConcurrentDirectories;
}
