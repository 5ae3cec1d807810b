using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansBackup.Engine;
using OrleansBackup.Tests.Support;

namespace OrleansBackup.Tests.Integration;

/// <summary>A service the drill can crash: one of its silos is killed with SIGKILL, then the
/// service is brought back to strength.</summary>
public interface ICrashTarget
{
    HttpClient Http { get; }

    /// <summary>Kills one silo (<c>kill -9</c>); returns its address as status names silos, when known.</summary>
    string Kill(Random random, JsonNode status);

    /// <summary>Starts a silo again in place of the one killed.</summary>
    Task RecoverAsync();
}

/// <summary>The crash drill: runs of one mirror job, each killed at a random moment (a random share
/// of its bytes done), after which the silo comes back and the run must finish by itself. After
/// every run: Completed under the same run id, the mirror equal to the source, no file under a real
/// name that the source does not have, no temporaries, the manifest matching the files, and every
/// file that was complete at the kill still the same file (same inode: not copied again). Seeded,
/// so a failure reproduces.</summary>
public sealed class CrashDrill(ICrashTarget target, string root, int seed, Action<string> log)
{
    public const string JobId = "drill";
    private const string SourceName = "src";
    private readonly Random _random = new(seed);
    private readonly string _source = Path.Combine(root, SourceName);
    private readonly string _dest = Path.Combine(root, "dest");
    private string Mirror => Path.Combine(_dest, JobId, "current", SourceName);

    /// <summary>Kills a silo in each of <paramref name="kills"/> runs; returns how many files were
    /// complete at the kills (all of which were kept).</summary>
    public async Task<int> RunAsync(int kills)
    {
        BuildSource();
        using (var define = await target.Http.PostAsJsonAsync("/api/jobs", new { jobId = JobId, sources = new[] { _source }, destination = _dest, maxConcurrentDirectories = 4 }))
            Assert.True(define.IsSuccessStatusCode, await define.Content.ReadAsStringAsync());

        var kept = 0;
        var missed = 0;
        for (var kill = 1; kill <= kills; kill++)
        {
            if (kill + missed > 1) ChangeSource(kill + missed);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            using var start = await target.Http.PostAsJsonAsync($"/api/jobs/{JobId}/control", new { action = "start" });
            Assert.True(start.IsSuccessStatusCode, await start.Content.ReadAsStringAsync());
            var runId = (string)JsonNode.Parse(await start.Content.ReadAsStringAsync())!["runId"]!;

            var share = 0.05 + 0.75 * _random.NextDouble();
            var total = SourceBytes();
            var atKill = await Poll.UntilAsync(StatusAsync,
                s => s is not null && ((string?)s["state"] != "Running" || (long)s["bytesDone"]! >= share * total),
                TimeSpan.FromMinutes(2), $"run {runId} to reach {share:P0} of its bytes");
            if ((string?)atKill!["state"] != "Running")
            {
                // Progress arrives in batches: a late moment can fall after the last one. That run
                // had no kill; the next run draws a new moment (a drill that keeps missing fails).
                Assert.True(IsTerminal(atKill) && (string?)atKill["state"] == "Completed", $"kill {kill}: {atKill.ToJsonString()}");
                Assert.True(++missed <= kills, $"{missed} runs ended before their kill moment");
                log($"kill {kill}/{kills}: run {runId} ended before {share:P0} of its bytes showed; drawing again in a new run");
                kill--;
                continue;
            }
            var victim = target.Kill(_random, atKill);
            var complete = CompleteFiles();
            await target.RecoverAsync();

            var done = await Poll.UntilAsync(StatusAsync, s => s is not null && IsTerminal(s), TimeSpan.FromMinutes(3), $"run {runId} to finish after kill {kill}");
            Assert.True((string?)done!["state"] == "Completed", $"kill {kill}: {done.ToJsonString()}");
            Assert.Equal(runId, (string?)done["runId"]);
            var coordinatorKilled = victim == (string?)atKill["coordinator"];
            Verify(runId, complete, coordinatorKilled);
            kept += complete.Count;
            log($"kill {kill}/{kills}: {victim}{(coordinatorKilled ? " (the coordinator)" : "")} at {(long)atKill["bytesDone"]!}/{total} bytes ({share:P0}); " +
                $"{complete.Count} files complete then, none copied again; run {runId} Completed {clock.Elapsed.TotalSeconds:0.0} s after its start");
        }
        return kept;
    }

    private async Task<JsonNode?> StatusAsync()
    {
        try
        {
            using var response = await target.Http.GetAsync($"/api/jobs/{JobId}");
            return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
        }
        catch (HttpRequestException)
        {
            return null; // the Api between connections to the cluster
        }
    }

    private static bool IsTerminal(JsonNode s) => (string?)s["state"] is "Completed" or "CompletedWithWarnings" or "Failed" or "Stopped";

    private void BuildSource()
    {
        for (var top = 0; top < 4; top++)
            for (var sub = 0; sub < 6; sub++)
                for (var f = 0; f < 10; f++)
                    WriteRandom(Path.Combine(_source, $"t{top}", $"s{sub}", $"f{f:00}.bin"));
    }

    /// <summary>Rewrites about 40% of the files and adds a few, so the next run has work to do.</summary>
    private void ChangeSource(int round)
    {
        foreach (var file in Directory.GetFiles(_source, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            if (_random.NextDouble() < 0.4) WriteRandom(file);
        for (var i = 0; i < 4; i++)
            WriteRandom(Path.Combine(_source, $"t{_random.Next(4)}", $"s{_random.Next(6)}", $"new-{round}-{i}.bin"));
    }

    private void WriteRandom(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var data = new byte[8192 + _random.Next(16384)];
        _random.NextBytes(data);
        File.WriteAllBytes(path, data);
    }

    private long SourceBytes() => Directory.GetFiles(_source, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    /// <summary>Destination files that already hold their source's version (size and mtime): relative path -> inode.</summary>
    private Dictionary<string, ulong> CompleteFiles()
    {
        var result = new Dictionary<string, ulong>(StringComparer.Ordinal);
        if (!Directory.Exists(Mirror)) return result;
        foreach (var file in Directory.GetFiles(Mirror, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(Mirror, file);
            if (Native.LStat(file, out var dst) != 0 || Native.LStat(Path.Combine(_source, rel), out var src) != 0) continue;
            if (dst.Size == src.Size && dst.MtimeNs == src.MtimeNs) result[rel] = dst.Inode;
        }
        return result;
    }

    private void Verify(string runId, Dictionary<string, ulong> completeAtKill, bool coordinatorKilled)
    {
        TreeAssert.MirrorEquals(_source, Mirror);
        var foreign = Directory.GetFiles(Mirror, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Mirror, f)).Where(rel => !File.Exists(Path.Combine(_source, rel))).ToList();
        Assert.True(foreign.Count == 0, "files under real names that the source does not have: " + string.Join(", ", foreign));
        var temporaries = Directory.GetFiles(_dest, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f).Contains(".obk-tmp-", StringComparison.Ordinal) || Path.GetFileName(f).Contains(".tmp-", StringComparison.Ordinal)).ToList();
        Assert.True(temporaries.Count == 0, "temporaries left: " + string.Join(", ", temporaries));

        var recopied = completeAtKill.Where(c => !(Native.LStat(Path.Combine(Mirror, c.Key), out var st) == 0 && st.Inode == c.Value)).Select(c => c.Key).ToList();
        Assert.True(recopied.Count == 0, $"{recopied.Count} files complete at the kill were copied again, e.g. {recopied.FirstOrDefault()}");

        var repository = Path.Combine(_dest, ".orleans-backup");
        var record = JsonNode.Parse(File.ReadAllText(Path.Combine(repository, "snapshots", runId + ".json")))!;
        Assert.Equal("Completed", (string?)record["state"]);
        if (coordinatorKilled) Assert.True((int)record["resumes"]! >= 1, "the record of a run whose coordinator died counts its resume: " + record.ToJsonString());
        ManifestMatchesFiles(repository, runId, record);
    }

    private void ManifestMatchesFiles(string repository, string runId, JsonNode record)
    {
        var shards = record["manifest"]!["shards"]!.AsArray().Select(s => (string)s!).ToHashSet(StringComparer.Ordinal);
        var runDir = Path.Combine(repository, "manifests", runId);
        foreach (var dir in Directory.GetDirectories(Mirror, "*", SearchOption.AllDirectories).Append(Mirror))
        {
            var relDir = Path.GetRelativePath(Mirror, dir) is "." ? "" : Path.GetRelativePath(Mirror, dir);
            var files = Directory.GetFiles(dir);
            var shardPath = ManifestShard.PathFor(repository, runId, SourceName, relDir);
            if (files.Length == 0 && !File.Exists(shardPath)) continue;
            Assert.Contains(Path.GetRelativePath(runDir, shardPath), shards);
            var entries = ManifestShard.TryRead(shardPath);
            Assert.True(entries is not null, $"no manifest shard for '{relDir}'");
            Assert.Equal(files.Select(Path.GetFileName).Order(StringComparer.Ordinal), entries.Keys.Order(StringComparer.Ordinal));
            foreach (var file in files)
            {
                var entry = entries[Path.GetFileName(file)];
                Assert.Equal(0, Native.LStat(file, out var st));
                Assert.True(entry.Size == st.Size && entry.MtimeNs == st.MtimeNs && entry.Sha256 == TempTree.Sha256(file).ToLowerInvariant(),
                    $"manifest entry of {relDir}/{entry.Name} does not match the file");
            }
        }
    }
}
