using Microsoft.Win32.SafeHandles;
using OrleansBackup.Engine;

namespace OrleansBackup.Tests.Support;

/// <summary>Source opener used by the test silos: injects "permission denied" for files whose
/// name contains <see cref="UnreadableMarker"/> (tests run as root, who reads mode-000 files),
/// and can slow every open down so a run lasts long enough to be paused, stopped or watched.</summary>
public sealed class TestOpener : ISourceFileOpener
{
    public const string UnreadableMarker = "UNREADABLE";

    /// <summary>Delay before each open; zero by default. Tests that need a slow run set it.</summary>
    public static TimeSpan DelayPerFile { get; set; } = TimeSpan.Zero;

    private readonly DefaultSourceFileOpener _inner = new();

    public SafeFileHandle OpenRead(string path)
    {
        if (Path.GetFileName(path).Contains(UnreadableMarker, StringComparison.Ordinal))
            throw new UnauthorizedAccessException($"Access to the path '{path}' is denied.");
        var delay = DelayPerFile;
        // A deliberately slow source, not a wait for a condition: it stands in for a slow disk.
        if (delay > TimeSpan.Zero) Thread.Sleep(delay);
        return _inner.OpenRead(path);
    }
}
