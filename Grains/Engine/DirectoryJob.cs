using System.Collections.Immutable;
using OrleansBackup.Contracts;

namespace OrleansBackup.Engine;

/// <summary>The state of one <see cref="DirectoryCopier.CopyAsync"/> call: tallies, errors, the
/// manifest entries being collected, and the fatal error if any. Thread-safe: file copies of the
/// directory report into it concurrently.</summary>
internal sealed class DirectoryJob
{
    /// <summary>At most this many errors are listed per directory; all are counted.</summary>
    internal const int MaxListedErrors = 100;

    private readonly object _lock = new();
    private readonly List<FileError> _errors = [];
    private readonly List<ManifestEntry> _entries = [];
    private readonly List<string> _subdirectories = [];
    private long _errorCount, _copied, _skipped, _failed, _bytesCopied, _bytesSkipped;
    private int _wroteSomething;
    private bool _allCarried = true;
    private string? _fatalCode, _fatalMessage;

    public DirectoryJob(DirectoryWork work, DirectoryCounters counters, ExcludeMatcher excludes)
    {
        Work = work;
        Counters = counters;
        Excludes = excludes;
        SourceDir = Path.Join(work.SourceRoot, work.RelativePath);
        TargetDir = Path.Join(work.TargetRoot, work.RelativePath);
        Destination = Path.GetDirectoryName(work.RepositoryRoot.TrimEnd('/'))!;
        DisplayPrefix = work.RelativePath.Length == 0 ? work.SourceName + "/" : work.SourceName + "/" + work.RelativePath + "/";
    }

    public DirectoryWork Work { get; }
    public DirectoryCounters Counters { get; }
    public ExcludeMatcher Excludes { get; }
    public string SourceDir { get; }
    public string TargetDir { get; }
    /// <summary>The destination root (the parent of <c>.orleans-backup</c>): walks start here.</summary>
    public string Destination { get; }
    /// <summary>The open target directory, reached without following a symlink; set by PrepareTarget.</summary>
    public SafeDirectory? Target { get; set; }
    /// <summary>"source/rel/" prefix of display paths (errors, current file).</summary>
    public string DisplayPrefix { get; }
    /// <summary>The previous run's entries for this directory, or null (then the destination is the baseline).</summary>
    public Dictionary<string, ManifestEntry>? Previous { get; set; }
    public string? PreviousShardPath { get; set; }

    public string RelativeOf(string name) => Work.RelativePath.Length == 0 ? name : Work.RelativePath + "/" + name;
    public string DisplayOf(string name) => DisplayPrefix + name;

    public bool IsFatal { get { lock (_lock) return _fatalCode is not null; } }
    public long ErrorCount => Interlocked.Read(ref _errorCount);
    public long FilesCopied => Interlocked.Read(ref _copied);

    /// <summary>True once anything was created in the target directory: later ENOSPC/EACCES are then
    /// per-file problems, not "the destination cannot be written at all".</summary>
    public bool WroteSomething => Volatile.Read(ref _wroteSomething) != 0;
    public void MarkWritten() => Volatile.Write(ref _wroteSomething, 1);

    public void AddSubdirectory(string relativePath)
    {
        lock (_lock) _subdirectories.Add(relativePath);
    }

    /// <summary>An unchanged file whose previous manifest entry carries over verbatim.</summary>
    public void Carried(ManifestEntry entry)
    {
        lock (_lock) _entries.Add(entry);
        Interlocked.Increment(ref _skipped);
        Interlocked.Add(ref _bytesSkipped, entry.IsSymlink ? 0 : entry.Size);
        Counters.AddSkipped(entry.IsSymlink ? 0 : entry.Size);
    }

    /// <summary>An unchanged file found by comparing with the destination (new manifest entry).</summary>
    public void SkippedWithNewEntry(ManifestEntry entry)
    {
        lock (_lock)
        {
            _entries.Add(entry);
            _allCarried = false;
        }
        Interlocked.Increment(ref _skipped);
        Interlocked.Add(ref _bytesSkipped, entry.IsSymlink ? 0 : entry.Size);
        Counters.AddSkipped(entry.IsSymlink ? 0 : entry.Size);
    }

    public void Copied(ManifestEntry entry, long bytes)
    {
        lock (_lock)
        {
            _entries.Add(entry);
            _allCarried = false;
        }
        Interlocked.Increment(ref _copied);
        Interlocked.Add(ref _bytesCopied, bytes);
        Counters.AddCopied();
    }

    /// <summary>A per-file error: listed (up to the cap), counted, and the file counts as failed.</summary>
    public void Failed(string name, (string Code, string Reason) error)
    {
        Warn(DisplayOf(name), error);
        Interlocked.Increment(ref _failed);
        Counters.AddFailed();
    }

    /// <summary>A socket, FIFO or device: listed with a warning and counted as skipped, so that the
    /// scan's total (which counts every non-directory entry) is reached when the run ends.</summary>
    public void SkippedSpecial(string name, (string Code, string Reason) error)
    {
        Warn(DisplayOf(name), error);
        Interlocked.Increment(ref _skipped);
        Counters.AddSkipped(0);
    }

    /// <summary>Listed and counted as an error, but no file failed (a skipped FIFO, a manifest problem).</summary>
    public void Warn(string displayPath, (string Code, string Reason) error)
    {
        Interlocked.Increment(ref _errorCount);
        lock (_lock)
        {
            _allCarried = false;
            if (_errors.Count < MaxListedErrors) _errors.Add(new FileError(displayPath, error.Reason, error.Code));
        }
    }

    /// <summary>The first fatal error wins; the run will fail with it.</summary>
    public void Fatal(string code, string message)
    {
        lock (_lock)
        {
            if (_fatalCode is not null) return;
            _fatalCode = code;
            _fatalMessage = message;
        }
    }

    /// <summary>The entries to write and whether they equal the previous shard exactly (then the
    /// previous shard can be hard-linked instead of rewritten).</summary>
    public (List<ManifestEntry> Entries, bool SameAsPrevious) ManifestEntries()
    {
        lock (_lock)
            return (_entries, _allCarried && Previous is not null && _entries.Count == Previous.Count);
    }

    public DirectoryResult ToResult(bool cancelled)
    {
        lock (_lock)
        {
            _subdirectories.Sort(StringComparer.Ordinal);
            return new DirectoryResult(Work.WorkId, Work.Attempt, "", FilesCopied, Interlocked.Read(ref _skipped),
                Interlocked.Read(ref _failed), Interlocked.Read(ref _bytesCopied), Interlocked.Read(ref _bytesSkipped),
                [.. _subdirectories], [.. _errors], ErrorCount, cancelled, _fatalCode, _fatalMessage);
        }
    }
}
