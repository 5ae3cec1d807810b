namespace OrleansBackup.Engine;

/// <summary>Thread-safe cumulative counters of one directory work item. The copier updates them
/// as it goes; the directory grain samples them (about every 500 ms) to report progress.</summary>
public sealed class DirectoryCounters
{
    private long _filesCopied;
    private long _filesSkipped;
    private long _filesFailed;
    private long _bytesDone;
    private long _bytesSkipped;
    private volatile string? _currentFile;

    /// <summary>Files (and symlinks) written to the destination.</summary>
    public long FilesCopied => Interlocked.Read(ref _filesCopied);

    /// <summary>Files (and symlinks) found unchanged.</summary>
    public long FilesSkipped => Interlocked.Read(ref _filesSkipped);

    /// <summary>Files that could not be copied (not counting skipped special files).</summary>
    public long FilesFailed => Interlocked.Read(ref _filesFailed);

    /// <summary>Bytes copied so far, including the partial progress of files in flight (a file
    /// that fails or is retried gives its partial bytes back). Excludes unchanged files.</summary>
    public long BytesDone => Interlocked.Read(ref _bytesDone);

    /// <summary>Bytes of files found unchanged (add to <see cref="BytesDone"/> for progress
    /// against a tree's total size).</summary>
    public long BytesSkipped => Interlocked.Read(ref _bytesSkipped);

    /// <summary>A file being copied now ("source/relative/path"), or null.</summary>
    public string? CurrentFile => _currentFile;

    internal void AddCopied() => Interlocked.Increment(ref _filesCopied);
    internal void AddSkipped(long bytes)
    {
        Interlocked.Increment(ref _filesSkipped);
        Interlocked.Add(ref _bytesSkipped, bytes);
    }
    internal void AddFailed() => Interlocked.Increment(ref _filesFailed);
    internal void AddBytes(long bytes) => Interlocked.Add(ref _bytesDone, bytes);
    internal void SetCurrentFile(string? path) => _currentFile = path;
}
