using OrleansBackup.Contracts;
using OrleansBackup.Engine;
using OrleansBackup.Tests.Support;

namespace OrleansBackup.Tests.Cluster;

/// <summary>Every number of the status is true in both dispatch modes: while copying (current file,
/// active copies, per-directory progress, each active directory's silo), while paused (no rate, no
/// ETA), and at the end (special files counted, so a finished run reads 100%).</summary>
[Collection(ClusterCollection.Name)]
public sealed class StatusTruthTests(ClusterFixture fixture) : IDisposable
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(60);
    private readonly TempTree _tree = new("obk-truth");

    public void Dispose()
    {
        TestOpener.DelayPerFile = TimeSpan.Zero;
        _tree.Dispose();
    }

    [Theory]
    [InlineData(DispatchMode.Sequential)]
    [InlineData(DispatchMode.Parallel)]
    public async Task Status_is_true_while_running_while_paused_and_at_the_end(DispatchMode dispatch)
    {
        for (var d = 0; d < 3; d++)
            for (var f = 0; f < 12; f++)
                _tree.WriteFile($"src/d{d}/f{f:00}.bin", 2048 + f, seed: d * 100 + f);
        Assert.Equal(0, Native.Mkfifo(_tree.Path_("src", "d0", "pipe"), 0x1A4));
        const long entries = 3 * 12 + 1;
        var source = _tree.Path_("src");
        var harness = new JobHarness(fixture.Grains, $"truth-{dispatch.ToString().ToLowerInvariant()}");
        await harness.DefineAsync(source, _tree.Path_("dst"), dispatch);
        TestOpener.DelayPerFile = TimeSpan.FromMilliseconds(120);

        await harness.Job.StartAsync();
        // Running: some status shows a worker copying a named file, and a directory with its silo,
        // its files done so far and its current file.
        var running = await Poll.UntilAsync(harness.Job.GetStatusAsync, s =>
            s.State == RunState.Running
            && s.Workers.Any(w => w.CurrentFile is not null && w.ActiveCopies >= 1)
            && s.ActiveDirectories.Any(d => d.FilesDone > 0 && d.CurrentFile is not null),
            Soon, $"a {dispatch} run to show what it copies");
        Assert.All(running.ActiveDirectories, d => Assert.False(string.IsNullOrEmpty(d.Silo)));
        Assert.All(running.ActiveDirectories, d => Assert.StartsWith("src", d.Path));
        if (dispatch == DispatchMode.Sequential)
        {
            Assert.Single(running.ActiveDirectories);
            Assert.All(running.Workers, w => Assert.True(w.ActiveCopies <= 1, $"sequential copies one file at a time, saw {w.ActiveCopies}"));
        }
        Assert.True(running.NextDirectories.Length <= JobStatus.NextDirectoriesLimit);

        // Paused: no throughput and no estimate, at once and later.
        var paused = await harness.Job.PauseAsync();
        Assert.Equal(RunState.Paused, paused.State);
        Assert.Equal(0, paused.ThroughputBytesPerSecond);
        Assert.Null(paused.EtaSeconds);
        var later = await Poll.UntilAsync(harness.Job.GetStatusAsync, s => s.UpdatedAt > paused.UpdatedAt.AddSeconds(1), Soon, "time to pass");
        Assert.Equal(RunState.Paused, later.State);
        Assert.Equal(0, later.ThroughputBytesPerSecond);
        Assert.Null(later.EtaSeconds);
        Assert.All(later.Workers, w => Assert.Equal(0, w.BytesPerSecond));

        TestOpener.DelayPerFile = TimeSpan.Zero;
        await harness.Job.ResumeAsync();
        var done = await harness.WaitForTerminalAsync();

        // The FIFO is skipped with a warning and counted, so the run ends at 100%.
        Assert.Equal(RunState.CompletedWithWarnings, done.State);
        var error = Assert.Single(done.Errors);
        Assert.Equal(ErrorCodes.SpecialFileSkipped, error.Code);
        Assert.Equal("src/d0/pipe", error.Path);
        Assert.Equal(entries, done.FilesTotal);
        Assert.Equal(entries, done.FilesDone);
        Assert.Equal(entries - 1, done.FilesCopied);
        Assert.Equal(1, done.FilesSkipped);
        Assert.Equal(done.BytesTotal, done.BytesDone);
        Assert.Equal(0, done.EtaSeconds);
        Assert.Empty(done.ActiveDirectories);
    }
}
