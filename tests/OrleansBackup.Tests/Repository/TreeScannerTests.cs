using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using OrleansBackup.Repository;

namespace OrleansBackup.Tests.Repository;

public sealed class TreeScannerTests : IDisposable
{
    private readonly TempDir _tmp = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _tmp.Dispose();

    private static readonly Func<string, bool, bool> NothingExcluded = (_, _) => false;

    /// <summary>src: a.txt(10) sub/b.bin(100) sub/deep/c(5) sub/skip.log(50) skip/x(1000),
    /// dir-link -> outside (which holds 7000 bytes), file-link -> a.txt.</summary>
    private string BuildTree()
    {
        var src = _tmp.Dir("src");
        _tmp.File("src/a.txt", 10);
        _tmp.File("src/sub/b.bin", 100);
        _tmp.File("src/sub/deep/c", 5);
        _tmp.File("src/sub/skip.log", 50);
        _tmp.File("src/skip/x", 1000);
        _tmp.File("outside/big1", 3000);
        _tmp.File("outside/nested/big2", 4000);
        Directory.CreateSymbolicLink(_tmp.Combine("src", "dir-link"), _tmp.Combine("outside"));
        File.CreateSymbolicLink(_tmp.Combine("src", "file-link"), _tmp.Combine("src", "a.txt"));
        return src;
    }

    [Fact]
    public async Task Counts_files_and_bytes_without_following_symlinks()
    {
        var src = BuildTree();
        var reports = new List<(long, long)>();
        var result = await TreeScanner.ScanAsync([src], NothingExcluded, (f, b) => reports.Add((f, b)), _time, CancellationToken.None);

        // 5 regular files (1165 bytes) + 2 links counted as entries of no size.
        Assert.Equal((7L, 1165L), result);
        Assert.Equal([(7L, 1165L)], reports); // the clock never moved: only the final report
    }

    [Fact]
    public async Task Excludes_get_relative_slash_paths_and_skip_whole_trees()
    {
        var src = BuildTree();
        var calls = new ConcurrentBag<(string, bool)>();
        bool IsExcluded(string path, bool isDirectory)
        {
            calls.Add((path, isDirectory));
            return path == "skip" || path.EndsWith(".log", StringComparison.Ordinal);
        }

        var result = await TreeScanner.ScanAsync([src], IsExcluded, (_, _) => { }, _time, CancellationToken.None);

        Assert.Equal((5L, 115L), result);
        Assert.Equal(
            [("a.txt", false), ("dir-link", false), ("file-link", false), ("skip", true), ("sub", true), ("sub/b.bin", false), ("sub/deep", true), ("sub/deep/c", false), ("sub/skip.log", false)],
            calls.OrderBy(c => c.Item1, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Sums_over_sources_and_tolerates_a_missing_one()
    {
        var src = BuildTree();
        var other = _tmp.Dir("other");
        _tmp.File("other/o", 33);
        var result = await TreeScanner.ScanAsync([src, _tmp.Combine("gone"), other], NothingExcluded, (_, _) => { }, _time, CancellationToken.None);
        Assert.Equal((8L, 1198L), result);
    }

    [Fact]
    public async Task Reports_progress_at_most_every_interval_and_once_at_the_end()
    {
        var src = _tmp.Dir("many");
        for (var i = 0; i < 2000; i++)
        {
            _tmp.File($"many/f{i}", 1);
        }

        var reports = new List<(TimeSpan At, long Files, long Bytes)>();
        var start = _time.GetTimestamp();
        bool AdvanceClock(string path, bool isDirectory)
        {
            _time.Advance(TimeSpan.FromMilliseconds(10)); // 2000 entries span 20 s of fake time
            return false;
        }

        var result = await TreeScanner.ScanAsync([src], AdvanceClock, (f, b) => reports.Add((_time.GetElapsedTime(start), f, b)), _time, CancellationToken.None);

        Assert.Equal((2000L, 2000L), result);
        Assert.Equal((2000L, 2000L), (reports[^1].Files, reports[^1].Bytes));
        Assert.True(reports.Count >= 3, $"{reports.Count} reports");
        for (var i = 1; i < reports.Count - 1; i++)
        {
            Assert.True(reports[i].At - reports[i - 1].At >= TreeScanner.ProgressInterval, $"reports {i - 1} and {i} are {reports[i].At - reports[i - 1].At} apart");
            Assert.True(reports[i].Files >= reports[i - 1].Files);
        }
    }

    [Fact]
    public async Task Already_cancelled_scan_throws()
    {
        var src = BuildTree();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TreeScanner.ScanAsync([src], NothingExcluded, (_, _) => { }, _time, cts.Token));
    }

    [Fact]
    public async Task Cancelling_during_the_scan_stops_it()
    {
        var src = _tmp.Dir("many");
        for (var i = 0; i < 1000; i++)
        {
            _tmp.File($"many/d{i % 10}/f{i}", 1);
        }

        using var cts = new CancellationTokenSource();
        var seen = 0;
        bool CancelOnFirst(string path, bool isDirectory)
        {
            seen++;
            cts.Cancel();
            return false;
        }

        var reports = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => TreeScanner.ScanAsync([src], CancelOnFirst, (_, _) => reports++, _time, cts.Token));
        Assert.Equal(0, reports);
        Assert.Equal(10, seen); // the root's ten entries; the scan stops before the next directory
    }
}
