using OrleansBackup.Contracts;
using OrleansBackup.Tests.Cluster;
using OrleansBackup.Tests.Support;
using Xunit.Abstractions;

namespace OrleansBackup.Tests.Drills;

/// <summary>The escape drill: symlinks planted at every directory the service creates or opens
/// under a destination, and swapped in while runs go on. Nothing may ever be written through them:
/// the targets stay empty, and a search of the whole temporary area finds the source's files only
/// in the source and the destination.</summary>
[Collection(ClusterCollection.Name)]
public sealed class EscapeDrillTests(ClusterFixture fixture, ITestOutputHelper output) : IDisposable
{
    private const string JobId = "escape";
    private readonly TempTree _tree = new("obk-escape");
    private readonly string _token = $"obkesc{Guid.NewGuid():N}"[..18];

    public void Dispose()
    {
        TestOpener.DelayPerFile = TimeSpan.Zero;
        _tree.Dispose();
    }

    private string Source => _tree.Path_("src");
    private string Dest => _tree.Path_("dst");

    /// <summary>Where the symlink goes, relative to the destination, and what the service must do.</summary>
    public enum Outcome { StartRefused, RunFails, Replaced }

    [Theory]
    [InlineData(".orleans-backup", Outcome.StartRefused)]
    [InlineData(".orleans-backup/snapshots", Outcome.StartRefused)]
    [InlineData(".orleans-backup/manifests", Outcome.StartRefused)]
    [InlineData("escape", Outcome.RunFails)]
    [InlineData("escape/current", Outcome.RunFails)]
    [InlineData("escape/current/src", Outcome.RunFails)]
    [InlineData("escape/current/src/d1", Outcome.Replaced)]
    [InlineData("escape/current/src/d1/e1", Outcome.Replaced)]
    public async Task A_symlink_planted_before_the_run_is_never_followed(string position, Outcome outcome)
    {
        BuildSource(dirs: 3, subDirs: 2, files: 4);
        var outside = Directory.CreateDirectory(_tree.Path_("outside")).FullName;
        var link = Path.Join(Dest, position);
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        Directory.CreateSymbolicLink(link, outside);
        var harness = new JobHarness(fixture.Grains, JobId);
        await harness.DefineAsync(Source, Dest);

        if (outcome == Outcome.StartRefused)
        {
            var refused = await Assert.ThrowsAsync<BackupException>(() => harness.Job.StartAsync());
            Assert.Equal(ErrorCodes.DestinationSymlink, refused.Code);
            Assert.Contains($"'{link}' is a symbolic link", refused.Message);
        }
        else
        {
            var done = await harness.RunToEndAsync();
            if (outcome == Outcome.RunFails)
            {
                Assert.Equal(RunState.Failed, done.State);
                Assert.Contains(done.Errors, e => e.Code == ErrorCodes.DestinationSymlink);
                Assert.Contains($"'{link}' is a symbolic link", done.Message);
            }
            else
            {
                Assert.Equal(RunState.Completed, done.State);
                Assert.Null(new DirectoryInfo(link).LinkTarget);
                TreeAssert.MirrorEquals(Source, JobHarness.Target(Dest, JobId, "src"));
            }
        }

        AssertNothingEscaped(outside);
    }

    [Fact]
    public async Task A_symlink_in_place_of_the_previous_runs_manifests_fails_the_next_run()
    {
        BuildSource(dirs: 2, subDirs: 1, files: 3);
        var harness = new JobHarness(fixture.Grains, JobId);
        await harness.DefineAsync(Source, Dest);
        var first = await harness.RunToEndAsync();
        Assert.Equal(RunState.Completed, first.State);
        var outside = Directory.CreateDirectory(_tree.Path_("outside")).FullName;
        var manifests = Path.Join(Dest, ".orleans-backup", "manifests", first.RunId);
        Directory.Move(manifests, manifests + "-moved");
        Directory.CreateSymbolicLink(manifests, outside);
        File.AppendAllText(Directory.GetFiles(Source, "*", SearchOption.AllDirectories)[0], "changed");

        var second = await harness.RunToEndAsync();

        Assert.Equal(RunState.Failed, second.State);
        Assert.Contains(second.Errors, e => e.Code == ErrorCodes.DestinationSymlink);
        AssertNothingEscaped(outside);
    }

    [Fact]
    public async Task Symlinks_swapped_in_during_runs_are_never_followed()
    {
        var seed = DrillSize.Seed("OBK_ESCAPE_SEED");
        output.WriteLine($"escape drill: seed {seed} (replay with OBK_ESCAPE_SEED={seed}), {DrillSize.EscapeRounds} rounds");
        var random = new Random(seed);
        var outsides = new List<string>();
        var harness = new JobHarness(fixture.Grains, JobId);
        BuildSource(dirs: 4, subDirs: 3, files: 6);
        await harness.DefineAsync(Source, Dest);

        for (var round = 0; round < DrillSize.EscapeRounds; round++)
        {
            if (round > 0) TouchSource(random);
            TestOpener.DelayPerFile = TimeSpan.FromMilliseconds(random.Next(5, 25));
            var started = await harness.Job.StartAsync();
            var after = random.Next(1, 40);
            await Poll.UntilAsync(harness.Job.GetStatusAsync, s => s.FilesDone >= after || JobHarness.IsTerminal(s.State),
                JobHarness.RunTimeout, $"{after} files copied");

            // Swap one to three of the directories that exist now for links to empty directories outside.
            var candidates = Directory.GetDirectories(Dest, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                .Where(d => new DirectoryInfo(d).LinkTarget is null && !d.Contains("-moved-", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal).ToList();
            var swapped = new List<string>();
            for (var k = random.Next(1, 4); k > 0 && candidates.Count > 0; k--)
            {
                var victim = candidates[random.Next(candidates.Count)];
                candidates.RemoveAll(c => c == victim || c.StartsWith(victim + "/", StringComparison.Ordinal));
                var outside = Directory.CreateDirectory(_tree.Path_($"outside-{round}-{k}")).FullName;
                outsides.Add(outside);
                Directory.Move(victim, $"{victim}-moved-{round}");
                Directory.CreateSymbolicLink(victim, outside);
                swapped.Add(Path.GetRelativePath(Dest, victim));
            }
            TestOpener.DelayPerFile = TimeSpan.Zero;
            var done = await harness.WaitForTerminalAsync();
            output.WriteLine($"round {round}: swapped {string.Join(", ", swapped)} after {after} files; run {started.RunId} {done.State}: {done.Message}");

            if (done.State == RunState.Failed)
                Assert.Contains(done.Errors, e => e.Code == ErrorCodes.DestinationSymlink);
            foreach (var outside in outsides) AssertNothingEscaped(outside);
            RemoveLinks();
        }
    }

    private void AssertNothingEscaped(string outside)
    {
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        Assert.Empty(TempAreaSearch.Outside(_token, Source, Dest));
    }

    /// <summary>Puts the destination back in order between rounds: links out, moved directories back.</summary>
    private void RemoveLinks()
    {
        foreach (var entry in Directory.GetFileSystemEntries(Dest, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                     .OrderByDescending(e => e.Length))
        {
            if (new FileInfo(entry).LinkTarget is not null && Directory.Exists(entry)) File.Delete(entry);
        }
        foreach (var moved in Directory.GetDirectories(Dest, "*-moved-*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                     .OrderByDescending(e => e.Length))
        {
            if (Directory.Exists(moved)) Directory.Delete(moved, recursive: true);
        }
    }

    private void BuildSource(int dirs, int subDirs, int files)
    {
        for (var d = 0; d < dirs; d++)
        {
            for (var f = 0; f < files; f++) _tree.WriteFile($"src/d{d}/f{f}-{_token}.bin", 2048 + f, seed: d * 31 + f);
            for (var e = 0; e < subDirs; e++)
                for (var f = 0; f < files; f++) _tree.WriteFile($"src/d{d}/e{e}/f{f}-{_token}.bin", 1024 + f, seed: d * 97 + e * 13 + f);
        }
    }

    private void TouchSource(Random random)
    {
        var all = Directory.GetFiles(Source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        for (var i = 0; i < all.Length / 3; i++) File.AppendAllText(all[random.Next(all.Length)], "x");
    }
}
