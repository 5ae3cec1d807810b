using Microsoft.Win32.SafeHandles;

namespace OrleansBackup.Engine;

/// <summary>Opens source files for reading. A seam, so tests can inject read errors (root can read
/// mode-000 files, so permissions alone cannot produce them).</summary>
public interface ISourceFileOpener
{
    /// <summary>Opens <paramref name="path"/> for reading without following a final symlink. Throws
    /// <see cref="UnauthorizedAccessException"/>, <see cref="FileNotFoundException"/>,
    /// <see cref="PathTooLongException"/> or an <see cref="IOException"/> on failure.</summary>
    SafeFileHandle OpenRead(string path);
}

/// <summary>Opens with open(2): O_RDONLY | O_NOFOLLOW (a file swapped for a symlink after it was
/// listed is never followed out of the tree) | O_NONBLOCK (a file swapped for a FIFO cannot hang
/// the copy; the early EOF is then seen as a change) | O_CLOEXEC.</summary>
public sealed class DefaultSourceFileOpener : ISourceFileOpener
{
    /// <summary>The shared instance; the opener has no state.</summary>
    public static DefaultSourceFileOpener Instance { get; } = new();

    public SafeFileHandle OpenRead(string path) =>
        Native.Open(path, Native.ORdOnly | Native.ONoFollow | Native.ONonBlock, 0, out int errno)
        ?? throw FileErrorClassifier.ToException(errno, path);
}
