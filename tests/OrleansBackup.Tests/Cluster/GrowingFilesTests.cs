using OrleansBackup.Contracts;
using OrleansBackup.Tests.Support;

namespace OrleansBackup.Tests.Cluster;

/// <summary>Files that grow after the scan counted them are read bigger: progress must still never
/// pass 100%, and the finished run's totals are what was really read.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GrowingFilesTests(ClusterFixture fixture) : IDisposable
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(60);
    private readonly TempTree _tree = new("obk-grow");

    public void Dispose()
    {
        TestOpener.DelayPerFile = TimeSpan.Zero;
        _tree.Dispose();
    }

    [Fact]
    public async Task Progress_stays_within_the_totals_when_files_grow_during_the_run()
    {
        var files = new List<string>();
        for (var d = 0; d < 5; d++)
            for (var f = 0; f < 20; f++)
                files.Add(_tree.WriteFile($"src/d{d}/f{f:00}.bin", 8 * 1024, seed: d * 100 + f));
        var harness = new JobHarness(fixture.Grains, "growing");
        await harness.DefineAsync(_tree.Path_("src"), _tree.Path_("dst"));
        TestOpener.DelayPerFile = TimeSpan.FromMilliseconds(60);

        await harness.Job.StartAsync();
        var counted = await Poll.UntilAsync(harness.Job.GetStatusAsync, s => s.BytesTotal is not null, Soon, "the scan to count");
        Assert.True(counted.FilesDone < files.Count / 2, $"the copy should have barely begun ({counted.FilesDone} files done)");
        // Every file grows to 5 times its size after the scan saw it.
        foreach (var file in files)
        {
            using var stream = new FileStream(file, FileMode.Append);
            stream.Write(new byte[32 * 1024]);
        }

        var worst = long.MinValue;
        var done = await Poll.UntilAsync(harness.Job.GetStatusAsync, s =>
        {
            if (s.BytesTotal is { } total) worst = Math.Max(worst, s.BytesDone - total);
            if (s.FilesTotal is { } filesTotal) Assert.True(s.FilesDone <= filesTotal, $"{s.FilesDone} of {filesTotal} files");
            return JobHarness.IsTerminal(s.State);
        }, Soon, "the run to end");

        Assert.True(worst <= 0, $"bytesDone passed bytesTotal by {worst} bytes");
        Assert.Equal(RunState.Completed, done.State);
        var read = files.Sum(f => new FileInfo(f).Length);
        Assert.Equal(read, done.BytesDone);
        Assert.Equal(read, done.BytesTotal);
        Assert.Equal(files.Count, done.FilesTotal);
        TreeAssert.MirrorEquals(_tree.Path_("src"), JobHarness.Target(_tree.Path_("dst"), "growing", "src"));
    }
}
