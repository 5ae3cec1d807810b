using Microsoft.Win32.SafeHandles;
using OrleansBackup.Engine;

namespace OrleansBackup.Tests.Engine;

/// <summary>Throws "permission denied" for the paths chosen; opens the rest normally.</summary>
internal sealed class FailingOpener(Func<string, bool> fails) : ISourceFileOpener
{
    public SafeFileHandle OpenRead(string path) => fails(path)
        ? throw new UnauthorizedAccessException($"Access to the path '{path}' is denied.")
        : DefaultSourceFileOpener.Instance.OpenRead(path);
}

/// <summary>Runs a hook before each open (e.g. to block, count, or modify the file).</summary>
internal sealed class HookOpener(Action<string> before, Func<string, SafeFileHandle>? open = null) : ISourceFileOpener
{
    public SafeFileHandle OpenRead(string path)
    {
        before(path);
        return open is null ? DefaultSourceFileOpener.Instance.OpenRead(path) : open(path);
    }
}

/// <summary>Records how many opens run at once (opens happen inside a worker slot) and holds each
/// for a while, like a slow disk, so overlaps show.</summary>
internal sealed class ConcurrencyProbeOpener : ISourceFileOpener
{
    private int _current;
    private int _max;

    public int Max => Volatile.Read(ref _max);
    public int Opens;

    public SafeFileHandle OpenRead(string path)
    {
        int now = Interlocked.Increment(ref _current);
        Interlocked.Increment(ref Opens);
        int seen;
        while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen) { }
        Thread.Sleep(15); // simulated slow open, so concurrent copies overlap
        Interlocked.Decrement(ref _current);
        return DefaultSourceFileOpener.Instance.OpenRead(path);
    }
}
