using System.Text;
using OrleansBackup.Contracts;
using OrleansBackup.Engine;

namespace OrleansBackup.Tests.Engine;

public sealed class DirectoryCopierTreeTests : IDisposable
{
    private readonly EngineTestTree _t = new();

    public void Dispose() => _t.Dispose();

    [Fact]
    public async Task Tree_is_copied_byte_identical_with_modes_and_nanosecond_mtimes()
    {
        _t.WriteFile("a.txt", Encoding.UTF8.GetBytes("hello"), 0x1A4, 1_600_000_000, 111_222_333);
        _t.WriteFile("big.bin", EngineTestTree.RandomBytes(5 * 1024 * 1024 + 17, 1), 0x1ED /* 0755 */, 1_500_000_000, 999_999_999);
        _t.WriteFile("exact-chunk.bin", EngineTestTree.RandomBytes(FileCopier.ChunkSize, 2), 0x180 /* 0600 */);
        _t.WriteFile("d1/b.txt", Encoding.UTF8.GetBytes("nested"), 0x124 /* 0444 */, 1_700_000_000, 5);
        _t.WriteFile("d1/d2/d3/deep.bin", EngineTestTree.RandomBytes(70_000, 3), 0x1C0 /* 0700 */);
        _t.WriteFile("empty", [], 0x1A4, 1_234_567_890, 0);
        Directory.CreateDirectory(_t.Src("emptydir"));
        Assert.Equal(0, Native.Chmod(_t.Src("d1"), 0x1E8 /* 0750 */));
        EngineTestTree.SetMtime(_t.Src("d1/d2"), 1_400_000_000, 42);
        EngineTestTree.SetMtime(_t.Src("d1"), 1_400_000_001, 43);
        EngineTestTree.SetMtime(_t.Source, 1_400_000_002, 44);

        var results = await _t.CopyTreeAsync();

        Assert.All(results, r => Assert.Null(r.FatalCode));
        Assert.Empty(results.Errors());
        Assert.Equal(6, results.Copied());
        Assert.Equal(5 * 1024 * 1024 + 17 + FileCopier.ChunkSize + 5 + 6 + 70_000, results.Sum(r => r.BytesCopied));
        Assert.Equal(["d1", "emptydir"], results[0].Subdirectories.ToArray());
        foreach (var file in Directory.GetFiles(_t.Source, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(_t.Source, file);
            Assert.Equal(EngineTestTree.Sha256(file), EngineTestTree.Sha256(_t.Dst(rel)));
            AssertSameMeta(file, _t.Dst(rel));
        }
        foreach (var dir in Directory.GetDirectories(_t.Source, "*", SearchOption.AllDirectories).Append(_t.Source))
            AssertSameMeta(dir, _t.Dst(Path.GetRelativePath(_t.Source, dir)));
        Assert.Empty(_t.Temporaries());
    }

    private static void AssertSameMeta(string source, string target)
    {
        var s = EngineTestTree.Stat(source);
        var d = EngineTestTree.Stat(target);
        Assert.Equal(s.Kind, d.Kind);
        Assert.Equal(Convert.ToString(s.Permissions, 8), Convert.ToString(d.Permissions, 8));
        Assert.Equal(s.MtimeNs, d.MtimeNs);
        Assert.Equal(s.Size, s.Kind == FileKind.Directory ? s.Size : d.Size);
    }

    [Fact]
    public async Task Symlinks_are_recreated_with_the_same_target_and_never_followed()
    {
        var outside = Path.Join(_t.Root, "outside-secret.txt");
        File.WriteAllText(outside, "secret");
        _t.WriteFile("real.txt", Encoding.UTF8.GetBytes("real"));
        Directory.CreateDirectory(_t.Src("sub"));
        File.CreateSymbolicLink(_t.Src("rel-link"), "real.txt");
        File.CreateSymbolicLink(_t.Src("out-link"), outside);
        File.CreateSymbolicLink(_t.Src("dangling"), "does/not/exist");
        File.CreateSymbolicLink(_t.Src("dir-link"), "sub");
        EngineTestTree.SetMtime(_t.Src("rel-link"), 1_300_000_000, 7);
        // An older, different link already at one of the names is replaced.
        Directory.CreateDirectory(_t.Target);
        File.CreateSymbolicLink(_t.Dst("dangling"), "old-target");

        var results = await _t.CopyTreeAsync();

        Assert.Empty(results.Errors());
        Assert.Equal(["sub"], results[0].Subdirectories.ToArray()); // dir-link is a link, not descended
        foreach (var (name, target) in new[] { ("rel-link", "real.txt"), ("out-link", outside), ("dangling", "does/not/exist"), ("dir-link", "sub") })
        {
            Assert.Equal(FileKind.Symlink, EngineTestTree.Stat(_t.Dst(name)).Kind);
            Assert.Equal(target, new FileInfo(_t.Dst(name)).LinkTarget);
        }
        Assert.Equal(EngineTestTree.Stat(_t.Src("rel-link")).MtimeNs, EngineTestTree.Stat(_t.Dst("rel-link")).MtimeNs);
        Assert.False(File.Exists(Path.Join(_t.Target, "outside-secret.txt")));
        var manifest = ManifestShard.TryRead(ManifestShard.PathFor(_t.Repository, "run1", "src", ""))!;
        Assert.Equal(outside, manifest["out-link"].Target);
        Assert.True(manifest["out-link"].IsSymlink);
    }

    [Fact]
    public async Task Fifo_is_skipped_with_a_warning_and_does_not_hang()
    {
        _t.WriteFile("before.txt", [1, 2, 3]);
        Assert.Equal(0, Native.Mkfifo(_t.Src("pipe"), 0x1A4));
        _t.WriteFile("z-after.txt", [4, 5, 6]);

        var run = _t.CopyTreeAsync();
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.Same(run, finished);
        var results = await run;

        var error = Assert.Single(results.Errors());
        Assert.Equal(ErrorCodes.SpecialFileSkipped, error.Code);
        Assert.Equal("src/pipe", error.Path);
        Assert.Equal(1, results[0].ErrorCount);
        Assert.Equal(0, results.Failed()); // a warning, not a failed file
        Assert.Equal(2, results.Copied());
        Assert.False(File.Exists(_t.Dst("pipe")));
    }

    [Fact]
    public async Task Names_with_spaces_and_non_ascii_letters_and_empty_files_are_copied()
    {
        string[] names = ["with space.txt", "Grüße – ünïcødé.txt", "日本語.bin", "emoji 🎉.txt", "d ir/ñ.txt", "empty file"];
        for (int i = 0; i < names.Length; i++)
            _t.WriteFile(names[i], i == names.Length - 1 ? [] : EngineTestTree.RandomBytes(100 + i, i));

        var results = await _t.CopyTreeAsync();

        Assert.Empty(results.Errors());
        foreach (var name in names)
            Assert.Equal(EngineTestTree.Sha256(_t.Src(name)), EngineTestTree.Sha256(_t.Dst(name)));
        Assert.Equal(0, new FileInfo(_t.Dst("empty file")).Length);
        var manifest = ManifestShard.TryRead(ManifestShard.PathFor(_t.Repository, "run1", "src", ""))!;
        Assert.Contains("Grüße – ünïcødé.txt", manifest.Keys);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", manifest["empty file"].Sha256);
    }

    [Fact]
    public async Task Manifest_shard_has_a_header_and_one_line_per_entry_with_matching_hashes()
    {
        _t.WriteFile("one.bin", EngineTestTree.RandomBytes(3000, 9), 0x1ED, 1_650_000_000, 987_654_321);
        _t.WriteFile("two.bin", EngineTestTree.RandomBytes(2 * FileCopier.ChunkSize + 5, 10));
        File.CreateSymbolicLink(_t.Src("link"), "one.bin");
        Directory.CreateDirectory(_t.Src("sub"));

        await _t.CopyTreeAsync();

        var path = ManifestShard.PathFor(_t.Repository, "run1", "src", "");
        var lines = File.ReadAllLines(path);
        Assert.Equal(4, lines.Length);
        Assert.Equal("""{"source":"src","dir":"","runId":"run1"}""", lines[0]);
        Assert.StartsWith("""{"name":"link","type":"symlink",""", lines[1]);
        var entries = ManifestShard.TryRead(path)!;
        Assert.Equal(EngineTestTree.Sha256(_t.Src("one.bin")), entries["one.bin"].Sha256);
        Assert.Equal(EngineTestTree.Sha256(_t.Dst("two.bin")), entries["two.bin"].Sha256);
        Assert.Equal(1_650_000_000_987_654_321L, entries["one.bin"].MtimeNs);
        Assert.Equal(0x1ED, entries["one.bin"].Mode);
        Assert.Equal(3000, entries["one.bin"].Size);
        Assert.True(File.Exists(ManifestShard.PathFor(_t.Repository, "run1", "src", "sub")));
    }

    [Fact]
    public void Shard_path_is_sharded_by_the_hash_of_source_and_directory()
    {
        var path = ManifestShard.PathFor("/repo", "r1", "src", "a/b");
        var hex = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("src\0a/b")));
        Assert.Equal($"/repo/manifests/r1/{hex[..2]}/{hex[2..32]}.jsonl", path);
    }

    [Fact]
    public async Task Stale_temporaries_are_deleted_but_look_alikes_are_kept()
    {
        _t.WriteFile("a.txt", [1]);
        Directory.CreateDirectory(_t.Target);
        File.WriteAllText(_t.Dst(".a.txt.obk-tmp-0badf00d"), "crash leftover");
        File.WriteAllText(_t.Dst(".x.obk-tmp-deadbeef"), "crash leftover");
        File.WriteAllText(_t.Dst("user.obk-tmp-notmine"), "user file");
        File.WriteAllText(_t.Dst(".b.obk-tmp-XYZ12345"), "user file");

        await _t.CopyTreeAsync();

        Assert.False(File.Exists(_t.Dst(".a.txt.obk-tmp-0badf00d")));
        Assert.False(File.Exists(_t.Dst(".x.obk-tmp-deadbeef")));
        Assert.True(File.Exists(_t.Dst("user.obk-tmp-notmine")));
        Assert.True(File.Exists(_t.Dst(".b.obk-tmp-XYZ12345")));
    }

    [Fact]
    public async Task Excluded_files_and_directories_are_ignored_entirely()
    {
        _t.WriteFile("keep.txt", [1]);
        _t.WriteFile("skip.tmp", [2]);
        _t.WriteFile("sub/deeper/x.tmp", [3]);
        _t.WriteFile("sub/deeper/keep.txt", [3]);
        _t.WriteFile("node_modules/pkg/index.js", [4]);
        _t.WriteFile("build/out.o", [5]);
        _t.WriteFile("sub/build/kept-because-anchored.o", [6]);

        var results = await _t.CopyTreeAsync(excludes: ["*.tmp", "node_modules", "/build"]);

        Assert.Equal(["sub"], results[0].Subdirectories.ToArray());
        Assert.True(File.Exists(_t.Dst("keep.txt")));
        Assert.True(File.Exists(_t.Dst("sub/deeper/keep.txt")));
        Assert.True(File.Exists(_t.Dst("sub/build/kept-because-anchored.o")));
        Assert.False(File.Exists(_t.Dst("skip.tmp")));
        Assert.False(File.Exists(_t.Dst("sub/deeper/x.tmp")));
        Assert.False(Directory.Exists(_t.Dst("node_modules")));
        Assert.False(Directory.Exists(_t.Dst("build")));
        Assert.Equal(3, results.Copied());
    }

    [Fact]
    public async Task Unwritable_destination_is_fatal_and_names_the_path()
    {
        _t.WriteFile("a.txt", [1]);
        var blocker = Path.Join(_t.Root, "dst", "blocker");
        Directory.CreateDirectory(Path.GetDirectoryName(blocker)!);
        File.WriteAllText(blocker, "a file where a directory is needed");
        var copier = EngineTestTree.Copier();
        var work = _t.Work("") with { TargetRoot = Path.Join(blocker, "target") };

        var result = await copier.CopyAsync(work, new DirectoryCounters(), new PauseGate(), CancellationToken.None);

        Assert.Equal(ErrorCodes.DestinationNotWritable, result.FatalCode);
        Assert.Contains(Path.Join(blocker, "target"), result.FatalMessage);
        Assert.Equal(0, result.FilesCopied);
    }

    [Fact]
    public async Task Missing_source_root_is_fatal_but_a_missing_subdirectory_is_a_per_directory_error()
    {
        var copier = EngineTestTree.Copier();
        var root = await copier.CopyAsync(_t.Work("") with { SourceRoot = Path.Join(_t.Root, "nope") },
            new DirectoryCounters(), new PauseGate(), CancellationToken.None);
        Assert.Equal(ErrorCodes.SourceNotFound, root.FatalCode);

        var sub = await copier.CopyAsync(_t.Work("gone/away"), new DirectoryCounters(), new PauseGate(), CancellationToken.None);
        Assert.Null(sub.FatalCode);
        var error = Assert.Single(sub.Errors);
        Assert.Equal(ErrorCodes.FileVanished, error.Code);
        Assert.Equal("src/gone/away", error.Path);
    }

    [Fact]
    public async Task Verify_after_copy_and_relaxed_durability_still_copy_exactly()
    {
        _t.WriteFile("v.bin", EngineTestTree.RandomBytes(3 * FileCopier.ChunkSize + 1, 4));
        _t.WriteFile("w.bin", EngineTestTree.RandomBytes(10, 5));
        var copier = EngineTestTree.Copier();

        var results = await _t.CopyTreeAsync(copier, rel => _t.Work(rel, verify: true, durability: Durability.Relaxed));

        Assert.Empty(results.Errors());
        Assert.Equal(2, results.Copied());
        Assert.Equal(EngineTestTree.Sha256(_t.Src("v.bin")), EngineTestTree.Sha256(_t.Dst("v.bin")));
    }
}
