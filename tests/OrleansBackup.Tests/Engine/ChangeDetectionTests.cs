using System.Text;
using OrleansBackup.Engine;

namespace OrleansBackup.Tests.Engine;

public sealed class ChangeDetectionTests : IDisposable
{
    private readonly EngineTestTree _t = new();

    public void Dispose() => _t.Dispose();

    private void MakeTree()
    {
        for (int i = 0; i < 10; i++) _t.WriteFile($"f{i}.txt", EngineTestTree.RandomBytes(1000 + i, i));
        for (int i = 0; i < 5; i++) _t.WriteFile($"sub/g{i}.bin", EngineTestTree.RandomBytes(5000 + i, 100 + i));
        File.CreateSymbolicLink(_t.Src("link"), "f1.txt");
    }

    [Fact]
    public async Task Rerun_over_an_unchanged_tree_copies_nothing_and_links_the_previous_shards()
    {
        MakeTree();
        var first = await _t.CopyTreeAsync("run1");
        Assert.Equal(16, first.Copied());

        var second = await _t.CopyTreeAsync("run2", previousRunId: "run1");

        Assert.Equal(0, second.Copied());
        Assert.Equal(16, second.Skipped());
        Assert.Equal(10 * 1000 + 45 + 5 * 5000 + 10, second.Sum(r => r.BytesSkipped));
        foreach (var dir in new[] { "", "sub" })
        {
            var before = EngineTestTree.Stat(ManifestShard.PathFor(_t.Repository, "run1", "src", dir));
            var after = EngineTestTree.Stat(ManifestShard.PathFor(_t.Repository, "run2", "src", dir));
            Assert.Equal(before.Inode, after.Inode); // hard link, not a rewrite
        }
    }

    [Fact]
    public async Task Three_changed_and_two_new_files_are_exactly_the_five_copied()
    {
        MakeTree();
        await _t.CopyTreeAsync("run1");
        _t.WriteFile("f2.txt", Encoding.UTF8.GetBytes("changed two"), mtimeSec: 1_700_000_000);
        _t.WriteFile("f7.txt", Encoding.UTF8.GetBytes("changed seven"), mtimeSec: 1_700_000_001);
        _t.WriteFile("sub/g3.bin", Encoding.UTF8.GetBytes("changed g3"), mtimeSec: 1_700_000_002);
        _t.WriteFile("new1.txt", [1, 2]);
        _t.WriteFile("sub/new2.txt", [3, 4]);

        var second = await _t.CopyTreeAsync("run2", previousRunId: "run1");

        Assert.Equal(5, second.Copied());
        Assert.Equal(13, second.Skipped()); // 10 + 5 files + 1 symlink, minus the 3 changed
        foreach (var rel in new[] { "f2.txt", "f7.txt", "sub/g3.bin", "new1.txt", "sub/new2.txt" })
            Assert.Equal(EngineTestTree.Sha256(_t.Src(rel)), EngineTestTree.Sha256(_t.Dst(rel)));
        var shard = ManifestShard.TryRead(ManifestShard.PathFor(_t.Repository, "run2", "src", "sub"))!;
        Assert.Equal(6, shard.Count);
        Assert.Equal(EngineTestTree.Sha256(_t.Src("sub/g3.bin")), shard["g3.bin"].Sha256);
        Assert.Equal(EngineTestTree.Sha256(_t.Src("sub/g0.bin")), shard["g0.bin"].Sha256); // carried over
    }

    [Fact]
    public async Task A_changed_file_an_interrupted_run_already_copied_is_not_copied_again()
    {
        MakeTree();
        await _t.CopyTreeAsync("run1");
        _t.WriteFile("sub/g3.bin", Encoding.UTF8.GetBytes("changed g3"), mtimeSec: 1_700_000_002);
        // run2 copies the new g3 and is then killed: its record never says it completed, so run1
        // stays the baseline of the run that takes over.
        await _t.CopyTreeAsync("run2", previousRunId: "run1");
        var copied = EngineTestTree.Stat(_t.Dst("sub/g3.bin"));

        var third = await _t.CopyTreeAsync("run3", previousRunId: "run1");

        Assert.Equal(0, third.Copied());
        Assert.Equal(copied.Inode, EngineTestTree.Stat(_t.Dst("sub/g3.bin")).Inode);
        var shard = ManifestShard.TryRead(ManifestShard.PathFor(_t.Repository, "run3", "src", "sub"))!;
        Assert.Equal(EngineTestTree.Sha256(_t.Src("sub/g3.bin")), shard["g3.bin"].Sha256);
        Assert.Equal(EngineTestTree.Stat(_t.Src("sub/g3.bin")).MtimeNs, shard["g3.bin"].MtimeNs);
    }

    [Fact]
    public async Task A_file_whose_mode_alone_changed_is_updated()
    {
        _t.WriteFile("m.txt", [9, 9, 9], 0x1A4);
        await _t.CopyTreeAsync("run1");
        var mtime = EngineTestTree.Stat(_t.Src("m.txt")).MtimeNs;
        Assert.Equal(0, Native.Chmod(_t.Src("m.txt"), 0x1C0 /* 0700 */));

        var second = await _t.CopyTreeAsync("run2", previousRunId: "run1");

        Assert.Equal(1, second.Copied());
        var dst = EngineTestTree.Stat(_t.Dst("m.txt"));
        Assert.Equal("700", Convert.ToString(dst.Permissions, 8));
        Assert.Equal(mtime, dst.MtimeNs);
    }

    [Fact]
    public async Task A_deleted_or_truncated_destination_file_is_copied_again()
    {
        MakeTree();
        await _t.CopyTreeAsync("run1");
        File.Delete(_t.Dst("f3.txt"));
        File.WriteAllBytes(_t.Dst("sub/g1.bin"), [0]);

        var second = await _t.CopyTreeAsync("run2", previousRunId: "run1");

        Assert.Equal(2, second.Copied());
        Assert.Equal(EngineTestTree.Sha256(_t.Src("f3.txt")), EngineTestTree.Sha256(_t.Dst("f3.txt")));
        Assert.Equal(EngineTestTree.Sha256(_t.Src("sub/g1.bin")), EngineTestTree.Sha256(_t.Dst("sub/g1.bin")));
    }

    [Fact]
    public async Task Without_a_previous_manifest_an_identical_destination_is_the_baseline_and_gets_hashed()
    {
        MakeTree();
        await _t.CopyTreeAsync("run1");
        _t.WriteFile("f4.txt", Encoding.UTF8.GetBytes("newer"), mtimeSec: 1_750_000_000);

        var second = await _t.CopyTreeAsync("run2", previousRunId: null);

        Assert.Equal(1, second.Copied());
        Assert.Equal(15, second.Skipped());
        var shard = ManifestShard.TryRead(ManifestShard.PathFor(_t.Repository, "run2", "src", ""))!;
        Assert.Equal(11, shard.Count);
        Assert.Equal(EngineTestTree.Sha256(_t.Src("f5.txt")), shard["f5.txt"].Sha256);
        Assert.Equal(EngineTestTree.Sha256(_t.Src("f4.txt")), shard["f4.txt"].Sha256);
    }

    [Fact]
    public async Task A_changed_symlink_target_is_replaced()
    {
        _t.WriteFile("a", [1]);
        File.CreateSymbolicLink(_t.Src("l"), "a");
        await _t.CopyTreeAsync("run1");
        File.Delete(_t.Src("l"));
        File.CreateSymbolicLink(_t.Src("l"), "b/c");

        var second = await _t.CopyTreeAsync("run2", previousRunId: "run1");

        Assert.Equal(1, second.Copied());
        Assert.Equal("b/c", new FileInfo(_t.Dst("l")).LinkTarget);
    }
}
