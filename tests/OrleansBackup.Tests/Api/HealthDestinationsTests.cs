using System.Net;
using System.Text.Json;
using OrleansBackup.Tests.Support;

namespace OrleansBackup.Tests.Api;

/// <summary>/api/health checks every destination the service writes to, not only BACKUP_DEST.</summary>
public sealed class HealthDestinationsTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task Health_reports_the_destination_of_every_job_and_the_configured_one()
    {
        using var source = new TempTree("obk-health-src");
        source.WriteText("a.txt", "a");
        using var first = new TempTree("obk-health-d1");
        using var second = new TempTree("obk-health-d2");
        foreach (var (job, dest) in new[] { ("health-one", first.Root), ("health-two", second.Root) })
        {
            using var created = await _client.PostJsonAsync("/api/jobs", new { jobId = job, sources = new[] { source.Root }, destination = dest });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var response = await _client.GetAsync("/api/health");
        var health = await response.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = health.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);

        var writable = Rows(checks["destination"]);
        Assert.Equal("Healthy", checks["destination"].GetProperty("status").GetString());
        Assert.Equal(["health-one"], Jobs(writable[first.Root]));
        Assert.Equal(["health-two"], Jobs(writable[second.Root]));
        Assert.True(writable[first.Root].GetProperty("writable").GetBoolean());
        Assert.True(writable[second.Root].GetProperty("writable").GetBoolean());
        Assert.Equal(["(BACKUP_DEST)"], Jobs(writable[fixture.DefaultDestination]));

        var space = Rows(checks["free-space"]);
        Assert.True(space[first.Root].GetProperty("freeBytes").GetInt64() > 0);
        Assert.True(space[second.Root].GetProperty("freeBytes").GetInt64() > 0);
        Assert.Empty(Directory.EnumerateFileSystemEntries(first.Root)); // probe files are gone
        Assert.Empty(Directory.EnumerateFileSystemEntries(second.Root));
    }

    private static Dictionary<string, JsonElement> Rows(JsonElement check) =>
        check.GetProperty("data").GetProperty("destinations").EnumerateArray().ToDictionary(r => r.GetProperty("path").GetString()!);

    private static string[] Jobs(JsonElement row) => [.. row.GetProperty("jobs").EnumerateArray().Select(j => j.GetString()!)];
}
