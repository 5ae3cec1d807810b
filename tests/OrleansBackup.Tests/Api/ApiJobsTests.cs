using System.Net;
using System.Text.Json;
using OrleansBackup.Contracts;
using OrleansBackup.Tests.Support;

namespace OrleansBackup.Tests.Api;

/// <summary>Happy paths over HTTP against the real grains: define, list, run to the end, history.</summary>
public sealed class ApiJobsTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task A_job_is_created_listed_run_to_completion_and_recorded()
    {
        using var source = new TempTree("obk-api-src");
        source.WriteFile("a/one.bin", 10_000, 1);
        source.WriteFile("a/b/two.bin", 20_000, 2);
        source.WriteText("three.txt", "three");
        using var dest = new TempTree("obk-api-dst");

        var created = await _client.PostJsonAsync("/api/jobs",
            new { jobId = "photos", sources = new[] { source.Root }, destination = dest.Root, dispatch = "sequential", excludes = new[] { "*.tmp" } });
        var definition = await created.JsonAsync();
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/jobs/photos", created.Headers.Location?.OriginalString);
        Assert.Equal("Sequential", definition.GetProperty("dispatch").GetString());
        Assert.Equal("*.tmp", definition.GetProperty("excludes")[0].GetString());

        var list = await _client.GetJsonAsync("/api/jobs");
        var row = list.EnumerateArray().Single(j => j.GetProperty("jobId").GetString() == "photos");
        Assert.Equal("Idle", row.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal(dest.Root, row.GetProperty("definition").GetProperty("destination").GetString());
        Assert.DoesNotContain(list.EnumerateArray(), j => j.GetProperty("jobId").GetString() == "default");

        var started = await (await _client.PostJsonAsync("/api/jobs/photos/control", new { action = "start" })).JsonAsync();
        var runId = started.GetProperty("runId").GetString();
        Assert.False(string.IsNullOrEmpty(runId));

        var done = await WaitForEndAsync("/api/jobs/photos");
        Assert.Equal("Completed", done.GetProperty("state").GetString());
        Assert.Equal(runId, done.GetProperty("runId").GetString());
        Assert.Equal(3, done.GetProperty("filesCopied").GetInt64());
        var mirror = Path.Combine(dest.Root, "photos", "current");
        var copied = Directory.EnumerateFiles(mirror, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order();
        Assert.Equal("one.bin,three.txt,two.bin", string.Join(',', copied));

        var runs = await _client.GetJsonAsync("/api/jobs/photos/runs");
        Assert.Equal(runId, runs[0].GetProperty("runId").GetString());
        Assert.Equal("Completed", runs[0].GetProperty("state").GetString());

        var again = await _client.PostJsonAsync("/api/jobs",
            new { jobId = "photos", sources = new[] { source.Root }, destination = dest.Root });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("Sequential", (await again.JsonAsync()).GetProperty("dispatch").GetString()); // options kept
    }

    [Fact]
    public async Task Classic_select_uses_the_configured_destination_keeps_options_and_runs()
    {
        using var source = new TempTree("obk-api-src");
        source.WriteFile("x/data.bin", 5_000, 3);

        var first = await (await _client.PostJsonAsync("/api/select",
            new { directories = new[] { source.Root }, verifyAfterCopy = true })).JsonAsync();
        Assert.Equal(fixture.DefaultDestination, first.GetProperty("destination").GetString());
        Assert.True(first.GetProperty("verifyAfterCopy").GetBoolean());

        var second = await (await _client.PostJsonAsync("/api/select", new { directories = new[] { source.Root } })).JsonAsync();
        Assert.True(second.GetProperty("verifyAfterCopy").GetBoolean());

        var started = await (await _client.PostJsonAsync("/api/control", new { action = "start" })).JsonAsync();
        Assert.False(string.IsNullOrEmpty(started.GetProperty("runId").GetString()));
        var done = await WaitForEndAsync("/api/status");
        Assert.Equal("Completed", done.GetProperty("state").GetString());
        Assert.Equal(1, done.GetProperty("filesCopied").GetInt64());

        var paused = await _client.PostJsonAsync("/api/control", new { action = "pause" });
        await ProblemAssert.IsProblemAsync(paused, HttpStatusCode.Conflict, ErrorCodes.InvalidTransition);
        var list = await _client.GetJsonAsync("/api/jobs");
        Assert.Contains(list.EnumerateArray(), j => j.GetProperty("jobId").GetString() == "default");
    }

    private Task<JsonElement> WaitForEndAsync(string statusPath) => Poll.UntilAsync(
        () => _client.GetJsonAsync(statusPath),
        s => s.GetProperty("state").GetString() is "Completed" or "CompletedWithWarnings" or "Failed" or "Stopped",
        RunTimeout, $"{statusPath} to reach a final state");
}
