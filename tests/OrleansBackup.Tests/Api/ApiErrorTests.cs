using System.Net;
using OrleansBackup.Contracts;
using OrleansBackup.Tests.Support;

namespace OrleansBackup.Tests.Api;

/// <summary>Bad requests get a catalogued problem and change nothing. No test here selects the
/// "default" job successfully, so it stays undefined for the whole class.</summary>
public sealed class ApiErrorTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly HttpClient _client = fixture.CreateClient();

    [Theory]
    [InlineData("/api/control", "{\"action\": ")]
    [InlineData("/api/select", "{not json}")]
    [InlineData("/api/jobs", "[1,2")]
    public async Task Malformed_json_is_400_invalid_json(string path, string body)
    {
        var response = await _client.PostRawAsync(path, body);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.InvalidJson);
    }

    [Fact]
    public async Task Wrongly_typed_field_is_400_invalid_json()
    {
        var response = await _client.PostRawAsync("/api/select", "{\"directories\": \"/tmp\"}");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.InvalidJson);
    }

    [Theory]
    [InlineData("{\"action\":\"jump\"}")]
    [InlineData("{}")]
    [InlineData("{\"action\":null}")]
    public async Task Unknown_or_missing_action_is_400_unknown_action_listing_the_valid_ones(string body)
    {
        var response = await _client.PostRawAsync("/api/control", body);
        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.UnknownAction);
        Assert.Equal("start,pause,resume,stop",
            string.Join(',', problem.GetProperty("validActions").EnumerateArray().Select(a => a.GetString())));
        Assert.Contains("start, pause, resume, stop", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Destination_outside_allowed_roots_is_refused_and_nothing_is_created()
    {
        using var source = new TempTree("obk-api-src");
        source.WriteText("a.txt", "a");
        var outside = Path.Combine("/var/tmp", $"obk-api-outside-{Guid.NewGuid():N}");
        var destination = Path.Combine(outside, "dest");

        var response = await _client.PostJsonAsync("/api/select", new { directories = new[] { source.Root }, destination });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, ErrorCodes.PathOutsideAllowedRoots);
        Assert.False(Directory.Exists(outside), $"{outside} was created");
        await AssertDefaultJobUndefinedAsync();
    }

    [Fact]
    public async Task Source_outside_allowed_roots_is_refused_and_the_destination_is_not_created()
    {
        var destination = Path.Combine(Path.GetTempPath(), $"obk-api-dest-{Guid.NewGuid():N}");

        var response = await _client.PostJsonAsync("/api/select", new { directories = new[] { "/etc" }, destination });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, ErrorCodes.PathOutsideAllowedRoots);
        Assert.False(Directory.Exists(destination), $"{destination} was created");
    }

    [Fact]
    public async Task Missing_source_is_422_source_not_found()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"obk-api-missing-{Guid.NewGuid():N}");
        var destination = Path.Combine(Path.GetTempPath(), $"obk-api-dest-{Guid.NewGuid():N}");

        var response = await _client.PostJsonAsync("/api/select", new { directories = new[] { missing }, destination });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, ErrorCodes.SourceNotFound);
        Assert.Contains(missing, problem.GetProperty("detail").GetString());
        Assert.False(Directory.Exists(destination));
    }

    [Fact]
    public async Task Destination_inside_source_is_422()
    {
        using var source = new TempTree("obk-api-src");
        source.WriteText("a.txt", "a");

        var response = await _client.PostJsonAsync("/api/select",
            new { directories = new[] { source.Root }, destination = source.Path_("backup") });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, ErrorCodes.DestinationInsideSource);
        Assert.False(Directory.Exists(source.Path_("backup")));
    }

    [Theory]
    [InlineData("{\"directories\": []}")]
    [InlineData("{\"directories\": [\"relative/path\"]}")]
    [InlineData("{\"directories\": [\"/tmp\"], \"destination\": \"relative\"}")]
    [InlineData("{\"directories\": [\"/tmp\"], \"maxConcurrentDirectories\": 0}")]
    public async Task Malformed_selection_is_400_invalid_request(string body)
    {
        var response = await _client.PostRawAsync("/api/select", body);
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task Invalid_schedule_is_400_and_defines_nothing()
    {
        using var source = new TempTree("obk-api-src");
        var response = await _client.PostJsonAsync("/api/jobs",
            new { jobId = "scheduled", sources = new[] { source.Root }, destination = source.Root + "-dest", schedule = "now and then" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.InvalidSchedule);
        await ProblemAssert.IsProblemAsync(await _client.GetAsync("/api/jobs/scheduled"), HttpStatusCode.NotFound, ErrorCodes.JobNotFound);
    }

    [Fact]
    public async Task Unknown_route_and_wrong_method_are_coded_problems_too()
    {
        var problem = await ProblemAssert.IsProblemAsync(await _client.GetAsync("/api/nothing-here"), HttpStatusCode.NotFound, ErrorCodes.InvalidRequest);
        Assert.Contains("/api/nothing-here", problem.GetProperty("detail").GetString());
        await ProblemAssert.IsProblemAsync(await _client.DeleteAsync("/api/status"), HttpStatusCode.MethodNotAllowed, ErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task Start_without_selection_is_409_no_selection()
    {
        var response = await _client.PostJsonAsync("/api/control", new { action = "start" });
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, ErrorCodes.NoSelection);
    }

    [Theory]
    [InlineData("GET", "/api/jobs/never-defined")]
    [InlineData("GET", "/api/jobs/never-defined/definition")]
    [InlineData("GET", "/api/jobs/never-defined/runs")]
    [InlineData("POST", "/api/jobs/never-defined/control")]
    public async Task Unknown_job_is_404_job_not_found(string method, string path)
    {
        var response = method == "GET"
            ? await _client.GetAsync(path)
            : await _client.PostJsonAsync(path, new { action = "start" });
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, ErrorCodes.JobNotFound);
    }

    [Fact]
    public async Task Invalid_job_id_is_400_invalid_job_id()
    {
        await ProblemAssert.IsProblemAsync(await _client.GetAsync("/api/jobs/Not_Lower"), HttpStatusCode.BadRequest, ErrorCodes.InvalidJobId);
        var create = await _client.PostJsonAsync("/api/jobs", new { jobId = "-bad", sources = new[] { "/tmp" }, destination = "/tmp/x" });
        await ProblemAssert.IsProblemAsync(create, HttpStatusCode.BadRequest, ErrorCodes.InvalidJobId);
    }

    [Fact]
    public async Task Status_of_undefined_default_job_is_idle_with_every_contract_field()
    {
        var response = await _client.GetAsync("/api/status");
        var status = await response.JsonAsync();

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var fields = OrleansBackup.Tests.Support.StatusContract.Fields;
        foreach (var field in fields)
        {
            Assert.True(status.TryGetProperty(field, out _), $"status has no '{field}': {status}");
        }

        Assert.Equal("Idle", status.GetProperty("state").GetString());
        Assert.Equal("default", status.GetProperty("jobId").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, status.GetProperty("filesTotal").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, status.GetProperty("runId").ValueKind);
        Assert.Equal(0, status.GetProperty("errors").GetArrayLength());
    }

    private async Task AssertDefaultJobUndefinedAsync() =>
        await ProblemAssert.IsProblemAsync(await _client.GetAsync("/api/jobs/default"), HttpStatusCode.NotFound, ErrorCodes.JobNotFound);
}
