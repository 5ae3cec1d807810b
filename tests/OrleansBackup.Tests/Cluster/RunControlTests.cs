using OrleansBackup.Contracts;
using OrleansBackup.Tests.Support;

namespace OrleansBackup.Tests.Cluster;

/// <summary>Pause, resume, stop and dispatch modes, on runs slowed by a slow source so there is
/// time to act while they are copying.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RunControlTests(ClusterFixture fixture) : IDisposable
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);
    private readonly TempTree _tree = new("obk-ctl");

    public void Dispose()
    {
        TestOpener.DelayPerFile = TimeSpan.Zero;
        _tree.Dispose();
    }

    private string BuildTree(int dirs, int filesPerDir, int bytes = 4096)
    {
        for (var d = 0; d < dirs; d++)
            for (var f = 0; f < filesPerDir; f++)
                _tree.WriteFile($"src/d{d:00}/f{f:00}.bin", bytes + f, seed: d * 100 + f);
        return _tree.Path_("src");
    }

    [Fact]
    public async Task Pause_stops_all_copying_and_resume_completes_the_run()
    {
        var source = BuildTree(dirs: 12, filesPerDir: 25);
        var dest = _tree.Path_("dst");
        var harness = new JobHarness(fixture.Grains, "pause-resume");
        await harness.DefineAsync(source, dest);
        TestOpener.DelayPerFile = TimeSpan.FromMilliseconds(15);

        await harness.Job.StartAsync();
        await Poll.UntilAsync(harness.Job.GetStatusAsync, s => s.FilesDone >= 20, Soon, "some files copied");
        var paused = await harness.Job.PauseAsync();
        Assert.Equal(RunState.Paused, paused.State);

        // Files in flight finish; after that nothing moves. Wait until files on disk and the status
        // counters have both stood still for longer than a progress period (500 ms)...
        var last = "";
        await Poll.UntilAsync(async () =>
        {
            var before = last;
            var s = await harness.Job.GetStatusAsync();
            last = $"{CountFiles(dest)}/{s.FilesDone}/{s.BytesDone}";
            await Task.Delay(700);
            return before == last;
        }, quiet => quiet, Soon, "in-flight copies to finish");
        var settled = CountFiles(dest);
        // ...then watch for 5 s: no file appears and the status counters stay still.
        var status = await harness.Job.GetStatusAsync();
        var watchUntil = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < watchUntil)
        {
            await Task.Delay(250);
            Assert.Equal(settled, CountFiles(dest));
            var now = await harness.Job.GetStatusAsync();
            Assert.Equal(RunState.Paused, now.State);
            Assert.Equal(status.FilesDone, now.FilesDone);
            Assert.Equal(status.BytesDone, now.BytesDone);
        }
        Assert.True(status.FilesDone < 300, "the run should not have finished before the pause");

        TestOpener.DelayPerFile = TimeSpan.Zero;
        Assert.Equal(RunState.Running, (await harness.Job.ResumeAsync()).State);
        var done = await harness.WaitForTerminalAsync();
        Assert.Equal(RunState.Completed, done.State);
        Assert.Equal(300, done.FilesCopied);
        TreeAssert.MirrorEquals(source, JobHarness.Target(dest, "pause-resume", "src"));
    }

    [Fact]
    public async Task Stop_cancels_copies_and_leaves_only_complete_files()
    {
        var source = BuildTree(dirs: 10, filesPerDir: 20, bytes: 256 * 1024);
        var dest = _tree.Path_("dst");
        var harness = new JobHarness(fixture.Grains, "stop");
        await harness.DefineAsync(source, dest);
        TestOpener.DelayPerFile = TimeSpan.FromMilliseconds(10);

        await harness.Job.StartAsync();
        await Poll.UntilAsync(harness.Job.GetStatusAsync, s => s.FilesDone >= 10, Soon, "some files copied");
        var stopped = await harness.Job.StopAsync();

        Assert.Equal(RunState.Stopped, stopped.State);
        Assert.NotNull(stopped.FinishedAt);
        Assert.Empty(TreeAssert.TempFiles(dest));
        var target = JobHarness.Target(dest, "stop", "src");
        var copied = Directory.GetFiles(target, "*", SearchOption.AllDirectories);
        Assert.True(copied.Length < 200, "the stop should have come before the end");
        foreach (var file in copied)
        {
            var original = Path.Combine(source, Path.GetRelativePath(target, file));
            Assert.Equal(TempTree.Sha256(original), TempTree.Sha256(file));
        }
        // Nothing moves after the stop: no silo has a copy running, so no file can appear later.
        Assert.Equal(0, fixture.ActiveCopies());
        Assert.Equal(copied.Length, Directory.GetFiles(target, "*", SearchOption.AllDirectories).Length);
        Assert.Equal(RunState.Stopped, (await harness.Job.GetStatusAsync()).State);

        // A new run picks up where the stopped one left off and completes.
        TestOpener.DelayPerFile = TimeSpan.Zero;
        var next = await harness.RunToEndAsync();
        Assert.Equal(RunState.Completed, next.State);
        TreeAssert.MirrorEquals(source, target);
    }

    [Theory]
    [InlineData(DispatchMode.Parallel)]
    [InlineData(DispatchMode.Sequential)]
    public async Task Dispatch_mode_bounds_directories_in_flight(DispatchMode mode)
    {
        var source = BuildTree(dirs: 10, filesPerDir: 6, bytes: 1024);
        var dest = _tree.Path_("dst");
        var harness = new JobHarness(fixture.Grains, $"dispatch-{mode.ToString().ToLowerInvariant()}");
        await harness.DefineAsync(source, dest, mode);
        TestOpener.DelayPerFile = TimeSpan.FromMilliseconds(25);

        await harness.Job.StartAsync();
        var maxActive = 0;
        var maxCopies = 0;
        await Poll.UntilAsync(harness.Job.GetStatusAsync, s =>
        {
            maxActive = Math.Max(maxActive, s.ActiveDirectories.Length);
            maxCopies = Math.Max(maxCopies, fixture.ActiveCopies());
            return s.State == RunState.Completed;
        }, Soon, "the run to complete");

        if (mode == DispatchMode.Parallel)
        {
            Assert.True(maxActive >= 2, $"parallel mode should copy several directories at once (saw {maxActive})");
        }
        else
        {
            Assert.Equal(1, maxActive);
            // Exactly one: a poll saw a copy running, and never two at once.
            Assert.Equal(1, maxCopies);
        }
        TreeAssert.MirrorEquals(source, JobHarness.Target(dest, harness.JobId, "src"));
    }

    private static long CountFiles(string root) =>
        Directory.Exists(root) ? Directory.GetFiles(root, "*", SearchOption.AllDirectories).LongLength : 0;
}
