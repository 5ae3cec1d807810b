using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrleansBackup.Tests.Support;

namespace OrleansBackup.Tests.EndToEnd;

/// <summary>The command line against a real silo and Api: start a backup and follow it to the end
/// with a progress line, read the status as JSON, list the jobs, and get the documented exit codes.</summary>
public sealed class CliTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    private readonly TempTree _tree = new("obk-cli");

    public void Dispose() => _tree.Dispose();

    private static async Task<(int Code, string Output)> RunAsync(ServiceProcesses service, params string[] args)
    {
        var process = service.Start("Silo", "OrleansBackup.Silo.dll", new Dictionary<string, string>(), args: args);
        using var deadline = new CancellationTokenSource(Deadline);
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, service.OutputOf(process));
    }

    [Fact]
    public async Task Start_follows_a_whole_backup_with_progress_and_status_json_tells_the_result()
    {
        for (var d = 0; d < 4; d++)
            for (var f = 0; f < 6; f++)
                _tree.WriteFile($"data/d{d}/f{f}.bin", 256 * 1024, seed: d * 10 + f);
        const int files = 24;
        var dest = _tree.Path_("dest");

        await using var service = new ServiceProcesses();
        var env = service.Environment(_tree.Root, _tree.Path_("logs"));
        // 6 MiB at 2 MiB/s: a run of about 3 s, long enough for progress lines.
        env["BACKUP_MAX_BYTES_PER_SECOND"] = (2 * 1024 * 1024).ToString();
        service.Start("Silo", "OrleansBackup.Silo.dll", env);
        service.Start("Api", "OrleansBackup.Api.dll", env);
        await service.WaitUntilReadyAsync();
        using (var created = await service.Http.PostAsJsonAsync("/api/jobs", new { jobId = "cli", sources = new[] { _tree.Path_("data") }, destination = dest }))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var api = service.Http.BaseAddress!.ToString();

        var (code, output) = await RunAsync(service, "start", "cli", "--api", api);

        Assert.True(code == 0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // Progress lines while it ran ("[0:01] 33.3%  8 / 24 files  2.00 MiB / 6.00 MiB  2.00 MiB/s ..."),
        // then the summary.
        Assert.Contains(lines, l => l.StartsWith('[') && l.Contains(" files") && l.Contains("/s"));
        Assert.Contains(lines, l => l.Contains($"{files} / {files} files"));
        Assert.StartsWith($"Completed: {files} copied (6.00 MiB), 0 unchanged, 0 failed", lines[^1]);

        var (statusCode, json) = await RunAsync(service, "status", "cli", "--json", "--api", api);
        Assert.Equal(0, statusCode);
        var status = JsonNode.Parse(json)!;
        Assert.Equal("Completed", (string?)status["state"]);
        Assert.Equal(files, (long)status["filesDone"]!);
        Assert.Equal(files, (long)status["filesTotal"]!);
        Assert.Equal(files, (long)status["filesCopied"]!);
        TreeAssert.MirrorEquals(_tree.Path_("data"), Path.Combine(dest, "cli", "current", "data"));

        var (jobsCode, jobs) = await RunAsync(service, "jobs", "--json", "--api", api);
        Assert.Equal(0, jobsCode);
        Assert.Contains(JsonNode.Parse(jobs)!.AsArray(), j => (string?)j!["jobId"] == "cli" && (string?)j["status"]!["state"] == "Completed");

        // Documented exit codes: 1 for a refused request (with its error code), 4 for no Api.
        var (missing, missingOutput) = await RunAsync(service, "status", "nosuch", "--api", api);
        Assert.Equal(1, missing);
        Assert.Contains("(job_not_found)", missingOutput);
        var (unreachable, unreachableOutput) = await RunAsync(service, "jobs", "--api", $"http://127.0.0.1:{ServiceProcesses.FreePort()}");
        Assert.Equal(4, unreachable);
        Assert.Contains("(api_unreachable)", unreachableOutput);
    }
}
