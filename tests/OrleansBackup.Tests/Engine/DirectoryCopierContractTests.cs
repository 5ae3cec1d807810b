using OrleansBackup.Contracts;
using OrleansBackup.Engine;

namespace OrleansBackup.Tests.Engine;

/// <summary>What the directory grain relies on: where the work runs, and how errors are bounded.</summary>
public sealed class DirectoryCopierContractTests : IDisposable
{
    private readonly EngineTestTree _t = new();

    public void Dispose() => _t.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task File_io_never_runs_on_the_callers_scheduler(bool sequential)
    {
        for (int i = 0; i < 4; i++) _t.WriteFile($"f{i}", [(byte)i]);
        // Like a grain's activation scheduler: one task at a time.
        var grainLike = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;
        var seen = new List<TaskScheduler>();
        var opener = new HookOpener(_ => { lock (seen) seen.Add(TaskScheduler.Current); });
        var copier = EngineTestTree.Copier(opener: opener);

        var result = await Task.Factory.StartNew(
            () => copier.CopyAsync(_t.Work("", sequential: sequential), new DirectoryCounters(), new PauseGate(), CancellationToken.None),
            CancellationToken.None, TaskCreationOptions.None, grainLike).Unwrap();

        Assert.Equal(4, result.FilesCopied);
        Assert.Equal(4, seen.Count);
        Assert.All(seen, s => Assert.Same(TaskScheduler.Default, s));
    }

    [Fact]
    public async Task Errors_are_listed_up_to_100_per_directory_and_all_are_counted()
    {
        for (int i = 0; i < 105; i++) Assert.Equal(0, Native.Mkfifo(_t.Src($"pipe{i:D3}"), 0x1A4));
        _t.WriteFile("ok.txt", [1]);

        var result = (await _t.CopyTreeAsync()).Single();

        Assert.Equal(100, result.Errors.Length);
        Assert.Equal(105, result.ErrorCount);
        Assert.All(result.Errors, e => Assert.Equal(ErrorCodes.SpecialFileSkipped, e.Code));
        Assert.Equal(1, result.FilesCopied);
    }

    [Fact]
    public async Task A_no_change_rerun_leaves_destination_files_untouched()
    {
        _t.WriteFile("a.bin", EngineTestTree.RandomBytes(4096, 1));
        await _t.CopyTreeAsync("run1");
        var before = EngineTestTree.Stat(_t.Dst("a.bin"));

        var counters = new DirectoryCounters();
        var result = await EngineTestTree.Copier().CopyAsync(_t.Work("", "run2", "run1"), counters, new PauseGate(), CancellationToken.None);

        var after = EngineTestTree.Stat(_t.Dst("a.bin"));
        Assert.Equal(before.Inode, after.Inode); // not rewritten, not renamed over
        Assert.Equal(1, result.FilesSkipped);
        Assert.Equal(4096, result.BytesSkipped);
        Assert.Equal(1, counters.FilesSkipped);
        Assert.Equal(4096, counters.BytesSkipped);
        Assert.Equal(0, counters.BytesDone);
    }

    [Fact]
    public async Task Counters_follow_the_result()
    {
        _t.WriteFile("a.bin", EngineTestTree.RandomBytes(3 * FileCopier.ChunkSize + 10, 2));
        _t.WriteFile("b.bin", EngineTestTree.RandomBytes(10, 3));
        var opener = new FailingOpener(p => p.EndsWith("b.bin", StringComparison.Ordinal));
        var counters = new DirectoryCounters();

        var result = await EngineTestTree.Copier(opener: opener).CopyAsync(_t.Work(""), counters, new PauseGate(), CancellationToken.None);

        Assert.Equal(result.FilesCopied, counters.FilesCopied);
        Assert.Equal(1, counters.FilesFailed);
        Assert.Equal(3 * FileCopier.ChunkSize + 10, counters.BytesDone);
        Assert.Equal(result.BytesCopied, counters.BytesDone);
        Assert.Null(counters.CurrentFile);
    }
}
