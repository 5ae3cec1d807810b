namespace OrleansBackup.Engine;

/// <summary>What a silo's copy workers do now.</summary>
/// <param name="ActiveCopies">File copies running now (at most <paramref name="MaxWorkers"/>,
/// more only briefly after the limit was lowered).</param>
/// <param name="MaxWorkers">The current limit of concurrent file copies.</param>
/// <param name="CurrentFile">One of the files being copied (the oldest running), or null when idle.</param>
/// <param name="CurrentFiles">Every file being copied, oldest first ("source/relative/path").</param>
/// <param name="BytesPerSecond">Throughput over the last ~3 s.</param>
/// <param name="TotalBytesCopied">Bytes copied by this executor since it was created.</param>
public sealed record WorkerSnapshot(
    int ActiveCopies,
    int MaxWorkers,
    string? CurrentFile,
    IReadOnlyList<string> CurrentFiles,
    double BytesPerSecond,
    long TotalBytesCopied);
