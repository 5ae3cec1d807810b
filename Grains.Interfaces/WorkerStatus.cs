namespace OrleansBackup.Contracts;

/// <summary>What one silo's copy workers are doing for a run right now.</summary>
/// <param name="Silo">Silo address (host:port:generation).</param>
/// <param name="CurrentFile">One of the files being copied now, or null when idle.</param>
/// <param name="ActiveCopies">Files being copied concurrently on that silo.</param>
/// <param name="BytesPerSecond">That silo's copy throughput over the last few seconds.</param>
/// <param name="DirectoriesDone">Directory work items this silo completed in the run.</param>
/// <param name="UpdatedAt">When the silo last reported.</param>
[GenerateSerializer, Immutable, Alias("OrleansBackup.WorkerStatus")]
public sealed record WorkerStatus(
    [property: Id(0)] string Silo,
    [property: Id(1)] string? CurrentFile,
    [property: Id(2)] int ActiveCopies,
    [property: Id(3)] double BytesPerSecond,
    [property: Id(4)] int DirectoriesDone,
    [property: Id(5)] DateTimeOffset UpdatedAt);
