using System.IO.Enumeration;

namespace OrleansBackup.Repository;

/// <summary>Counts the files and bytes of a run's sources, so status can show totals and an ETA
/// while the copy runs. Best effort: it never follows symlinks, skips excluded entries, and counts
/// what it can read (an unreadable or vanished directory is left out, not an error).</summary>
public static class TreeScanner
{
    /// <summary>Longest time between two progress reports while scanning.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(500);

    // Reading the clock per entry would cost more than the entry; every 256 entries is often enough.
    private const int ClockCheckMask = 0xFF;

    private static readonly EnumerationOptions Options = new()
    {
        RecurseSubdirectories = false,
        AttributesToSkip = 0,
        IgnoreInaccessible = true,
        ReturnSpecialDirectories = false,
    };

    private readonly record struct Entry(string RelativePath, bool IsDirectory, long Length);

    /// <summary>Counts every non-directory entry (regular files, symlinks, special files: what the copy
    /// engine will process) and the bytes of regular files, over all <paramref name="sources"/>.
    /// Runs on the thread pool.</summary>
    /// <param name="sources">Absolute source roots.</param>
    /// <param name="isExcluded">Called with the entry's path relative to its source root,
    /// '/'-separated, and whether it is a directory; true skips it (and, for a directory, its tree).</param>
    /// <param name="progress">Called with (files, bytes) so far at most every <see cref="ProgressInterval"/>
    /// (measured with <paramref name="time"/>), and once with the totals at the end.</param>
    /// <param name="time">Clock for the progress interval.</param>
    /// <param name="ct">Stops the scan with <see cref="OperationCanceledException"/>.</param>
    public static Task<(long Files, long Bytes)> ScanAsync(IReadOnlyList<string> sources,
        Func<string, bool, bool> isExcluded, Action<long, long> progress, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(isExcluded);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentNullException.ThrowIfNull(time);
        return Task.Run(() => Scan(sources, isExcluded, progress, time, ct), ct);
    }

    private static (long Files, long Bytes) Scan(IReadOnlyList<string> sources,
        Func<string, bool, bool> isExcluded, Action<long, long> progress, TimeProvider time, CancellationToken ct)
    {
        long files = 0, bytes = 0, seen = 0;
        var lastReport = time.GetTimestamp();
        var pending = new Stack<string>();

        foreach (var source in sources)
        {
            pending.Push("");
            while (pending.TryPop(out var relativeDir))
            {
                ct.ThrowIfCancellationRequested();
                foreach (var entry in Enumerate(source, relativeDir))
                {
                    if ((++seen & ClockCheckMask) == 0)
                    {
                        ct.ThrowIfCancellationRequested();
                        if (time.GetElapsedTime(lastReport) >= ProgressInterval)
                        {
                            progress(files, bytes);
                            lastReport = time.GetTimestamp();
                        }
                    }

                    if (isExcluded(entry.RelativePath, entry.IsDirectory))
                    {
                        continue;
                    }

                    if (entry.IsDirectory)
                    {
                        pending.Push(entry.RelativePath);
                    }
                    else
                    {
                        files++;
                        bytes += entry.Length;
                    }
                }
            }
        }

        progress(files, bytes);
        return (files, bytes);
    }

    private static IEnumerable<Entry> Enumerate(string source, string relativeDir)
    {
        var directory = relativeDir.Length == 0 ? source : Path.Join(source, relativeDir);
        var prefix = relativeDir.Length == 0 ? "" : relativeDir + "/";
        try
        {
            // Materialized here so an error while reading one directory costs that directory only.
            return new FileSystemEnumerable<Entry>(directory, (ref FileSystemEntry e) => ToEntry(ref e, prefix), Options).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Vanished or unreadable: the scan only estimates; the copy reports the real error.
            return [];
        }
    }

    private static Entry ToEntry(ref FileSystemEntry entry, string prefix)
    {
        var relativePath = string.Concat(prefix, entry.FileName);

        // A symlink (reparse point) is never descended into and counts as an entry of no size:
        // the copy engine recreates it as a link rather than copying what it points to.
        if ((entry.Attributes & FileAttributes.ReparsePoint) != 0)
        {
            return new Entry(relativePath, IsDirectory: false, Length: 0);
        }

        return entry.IsDirectory
            ? new Entry(relativePath, IsDirectory: true, Length: 0)
            : new Entry(relativePath, IsDirectory: false, Length: entry.Length);
    }
}
