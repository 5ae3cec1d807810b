using System.Collections.Immutable;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansBackup.Contracts;
using OrleansBackup.Engine;

namespace OrleansBackup.Tests.Engine;

/// <summary>A real temporary source, target and repository, deleted on Dispose, with helpers to
/// run the copier over a whole tree the way the job does (queueing the returned subdirectories).</summary>
internal sealed class EngineTestTree : IDisposable
{
    public EngineTestTree()
    {
        Root = Path.Join(Path.GetTempPath(), "obk-engine-" + Guid.NewGuid().ToString("N"));
        Source = Path.Join(Root, "src");
        Target = Path.Join(Root, "dst", "job", "current", "src");
        Repository = Path.Join(Root, "dst", ".orleans-backup");
        Directory.CreateDirectory(Source);
    }

    public string Root { get; }
    public string Source { get; }
    public string Target { get; }
    public string Repository { get; }

    public DirectoryWork Work(string relativePath, string runId = "run1", string? previousRunId = null,
        bool sequential = false, bool verify = false, Durability durability = Durability.Fsync,
        params string[] excludes) =>
        new($"0:{relativePath}", "job", runId, "src", Source, relativePath, Target, Repository, previousRunId,
            [.. excludes], durability, sequential, verify, 1);

    public static DirectoryCopier Copier(CopyExecutor? executor = null, ISourceFileOpener? opener = null) =>
        new(executor ?? new CopyExecutor(4, TimeProvider.System), opener ?? DefaultSourceFileOpener.Instance,
            TimeProvider.System, NullLogger<DirectoryCopier>.Instance);

    /// <summary>Copies the whole tree: the root, then every returned subdirectory.</summary>
    public async Task<List<DirectoryResult>> CopyTreeAsync(DirectoryCopier copier, Func<string, DirectoryWork> work)
    {
        var results = new List<DirectoryResult>();
        var queue = new Queue<string>([""]);
        while (queue.TryDequeue(out var rel))
        {
            var result = await copier.CopyAsync(work(rel), new DirectoryCounters(), new PauseGate(), CancellationToken.None);
            results.Add(result);
            foreach (var sub in result.Subdirectories) queue.Enqueue(sub);
        }
        return results;
    }

    public Task<List<DirectoryResult>> CopyTreeAsync(string runId = "run1", string? previousRunId = null,
        ISourceFileOpener? opener = null, bool sequential = false, params string[] excludes) =>
        CopyTreeAsync(Copier(opener: opener), rel => Work(rel, runId, previousRunId, sequential, excludes: excludes));

    public string Src(string rel) => Path.Join(Source, rel);
    public string Dst(string rel) => Path.Join(Target, rel);

    /// <summary>Writes a file with exact contents, permission bits and an mtime with nanoseconds.</summary>
    public string WriteFile(string rel, byte[] contents, uint mode = 0x1A4 /* 0644 */, long mtimeSec = 1_600_000_000,
        uint mtimeNsec = 123_456_789)
    {
        var path = Src(rel);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, contents);
        Assert.Equal(0, Native.Chmod(path, mode));
        SetMtime(path, mtimeSec, mtimeNsec);
        return path;
    }

    public static void SetMtime(string path, long sec, uint nsec) =>
        Assert.Equal(0, Native.SetTimesNoFollow(path, new FileStat(0, 0, sec, nsec, sec, nsec, 0)));

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static FileStat Stat(string path)
    {
        Assert.Equal(0, Native.LStat(path, out var stat));
        return stat;
    }

    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>The temporaries left anywhere under the target.</summary>
    public string[] Temporaries() => Directory.Exists(Target)
        ? Directory.GetFiles(Target, "*.obk-tmp-*", SearchOption.AllDirectories)
        : [];

    public static async Task WaitUntil(Func<bool> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Timed out waiting until " + what);
            await Task.Delay(5);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}

/// <summary>Sums over a tree's results.</summary>
internal static class ResultTotals
{
    public static long Copied(this IEnumerable<DirectoryResult> r) => r.Sum(x => x.FilesCopied);
    public static long Skipped(this IEnumerable<DirectoryResult> r) => r.Sum(x => x.FilesSkipped);
    public static long Failed(this IEnumerable<DirectoryResult> r) => r.Sum(x => x.FilesFailed);
    public static ImmutableArray<FileError> Errors(this IEnumerable<DirectoryResult> r) => [.. r.SelectMany(x => x.Errors)];
}
