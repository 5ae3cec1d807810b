using System.Text.Json;
using OrleansBackup.Contracts;
using OrleansBackup.Tests.Support;

namespace OrleansBackup.Tests.Cluster;

/// <summary>Whole runs on a two-silo cluster: a tree like the acceptance tree is mirrored
/// byte-for-byte, the unreadable file is reported, reruns copy only what changed.</summary>
[Collection(ClusterCollection.Name)]
public sealed class BackupRunTests(ClusterFixture fixture) : IDisposable
{
    private readonly TempTree _tree = new("obk-run");

    public void Dispose()
    {
        TestOpener.DelayPerFile = TimeSpan.Zero;
        _tree.Dispose();
    }

    [Fact]
    public async Task Run_mirrors_the_tree_reports_the_unreadable_file_and_reruns_copy_only_changes()
    {
        var files = SourceTrees.BuildAcceptanceTree(_tree, "photos", topDirs: 10, subDirs: 10, filesPerDir: 19, largeFileBytes: 8 << 20);
        var source = _tree.Path_("photos");
        var dest = _tree.Path_("backup");
        var harness = new JobHarness(fixture.Grains, "acceptance");
        await harness.DefineAsync(source, dest);

        var first = await harness.RunToEndAsync();

        Assert.Equal(RunState.CompletedWithWarnings, first.State);
        var error = Assert.Single(first.Errors, e => e.Code != ErrorCodes.SpecialFileSkipped);
        Assert.Equal($"photos/{SourceTrees.UnreadableName}", error.Path);
        Assert.Equal(ErrorCodes.PermissionDenied, error.Code);
        // Entries: the regular files plus the symlink, which is recreated and counted like rsync does.
        var entries = files + 1;
        Assert.Equal(1, first.FilesFailed);
        Assert.Equal(entries - 1, first.FilesCopied);
        Assert.Equal(0, first.FilesSkipped);
        Assert.Equal(entries, first.FilesDone);
        Assert.Equal(entries, first.FilesTotal);
        Assert.Equal(2, first.DirectoriesBySilo.Count);
        var target = JobHarness.Target(dest, "acceptance", "photos");
        var compared = TreeAssert.MirrorEquals(source, target, SourceTrees.UnreadableName);
        Assert.Equal(files - 1, compared);
        Assert.True(Directory.Exists(Path.Combine(target, "empty", "nested-empty")));
        Assert.Empty(TreeAssert.TempFiles(dest));

        // The destination describes itself.
        Assert.True(File.Exists(Path.Combine(dest, ".orleans-backup", "repo.json")));
        using (var record = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dest, ".orleans-backup", "snapshots", first.RunId + ".json"))))
        {
            Assert.Equal("CompletedWithWarnings", record.RootElement.GetProperty("state").GetString());
            Assert.True(record.RootElement.GetProperty("manifest").GetProperty("shards").GetArrayLength() >= 100);
        }

        var second = await harness.RunToEndAsync();
        Assert.Equal(0, second.FilesCopied);
        Assert.Equal(entries - 1, second.FilesSkipped);

        // Change 10 files (new content and time) and add 5: exactly those 15 are copied.
        for (var i = 0; i < 10; i++)
        {
            var path = _tree.Path_("photos", $"top {i:00}", "sub-01", "file-003.bin");
            await File.WriteAllBytesAsync(path, [.. File.ReadAllBytes(path), (byte)i]);
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
        }
        for (var i = 0; i < 5; i++)
            _tree.WriteFile($"photos/top 0{i}/added-{i}.bin", 5000 + i, seed: 900 + i);

        var third = await harness.RunToEndAsync();
        Assert.Equal(15, third.FilesCopied);
        Assert.Equal(entries - 1 + 5 - 15, third.FilesSkipped);
        TreeAssert.MirrorEquals(source, target, SourceTrees.UnreadableName);

        var runs = await harness.Job.GetRunsAsync();
        Assert.Equal(new[] { third.RunId, second.RunId, first.RunId }, runs.Select(r => (string?)r.RunId).ToArray());
    }

    [Fact]
    public async Task Start_without_a_definition_is_refused_with_no_selection()
    {
        var job = fixture.Grains.GetGrain<IBackupJobGrain>("never-defined");
        var ex = await Assert.ThrowsAsync<BackupException>(() => job.StartAsync());
        Assert.Equal(ErrorCodes.NoSelection, ex.Code);
        var status = await job.GetStatusAsync();
        Assert.Equal(RunState.Idle, status.State);
        Assert.Null(status.RunId);
    }

    [Fact]
    public async Task Pause_when_idle_is_an_invalid_transition()
    {
        _tree.WriteText("src/a.txt", "a");
        var harness = new JobHarness(fixture.Grains, "idle-pause");
        await harness.DefineAsync(_tree.Path_("src"), _tree.Path_("dst"));
        var ex = await Assert.ThrowsAsync<BackupException>(() => harness.Job.PauseAsync());
        Assert.Equal(ErrorCodes.InvalidTransition, ex.Code);
    }

    [Theory]
    [InlineData("/etc", ErrorCodes.PathOutsideAllowedRoots)]
    [InlineData("missing", ErrorCodes.SourceNotFound)]
    public async Task Define_rejects_bad_sources_and_writes_nothing(string sourceKind, string code)
    {
        var source = sourceKind == "missing" ? _tree.Path_("nope") : sourceKind;
        var dest = _tree.Path_("dest-never-created");
        var job = fixture.Grains.GetGrain<IBackupJobGrain>("bad-source");
        var ex = await Assert.ThrowsAsync<BackupException>(() => job.DefineAsync(new JobDefinition("bad-source", [source], dest)));
        Assert.Equal(code, ex.Code);
        Assert.False(Directory.Exists(dest));
    }

    [Fact]
    public async Task Define_rejects_a_destination_inside_the_source()
    {
        _tree.WriteText("src/a.txt", "a");
        var job = fixture.Grains.GetGrain<IBackupJobGrain>("dest-in-source");
        var ex = await Assert.ThrowsAsync<BackupException>(() =>
            job.DefineAsync(new JobDefinition("dest-in-source", [_tree.Path_("src")], _tree.Path_("src", "backup"))));
        Assert.Equal(ErrorCodes.DestinationInsideSource, ex.Code);
        Assert.False(Directory.Exists(_tree.Path_("src", "backup")));
    }
}
