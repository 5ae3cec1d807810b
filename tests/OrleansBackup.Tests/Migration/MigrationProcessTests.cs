using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansBackup.Tests.EndToEnd;
using OrleansBackup.Tests.Support;

namespace OrleansBackup.Tests.Migration;

/// <summary>The migration as a user runs it: the service started from its build output, then
/// <c>deploy/migrate.sh</c> against it, then the imported job run through the Api.</summary>
public sealed class MigrationProcessTests
{
    [Fact]
    public async Task Migrate_verify_then_run_the_imported_job_to_completion()
    {
        using var old = OldServerFiles.FromFixture("typical");
        for (var i = 0; i < 30; i++)
        {
            old.Tree.WriteFile($"src/a/dir{i % 3}/file{i}.bin", 1000 + i * 37, seed: i);
            old.Tree.WriteFile($"src/b/photos/p{i}.jpg", 5000 + i, seed: 100 + i);
        }
        var logs = Directory.CreateDirectory(old.Tree.Path_("logs")).FullName;
        await using var service = new ServiceProcesses();
        var env = service.Environment(old.Root, logs);
        service.Start("Silo", "OrleansBackup.Silo.dll", env);
        service.Start("Api", "OrleansBackup.Api.dll", env);
        await service.WaitUntilReadyAsync();

        var statusText = old.Read(OldServerFiles.Status);
        var dryRun = await MigrateAsync(env, "--dry-run", "--from", old.Dir);
        Assert.True(dryRun.Code == 0, dryRun.Output);
        Assert.Contains("Would import job 'default'", dryRun.Output);
        Assert.Contains("Would import 5 past runs", dryRun.Output);
        Assert.Equal("[]", (await service.Http.GetStringAsync("/api/jobs")).Trim());
        Assert.False(File.Exists(Path.Combine(old.Dir, OldServerFiles.Status + ".backup")));

        var import = await MigrateAsync(env, "--from", old.Dir);
        Assert.True(import.Code == 0, import.Output);
        Assert.Contains("Imported job 'default'", import.Output);
        Assert.Contains("Imported 5 past runs; 0 were imported before", import.Output);
        // The old instructions: a copy of each file beside it, first.
        Assert.Equal(statusText, File.ReadAllText(Path.Combine(old.Dir, OldServerFiles.Status + ".backup")));
        Assert.Equal(old.Read(OldServerFiles.History), File.ReadAllText(Path.Combine(old.Dir, OldServerFiles.History + ".backup")));

        var again = await MigrateAsync(env, "--from", old.Dir);
        Assert.True(again.Code == 0, again.Output);
        Assert.Contains("Imported 0 past runs; 5 were imported before", again.Output);
        Assert.Contains("Kept the existing copy", again.Output);

        var verify = await MigrateAsync(env, "--verify-migration", "--from", old.Dir);
        Assert.True(verify.Code == 0, verify.Output);
        Assert.Contains("The migration agrees with the old files.", verify.Output);

        // The files and the import no longer agree (one count changed): non-zero, naming the run.
        var altered = Directory.CreateDirectory(old.Tree.Path_("altered")).FullName;
        File.Copy(Path.Combine(old.Dir, OldServerFiles.Status), Path.Combine(altered, OldServerFiles.Status));
        File.WriteAllText(Path.Combine(altered, OldServerFiles.History),
            old.Read(OldServerFiles.History).Replace("\"files_copied\": 20211,", "\"files_copied\": 20212,"));
        var mismatch = await MigrateAsync(env, "--verify-migration", "--from", altered);
        Assert.True(mismatch.Code == 1, mismatch.Output);
        Assert.Contains("MISMATCH run imported-", mismatch.Output);
        Assert.Contains("2 difference(s)", mismatch.Output);

        using (var runs = await service.Http.GetAsync("/api/jobs/default/runs"))
        {
            Assert.Equal("5", runs.Headers.GetValues("X-Total-Count").Single());
            var list = JsonNode.Parse(await runs.Content.ReadAsStringAsync())!.AsArray();
            Assert.Equal(5, list.Count);
            Assert.All(list, r => Assert.True((bool)r!["imported"]!));
            Assert.Equal("Stopped", (string?)list[0]!["state"]);
            Assert.Contains("imported as Stopped", (string?)list[0]!["message"]);
        }

        // The imported job runs like any other.
        using (var start = await service.Http.PostAsJsonAsync("/api/control", new { action = "start" }))
            Assert.True(start.IsSuccessStatusCode, await start.Content.ReadAsStringAsync());
        var final = await Poll.UntilAsync(async () => JsonNode.Parse(await service.Http.GetStringAsync("/api/status"))!,
            s => (string?)s["state"] is not ("Running" or "Paused"), TimeSpan.FromSeconds(60), "the imported job's run to end");
        Assert.Equal("Completed", (string?)final["state"]);
        Assert.Equal(30, TreeAssert.MirrorEquals(old.SourceA, Path.Combine(old.Destination, "default", "current", "a")));
        Assert.Equal(30, TreeAssert.MirrorEquals(old.SourceB, Path.Combine(old.Destination, "default", "current", "b")));

        using (var runs = await service.Http.GetAsync("/api/jobs/default/runs?limit=2"))
        {
            Assert.Equal("6", runs.Headers.GetValues("X-Total-Count").Single());
            var list = JsonNode.Parse(await runs.Content.ReadAsStringAsync())!.AsArray();
            Assert.Equal([false, true], list.Select(r => (bool)r!["imported"]!).ToArray());
            Assert.Equal((string?)final["runId"], (string?)list[0]!["runId"]);
        }
    }

    [Fact]
    public async Task Bad_input_exits_65_naming_the_file_and_place_and_imports_nothing()
    {
        using var old = OldServerFiles.FromFixture("typical");
        old.Write(OldServerFiles.History, "[{\"status\": \"completed\", \"start_time\": \"yesterday\"}]");
        var logs = Directory.CreateDirectory(old.Tree.Path_("logs")).FullName;
        await using var service = new ServiceProcesses();
        var env = service.Environment(old.Root, logs);
        service.Start("Silo", "OrleansBackup.Silo.dll", env);
        service.Start("Api", "OrleansBackup.Api.dll", env);
        await service.WaitUntilReadyAsync();

        var result = await MigrateAsync(env, "--from", old.Dir);
        Assert.Equal(65, result.Code);
        Assert.Contains("backup_history.json: $[0].start_time: 'yesterday' is not a time", result.Output);
        Assert.Contains("Nothing was imported.", result.Output);
        Assert.Equal("[]", (await service.Http.GetStringAsync("/api/jobs")).Trim());

        var help = await MigrateAsync(env, "--help");
        Assert.Equal(0, help.Code);
        Assert.Contains("--verify-migration", help.Output);
        var usage = await MigrateAsync(env, "--dry-run");
        Assert.Equal(2, usage.Code);
        Assert.Contains("--from DIR is required", usage.Output);
    }

    /// <summary>Runs <c>deploy/migrate.sh</c> (without its build step: the tests run on the build) and
    /// answers its exit code with stdout and stderr together.</summary>
    private static async Task<(int Code, string Output)> MigrateAsync(IDictionary<string, string> env, params string[] args)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(ServiceProcesses.RepoRoot, "deploy", "migrate.sh"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        psi.Environment["BACKUP_SKIP_BUILD"] = "1";
        psi.Environment["BACKUP_BUILD_CONFIGURATION"] = ServiceProcesses.Configuration;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
