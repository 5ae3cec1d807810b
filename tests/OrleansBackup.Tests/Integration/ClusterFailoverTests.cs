using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansBackup.Tests.Postgres;
using OrleansBackup.Tests.Support;
using Xunit.Abstractions;

namespace OrleansBackup.Tests.Integration;

/// <summary>The durable cluster: real PostgreSQL, real silo processes and the Api. Runs are slowed
/// by a per-silo bandwidth limit so there is a "mid-run" to kill silos in.</summary>
public sealed class ClusterFailoverTests(ITestOutputHelper output) : IDisposable
{
    private const int Dirs = 250;
    private const int FilesPerDir = 20;
    private readonly TempTree _tree = new("obk-it");

    public void Dispose() => _tree.Dispose();

    private string BuildSource()
    {
        for (var d = 0; d < Dirs; d++)
            for (var f = 0; f < FilesPerDir; f++)
                _tree.WriteFile($"src/d{d / 25:00}/d{d:000}/f{f:00}.bin", 6000 + (d * 31 + f * 7) % 4000, seed: d * 100 + f);
        return _tree.Path_("src");
    }

    private static async Task<JsonNode> StatusAsync(ClusterProcesses cluster, string job) =>
        JsonNode.Parse(await cluster.Http.GetStringAsync($"/api/jobs/{job}"))!;

    private static async Task DefineAndStartAsync(ClusterProcesses cluster, string job, string source, string dest, string? schedule = null)
    {
        using var define = await cluster.Http.PostAsJsonAsync("/api/jobs", new { jobId = job, sources = new[] { source }, destination = dest, schedule });
        Assert.True(define.IsSuccessStatusCode, await define.Content.ReadAsStringAsync());
        if (schedule is not null) return;
        using var start = await cluster.Http.PostAsJsonAsync($"/api/jobs/{job}/control", new { action = "start" });
        Assert.True(start.IsSuccessStatusCode, await start.Content.ReadAsStringAsync());
    }

    private static bool IsTerminal(JsonNode s) => (string?)s["state"] is "Completed" or "CompletedWithWarnings" or "Failed" or "Stopped";

    [Fact]
    public async Task Killing_one_of_three_silos_mid_run_moves_its_work_and_the_run_completes()
    {
        var source = BuildSource();
        var dest = _tree.Path_("dest");
        await using var cluster = new ClusterProcesses(_tree.Root);
        await TestDatabase.InstallSchemaAsync();
        // 512 KiB/s a silo: a directory (20 files, 160 KB) takes long enough that the status the kill
        // is chosen from is not older than the victim's remaining work.
        var limit = new Dictionary<string, string> { ["BACKUP_MAX_BYTES_PER_SECOND"] = (1 << 19).ToString() };
        for (var i = 0; i < 3; i++) cluster.StartSilo(limit);
        cluster.StartApi();
        await cluster.WaitUntilReadyAsync();
        await Poll.UntilAsync(async () => JsonNode.Parse(await cluster.Http.GetStringAsync("/api/cluster"))!.AsArray()
            .Count(s => (string?)s!["status"] == "Active"), n => n == 3, TimeSpan.FromSeconds(60), "3 active silos");

        await DefineAndStartAsync(cluster, "failover", source, dest);
        // Work lands on every silo, and a silo that does not coordinate the job holds unfinished work
        // now: at least 40 files not yet copied in its directories in flight (0.6 s of its bandwidth),
        // so they cannot all finish there between the status read and the kill, and some must move.
        // (Losing the coordinator is the full-restart test's case: it resumes from its checkpoint.)
        static Dictionary<string, long> Unfinished(JsonNode s) => s["activeDirectories"]!.AsArray()
            .Where(a => (string?)a!["silo"] is { } silo && silo != (string?)s["coordinator"])
            .GroupBy(a => (string)a!["silo"]!)
            .ToDictionary(g => g.Key, g => g.Sum(a => FilesPerDir - (long)a!["filesDone"]!));
        static string? Victim(JsonNode s) =>
            Unfinished(s).Where(u => u.Value >= 40).OrderByDescending(u => u.Value).Select(u => u.Key).FirstOrDefault();
        var spread = await Poll.UntilAsync(() => StatusAsync(cluster, "failover"),
            s => (s["directoriesBySilo"]!.AsObject().Count == 3 && Victim(s) is not null) || IsTerminal(s),
            TimeSpan.FromSeconds(60), "work on all 3 silos");
        Assert.Equal("Running", (string?)spread["state"]);
        var coordinator = (string?)spread["coordinator"];
        var victimAddress = Victim(spread)!;
        var victim = ClusterProcesses.PortOf(victimAddress);
        output.WriteLine("AT KILL: " + spread.ToJsonString());
        var killedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        cluster.Kill(victim);

        // The victim's unfinished directories must show up on (or complete at) another silo. Observed
        // in status, so it holds whichever way the job learns of the death: its membership watchdog,
        // or a re-activation of the job grain from its last checkpoint.
        var unfinished = spread["activeDirectories"]!.AsArray()
            .Where(a => (string?)a!["silo"] == victimAddress).Select(a => (string)a!["path"]!).ToHashSet();
        var moved = await Poll.UntilAsync(async () =>
        {
            try { return await StatusAsync(cluster, "failover"); }
            catch (HttpRequestException) { return new JsonObject(); }
        }, s => s["state"] is not null && (MovedElsewhere(s, unfinished, victimAddress) || IsTerminal(s)),
            TimeSpan.FromSeconds(90), "the dead silo's work to move");
        var movedAfter = clock.Elapsed.TotalSeconds;
        output.WriteLine("AFTER: " + moved.ToJsonString());
        output.WriteLine($"FAILOVER: silo {victimAddress} killed with {unfinished.Count} directories in flight; " +
                         $"the first was taken up by another silo {movedAfter:0.0} s later (redispatches counted by the job: {moved["redispatches"]})");
        Assert.True(MovedElsewhere(moved, unfinished, victimAddress), "the dead silo's unfinished work must be taken up by another silo");

        var done = await Poll.UntilAsync(() => StatusAsync(cluster, "failover"), IsTerminal, TimeSpan.FromMinutes(3), "the run to finish");
        // The job counted the moved work, after the kill.
        Assert.True((long)done["redispatches"]! >= 1, $"redispatches: {done["redispatches"]}");
        Assert.True((DateTimeOffset)done["lastRedispatchAt"]! >= killedAt.AddSeconds(-1), $"lastRedispatchAt {done["lastRedispatchAt"]} before the kill at {killedAt:O}");
        Assert.Equal(coordinator, (string?)done["coordinator"]);
        Assert.True((string?)done["state"] == "Completed", done.ToJsonString());
        Assert.Equal(Dirs * FilesPerDir, (long)done["filesTotal"]!);
        var bySilo = done["directoriesBySilo"]!.AsObject();
        Assert.Equal(3, bySilo.Count);
        output.WriteLine("DIRECTORIES BY SILO: " + bySilo.ToJsonString());
        TreeAssert.MirrorEquals(source, Path.Combine(dest, "failover", "current", "src"));
        Assert.Empty(TreeAssert.TempFiles(dest));
    }

    [Fact]
    public async Task After_every_silo_is_killed_the_run_resumes_from_its_checkpoint_without_recopying()
    {
        var source = BuildSource();
        var dest = _tree.Path_("dest");
        await using var cluster = new ClusterProcesses(_tree.Root);
        await TestDatabase.InstallSchemaAsync();
        var limit = new Dictionary<string, string> { ["BACKUP_MAX_BYTES_PER_SECOND"] = (1 << 20).ToString() };
        cluster.StartSilo(limit);
        cluster.StartSilo(limit);
        cluster.StartApi();
        await cluster.WaitUntilReadyAsync();

        await DefineAndStartAsync(cluster, "restart", source, dest);
        var runId = (string?)(await StatusAsync(cluster, "restart"))["runId"];
        // Wait until a checkpoint with finished directories is in PostgreSQL: the job's own row.
        var checkpoint = await Poll.UntilAsync(() => JobRowAsync(cluster.ClusterId, "restart"),
            row => row?["run"]?["directoriesDone"] is JsonNode n && (long)n >= 20, TimeSpan.FromSeconds(90), "a checkpoint with finished directories");
        Assert.Equal(runId, (string?)checkpoint!["run"]!["runId"]);
        Assert.Equal("Running", (string?)checkpoint["run"]!["state"]);

        var before = Inodes(Path.Combine(dest, "restart", "current", "src"));
        Assert.NotEmpty(before);
        foreach (var silo in cluster.Silos.Keys.ToList()) cluster.Kill(silo);

        cluster.StartSilo(limit);
        cluster.StartSilo(limit);
        // Nobody asks the job anything until its run is over: only its keep-alive reminder can wake
        // it. Progress is read from its row in PostgreSQL, which does not activate the grain.
        var finished = await Poll.UntilAsync(() => JobRowAsync(cluster.ClusterId, "restart"),
            row => (string?)row?["run"]?["state"] is "Completed" or "CompletedWithWarnings" or "Failed" or "Stopped",
            TimeSpan.FromMinutes(4), "the resumed run to finish with nobody asking");
        Assert.Equal("Completed", (string?)finished!["run"]!["state"]);
        var done = await StatusAsync(cluster, "restart");

        Assert.Equal("Completed", (string?)done["state"]);
        // Resumed, not rerun: what the checkpoint had counted as copied stays counted, and only the
        // directories after the checkpoint could be met again as unchanged.
        var copiedAtCheckpoint = (long)checkpoint["run"]!["filesCopied"]!;
        Assert.True((long)done["filesCopied"]! >= copiedAtCheckpoint, $"filesCopied {done["filesCopied"]} < {copiedAtCheckpoint} at the checkpoint");
        Assert.True((long)done["filesSkipped"]! <= Dirs * FilesPerDir - copiedAtCheckpoint,
            $"filesSkipped {done["filesSkipped"]}: more than the files after the checkpoint, so the run was redone");
        Assert.Equal(runId, (string?)done["runId"]);
        var target = Path.Combine(dest, "restart", "current", "src");
        TreeAssert.MirrorEquals(source, target);
        // Every file that was complete before the kill is the same file (same inode): not copied again.
        var after = Inodes(target);
        var recopied = before.Where(b => after[b.Key] != b.Value).Select(b => b.Key).ToList();
        Assert.True(recopied.Count == 0, $"{recopied.Count} files copied again, e.g. {recopied.FirstOrDefault()}");
        Assert.Equal(Dirs * FilesPerDir, (long)done["filesDone"]!);
        var row = await JobRowAsync(cluster.ClusterId, "restart");
        Assert.Equal("Completed", (string?)row!["run"]!["state"]);
    }

    [Fact]
    public async Task A_scheduled_job_starts_by_itself_when_due()
    {
        _tree.WriteText("src/a.txt", "scheduled");
        await using var cluster = new ClusterProcesses(_tree.Root);
        await TestDatabase.InstallSchemaAsync();
        cluster.StartSilo(new Dictionary<string, string> { ["BACKUP_SCHEDULE_CHECK_SECONDS"] = "2" });
        cluster.StartApi();
        await cluster.WaitUntilReadyAsync();

        // Every minute on the minute: due within 60 s, fired by a real reminder, nobody calls start.
        await DefineAndStartAsync(cluster, "nightly", _tree.Path_("src"), _tree.Path_("dest"), schedule: "* * * * *");
        var defined = await StatusAsync(cluster, "nightly");
        var due = (DateTimeOffset)defined["nextScheduledRunAt"]!;
        Assert.Null((string?)defined["runId"]);

        var ran = await Poll.UntilAsync(() => StatusAsync(cluster, "nightly"),
            s => (string?)s["state"] == "Completed", TimeSpan.FromSeconds(100), "the scheduled run");
        Assert.True((DateTimeOffset)ran["startedAt"]! >= due.AddSeconds(-1), $"started {ran["startedAt"]} before it was due {due}");
        Assert.True((DateTimeOffset)ran["nextScheduledRunAt"]! > due);
        Assert.Equal("scheduled", await File.ReadAllTextAsync(_tree.Path_("dest", "nightly", "current", "src", "a.txt")));
    }

    private static bool MovedElsewhere(JsonNode status, HashSet<string> paths, string deadSilo)
    {
        bool Elsewhere(JsonNode? entry) => entry is not null && paths.Contains((string?)entry["path"] ?? "")
            && (string?)entry["silo"] is { } silo && silo != deadSilo;
        return status["activeDirectories"]!.AsArray().Any(Elsewhere) || status["recentDirectories"]!.AsArray().Any(Elsewhere);
    }

    private static Dictionary<string, ulong> Inodes(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).Contains(".obk-tmp-", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(root, f), f => Inode(f));

    private static ulong Inode(string path) =>
        OrleansBackup.Engine.Native.LStat(path, out var stat) == 0 ? stat.Inode : throw new IOException($"lstat {path} failed");

    /// <summary>The job grain's row in OrleansStorage, as the JSON the silo wrote.</summary>
    private static async Task<JsonNode?> JobRowAsync(string serviceId, string jobId)
    {
        var rows = await TestDatabase.ColumnAsync<byte[]>(
            "SELECT PayloadBinary FROM OrleansStorage WHERE ServiceId = @s AND GrainIdExtensionString = @k AND PayloadBinary IS NOT NULL",
            ("s", serviceId), ("k", jobId));
        return rows.Count == 0 ? null : JsonNode.Parse(rows[0]);
    }
}
