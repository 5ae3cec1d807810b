using System.Text;
using Microsoft.Win32.SafeHandles;
using OrleansBackup.Contracts;
using OrleansBackup.Engine;

namespace OrleansBackup.Tests.Engine;

public sealed class FaultInjectionTests : IDisposable
{
    private readonly EngineTestTree _t = new();

    public void Dispose() => _t.Dispose();

    [Fact]
    public async Task Read_error_is_reported_with_its_path_and_the_other_files_are_copied()
    {
        _t.WriteFile("ok1.txt", [1]);
        _t.WriteFile("sub/secret.txt", [2]);
        _t.WriteFile("sub/ok2.txt", [3]);
        var opener = new FailingOpener(p => p.EndsWith("secret.txt", StringComparison.Ordinal));

        var results = await _t.CopyTreeAsync(opener: opener);

        var error = Assert.Single(results.Errors());
        Assert.Equal(new FileError("src/sub/secret.txt", "permission denied", ErrorCodes.PermissionDenied), error);
        Assert.Equal(1, results.Failed());
        Assert.Equal(2, results.Copied());
        Assert.False(File.Exists(_t.Dst("sub/secret.txt")));
        Assert.Empty(_t.Temporaries());
        // The failed file is not in the manifest, so the next run tries it again.
        Assert.DoesNotContain("secret.txt", ManifestShard.TryRead(ManifestShard.PathFor(_t.Repository, "run1", "src", "sub"))!.Keys);
    }

    [Fact]
    public async Task A_file_that_keeps_changing_while_read_is_retried_then_reported()
    {
        _t.WriteFile("growing.log", Encoding.UTF8.GetBytes("line\n"));
        _t.WriteFile("stable.txt", [7]);
        int opens = 0;
        var opener = new HookOpener(p =>
        {
            if (!p.EndsWith("growing.log", StringComparison.Ordinal)) return;
            Interlocked.Increment(ref opens);
            File.AppendAllText(p, "another line\n"); // a writer appends while we copy
        });

        var results = await _t.CopyTreeAsync(opener: opener);

        var error = Assert.Single(results.Errors());
        Assert.Equal(ErrorCodes.FileChanged, error.Code);
        Assert.Equal("src/growing.log", error.Path);
        Assert.Equal(3, opens); // first try + 2 retries
        Assert.Equal(1, results.Failed());
        Assert.False(File.Exists(_t.Dst("growing.log")));
        Assert.Empty(_t.Temporaries());
    }

    [Fact]
    public async Task A_file_that_changed_once_is_copied_on_the_retry_with_its_final_contents()
    {
        _t.WriteFile("once.txt", Encoding.UTF8.GetBytes("v1"));
        int opens = 0;
        var opener = new HookOpener(p =>
        {
            if (Interlocked.Increment(ref opens) == 1) File.AppendAllText(p, "+v2");
        });

        var results = await _t.CopyTreeAsync(opener: opener);

        Assert.Empty(results.Errors());
        Assert.Equal(2, opens);
        Assert.Equal("v1+v2", File.ReadAllText(_t.Dst("once.txt")));
        Assert.Equal(EngineTestTree.Stat(_t.Src("once.txt")).MtimeNs, EngineTestTree.Stat(_t.Dst("once.txt")).MtimeNs);
    }

    [Fact]
    public async Task Cancellation_mid_copy_leaves_no_temporary_and_no_partial_file()
    {
        // The source looks like a 64 MiB file, but its bytes come from a pipe the test feeds, so
        // the copy is caught mid-way deterministically.
        var big = _t.Src("big.bin");
        using (var f = File.Create(big)) f.SetLength(64L << 20);
        var pipe = Path.Join(_t.Root, "feed");
        Assert.Equal(0, Native.Mkfifo(pipe, 0x180));
        // The read end is opened first (O_RDWR never blocks on a FIFO), so opening the write end
        // does not wait for a reader.
        var readEnd = Native.Open(pipe, Native.ORdWr, 0, out _)!;
        var opener = new HookOpener(_ => { }, p => p == big ? readEnd : DefaultSourceFileOpener.Instance.OpenRead(p));
        using var feed = new FileStream(pipe, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, false);
        var chunk = EngineTestTree.RandomBytes(FileCopier.ChunkSize, 1);
        var feeding = Task.Run(() => { for (int i = 0; i < 3; i++) feed.Write(chunk); });
        var counters = new DirectoryCounters();
        using var cts = new CancellationTokenSource();
        var copier = EngineTestTree.Copier(opener: opener);

        var run = copier.CopyAsync(_t.Work(""), counters, new PauseGate(), cts.Token);
        var twoChunks = EngineTestTree.WaitUntil(() => counters.BytesDone >= 2L << 20, "two chunks were written");
        if (await Task.WhenAny(run, twoChunks) == run) Assert.Fail("copy ended early: " + (await run));
        await twoChunks; // a timeout of the precondition fails the test here, not silently
        Assert.Single(_t.Temporaries());
        Assert.Equal("src/big.bin", counters.CurrentFile);
        cts.Cancel();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(result.Cancelled);
        Assert.Empty(_t.Temporaries());
        Assert.False(File.Exists(_t.Dst("big.bin")));
        Assert.Equal(0, result.FilesCopied);
        Assert.Equal(0, counters.BytesDone);
        await feeding;
        try
        {
            feed.Write(chunk); // unblock a read still waiting on the pipe, so its thread ends
        }
        catch (IOException)
        {
            // Broken pipe: no read was waiting, the read end is already closed.
        }
    }

    [Fact]
    public async Task Pause_lets_the_file_in_flight_finish_and_starts_no_new_file_until_resumed()
    {
        for (int i = 0; i < 3; i++) _t.WriteFile($"f{i}.txt", [(byte)i]);
        using var firstMayGo = new ManualResetEventSlim(false);
        int opens = 0;
        var opener = new HookOpener(_ =>
        {
            if (Interlocked.Increment(ref opens) == 1) firstMayGo.Wait(TimeSpan.FromSeconds(30));
        });
        var gate = new PauseGate();
        var counters = new DirectoryCounters();
        var copier = EngineTestTree.Copier(opener: opener);

        var run = copier.CopyAsync(_t.Work("", sequential: true), counters, gate, CancellationToken.None);
        await EngineTestTree.WaitUntil(() => Volatile.Read(ref opens) == 1, "the first file started");
        gate.Pause();
        firstMayGo.Set();
        await EngineTestTree.WaitUntil(() => counters.FilesCopied == 1, "the file in flight finished");
        // Bounded negative check: while paused, nothing else may start.
        var until = DateTime.UtcNow.AddMilliseconds(300);
        while (DateTime.UtcNow < until)
        {
            Assert.Equal(1, Volatile.Read(ref opens));
            Assert.False(run.IsCompleted);
            await Task.Delay(10);
        }
        gate.Resume();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(3, result.FilesCopied);
        Assert.Equal(3, opens);
    }

    [Fact]
    public async Task Cancelling_while_paused_returns_promptly_as_cancelled()
    {
        _t.WriteFile("a.txt", [1]);
        var gate = new PauseGate();
        gate.Pause();
        using var cts = new CancellationTokenSource();
        var run = EngineTestTree.Copier().CopyAsync(_t.Work(""), new DirectoryCounters(), gate, cts.Token);
        cts.Cancel();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(result.Cancelled);
        Assert.False(File.Exists(_t.Dst("a.txt")));
    }
}
