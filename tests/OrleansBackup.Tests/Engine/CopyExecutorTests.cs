using Microsoft.Extensions.Time.Testing;
using OrleansBackup.Engine;

namespace OrleansBackup.Tests.Engine;

public sealed class CopyExecutorTests : IDisposable
{
    private readonly EngineTestTree _t = new();

    public void Dispose() => _t.Dispose();

    [Fact]
    public async Task Concurrent_directories_never_exceed_max_workers()
    {
        for (int d = 0; d < 4; d++)
            for (int f = 0; f < 12; f++)
                _t.WriteFile($"d{d}/f{f}.bin", EngineTestTree.RandomBytes(2000, d * 100 + f));
        // The probe blocks threads like slow disk I/O would; on a 2-core machine the thread pool would
        // otherwise add threads too slowly for three copies to overlap.
        // Restored afterwards: the rest of the suite runs with the pool as the runtime sizes it.
        ThreadPool.GetMinThreads(out int workers, out int io);
        ThreadPool.SetMinThreads(Math.Max(workers, 16), io);
        var executor = new CopyExecutor(3, TimeProvider.System);
        var probe = new ConcurrencyProbeOpener();
        var copier = EngineTestTree.Copier(executor, probe);

        OrleansBackup.Contracts.DirectoryResult[] results;
        try
        {
            results = await Task.WhenAll(Enumerable.Range(0, 4).Select(d =>
                copier.CopyAsync(_t.Work($"d{d}"), new DirectoryCounters(), new PauseGate(), CancellationToken.None)));
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, io);
        }

        Assert.Equal(48, results.Sum(r => r.FilesCopied));
        Assert.Equal(48, probe.Opens);
        Assert.Equal(3, probe.Max);
        Assert.Equal(0, executor.Snapshot().ActiveCopies);
        Assert.Equal(48 * 2000, executor.Snapshot().TotalBytesCopied);
    }

    [Fact]
    public async Task Lowering_max_workers_to_one_serialises_the_next_copies()
    {
        for (int f = 0; f < 8; f++) _t.WriteFile($"f{f}", [(byte)f]);
        var executor = new CopyExecutor(6, TimeProvider.System) { MaxWorkers = 1 };
        var probe = new ConcurrencyProbeOpener();

        await EngineTestTree.Copier(executor, probe).CopyAsync(_t.Work(""), new DirectoryCounters(), new PauseGate(), CancellationToken.None);

        Assert.Equal(1, probe.Max);
        Assert.Equal(1, executor.Snapshot().MaxWorkers);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Max_workers_below_one_is_rejected(int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CopyExecutor(value, TimeProvider.System));
        var executor = new CopyExecutor(2, TimeProvider.System);
        Assert.Throws<ArgumentOutOfRangeException>(() => executor.MaxWorkers = value);
        Assert.Equal(2, executor.MaxWorkers);
    }

    [Fact]
    public async Task Growing_max_workers_releases_waiting_copies_at_once()
    {
        var executor = new CopyExecutor(1, TimeProvider.System);
        using var first = await executor.AcquireAsync("src/a", CancellationToken.None);
        var second = executor.AcquireAsync("src/b", CancellationToken.None).AsTask();
        Assert.False(second.IsCompleted);

        executor.MaxWorkers = 2;
        using var slot = await second.WaitAsync(TimeSpan.FromSeconds(5));

        var snapshot = executor.Snapshot();
        Assert.Equal(2, snapshot.ActiveCopies);
        Assert.Equal(["src/a", "src/b"], snapshot.CurrentFiles);
        Assert.Equal("src/a", snapshot.CurrentFile);
    }

    [Fact]
    public async Task A_cancelled_waiter_does_not_take_a_worker()
    {
        var executor = new CopyExecutor(1, TimeProvider.System);
        var first = await executor.AcquireAsync("src/a", CancellationToken.None);
        using var cts = new CancellationTokenSource();
        var waiting = executor.AcquireAsync("src/b", cts.Token).AsTask();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        first.Dispose();

        using var third = await executor.AcquireAsync("src/c", CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, executor.Snapshot().ActiveCopies);
    }

    [Fact]
    public async Task Throughput_is_measured_over_a_sliding_window_of_the_injected_clock()
    {
        var time = new FakeTimeProvider();
        var executor = new CopyExecutor(2, time);
        using (var slot = await executor.AcquireAsync("src/x", CancellationToken.None))
        {
            for (int i = 0; i < 20; i++)
            {
                slot.AddBytes(1 << 20); // 1 MiB every 250 ms = 4 MiB/s
                time.Advance(TimeSpan.FromMilliseconds(250));
            }
            Assert.Equal(4.0 * (1 << 20), executor.Snapshot().BytesPerSecond, 1);
        }
        time.Advance(TimeSpan.FromSeconds(4));
        var idle = executor.Snapshot();
        Assert.Equal(0, idle.BytesPerSecond);
        Assert.Equal(20L << 20, idle.TotalBytesCopied);
        Assert.Null(idle.CurrentFile);
        Assert.Empty(idle.CurrentFiles);
    }
}
