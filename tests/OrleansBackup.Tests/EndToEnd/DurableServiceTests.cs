using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansBackup.Tests.Support;

namespace OrleansBackup.Tests.EndToEnd;

/// <summary>The one-command service (a silo and the Api, run from the built dlls, no BACKUP_DB)
/// killed with SIGKILL mid-run and started again: its embedded store brings back every job, its
/// history and schedule, and the interrupted run finishes by itself.</summary>
public sealed class DurableServiceTests : IDisposable
{
    private readonly TempTree _tree = new("obk-durable");

    public void Dispose() => _tree.Dispose();

    private static async Task<JsonNode> GetAsync(HttpClient http, string path) => JsonNode.Parse(await http.GetStringAsync(path))!;

    private static async Task PostAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task After_kill_9_and_a_restart_the_jobs_and_history_are_there_and_the_interrupted_run_completes_by_itself()
    {
        _tree.WriteText("small/a.txt", "kept through the crash");
        for (var d = 0; d < 8; d++)
            for (var f = 0; f < 15; f++)
                _tree.WriteFile($"big/d{d}/f{f:00}.bin", 24_000, seed: d * 100 + f);
        var dest = _tree.Path_("dest");

        await using var service = new ServiceProcesses();
        var env = service.Environment(_tree.Root, _tree.Path_("logs"), maxWorkers: 2);
        env["BACKUP_MAX_BYTES_PER_SECOND"] = "524288"; // the big run lasts about 6 s
        Process Silo() => service.Start("Silo", "OrleansBackup.Silo.dll", env);
        Process Api() => service.Start("Api", "OrleansBackup.Api.dll", env);
        var silo = Silo();
        var api = Api();
        await service.WaitUntilReadyAsync();

        // A job with a finished run, a scheduled job that never ran, and a job killed mid-run.
        await PostAsync(service.Http, "/api/jobs", new { jobId = "small", sources = new[] { _tree.Path_("small") }, destination = dest });
        await PostAsync(service.Http, "/api/jobs/small/control", new { action = "start" });
        await Poll.UntilAsync(() => GetAsync(service.Http, "/api/jobs/small"), s => (string?)s["state"] == "Completed", TimeSpan.FromMinutes(1), "the small run");
        await PostAsync(service.Http, "/api/jobs", new { jobId = "nightly", sources = new[] { _tree.Path_("small") }, destination = dest, schedule = "0 3 * * *" });
        await PostAsync(service.Http, "/api/jobs", new { jobId = "big", sources = new[] { _tree.Path_("big") }, destination = dest });
        await PostAsync(service.Http, "/api/jobs/big/control", new { action = "start" });
        var atKill = await Poll.UntilAsync(() => GetAsync(service.Http, "/api/jobs/big"),
            s => (string?)s["state"] != "Running" || (long)s["bytesDone"]! >= 1_000_000, TimeSpan.FromMinutes(1), "the big run to be a third done");
        Assert.Equal("Running", (string?)atKill["state"]);
        var runId = (string)atKill["runId"]!;
        var jobsBefore = await GetAsync(service.Http, "/api/jobs");
        var smallRunsBefore = await GetAsync(service.Http, "/api/jobs/small/runs");
        var nightlyBefore = await GetAsync(service.Http, "/api/jobs/nightly");

        service.Kill(silo);
        service.Kill(api);
        var record = _tree.Path_("dest", ".orleans-backup", "snapshots", runId + ".json");
        Assert.Equal("Running", (string?)JsonNode.Parse(await File.ReadAllTextAsync(record))!["state"]);

        Silo();
        Api();
        // Nobody calls the Api until the destination's own record says the run is over: it resumes by itself.
        var finished = await Poll.UntilAsync(async () => JsonNode.Parse(await File.ReadAllTextAsync(record))!,
            r => (string?)r["state"] != "Running", TimeSpan.FromMinutes(2), "the interrupted run's record to say it ended");
        Assert.Equal("Completed", (string?)finished["state"]);
        Assert.Equal(1, (int)finished["resumes"]!);
        await service.WaitUntilReadyAsync();

        var jobsAfter = await GetAsync(service.Http, "/api/jobs");
        Assert.Equal(Ids(jobsBefore), Ids(jobsAfter));
        foreach (var id in Ids(jobsBefore))
            Assert.Equal(Job(jobsBefore, id)["definition"]!.ToJsonString(), Job(jobsAfter, id)["definition"]!.ToJsonString());
        Assert.Equal(smallRunsBefore.ToJsonString(), (await GetAsync(service.Http, "/api/jobs/small/runs")).ToJsonString());
        Assert.Equal((string?)nightlyBefore["nextScheduledRunAt"], (string?)(await GetAsync(service.Http, "/api/jobs/nightly"))["nextScheduledRunAt"]);
        Assert.NotNull((string?)nightlyBefore["nextScheduledRunAt"]);

        var big = await GetAsync(service.Http, "/api/jobs/big");
        Assert.Equal("Completed", (string?)big["state"]);
        Assert.Equal(runId, (string?)big["runId"]);
        var run = Assert.Single((await GetAsync(service.Http, "/api/jobs/big/runs")).AsArray());
        Assert.Equal(runId, (string?)run!["runId"]);
        Assert.Equal(1, (int)run["resumes"]!);
        Assert.Equal(8 * 15, TreeAssert.MirrorEquals(_tree.Path_("big"), _tree.Path_("dest", "big", "current", "big")));
        Assert.Empty(TreeAssert.TempFiles(dest));
    }

    private static string[] Ids(JsonNode jobs) => [.. jobs.AsArray().Select(j => (string)j!["jobId"]!).Order(StringComparer.Ordinal)];

    private static JsonNode Job(JsonNode jobs, string id) => jobs.AsArray().Single(j => (string?)j!["jobId"] == id)!;
}
