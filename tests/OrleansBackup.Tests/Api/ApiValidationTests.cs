using System.Net;
using OrleansBackup.Contracts;
using OrleansBackup.Tests.Support;

namespace OrleansBackup.Tests.Api;

/// <summary>Input that once answered 500: every one is a 4xx with its code now, and a refused
/// definition leaves nothing behind (no definition, no previous one changed).</summary>
public sealed class ApiValidationTests(ApiFixture fixture) : IClassFixture<ApiFixture>, IDisposable
{
    private readonly HttpClient _client = fixture.CreateClient();
    private readonly TempTree _source = new("obk-val-src");

    public void Dispose() => _source.Dispose();

    [Theory]
    [InlineData("every 25000000d")]   // overflowed TimeSpan
    [InlineData("every 5\u0661m")]    // an Arabic-Indic digit: \d took it, long.Parse did not
    [InlineData("every 99999999h")]   // first run past the year 9999
    [InlineData("every 367d")]        // longer than the longest interval
    [InlineData("0 0 30 2 *")]        // 30 February: a valid cron that never fires
    public async Task A_bad_schedule_is_400_invalid_schedule_and_leaves_no_definition(string schedule)
    {
        var jobId = NewJobId();
        var response = await _client.PostJsonAsync("/api/jobs", Job(jobId, Destination(), schedule));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.InvalidSchedule);
        await ProblemAssert.IsProblemAsync(await _client.GetAsync($"/api/jobs/{jobId}/definition"), HttpStatusCode.NotFound, ErrorCodes.JobNotFound);
    }

    [Fact]
    public async Task A_refused_redefinition_keeps_the_previous_definition_and_schedule()
    {
        var jobId = NewJobId();
        var destination = Destination();
        (await _client.PostJsonAsync("/api/jobs", Job(jobId, destination, "every 6h"))).EnsureSuccessStatusCode();
        var before = await _client.GetJsonAsync($"/api/jobs/{jobId}");

        var response = await _client.PostJsonAsync("/api/jobs", Job(jobId, destination, "every 99999999h"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.InvalidSchedule);
        var definition = await _client.GetJsonAsync($"/api/jobs/{jobId}/definition");
        Assert.Equal("every 6h", definition.GetProperty("schedule").GetString());
        var after = await _client.GetJsonAsync($"/api/jobs/{jobId}");
        Assert.Equal(before.GetProperty("nextScheduledRunAt").GetString(), after.GetProperty("nextScheduledRunAt").GetString());
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\u001b[31m")]
    [InlineData("\t")]
    [InlineData("\u0085")]
    public async Task A_control_character_in_the_destination_is_400_and_start_is_not_a_500(string control)
    {
        var jobId = NewJobId();
        var destination = Destination() + control + "x";

        var response = await _client.PostJsonAsync("/api/jobs", Job(jobId, destination, null));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
        Assert.Contains("control character", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain(control, problem.GetProperty("detail").GetString());
        var start = await _client.PostJsonAsync($"/api/jobs/{jobId}/control", new { action = "start" });
        await ProblemAssert.IsProblemAsync(start, HttpStatusCode.NotFound, ErrorCodes.JobNotFound);
        Assert.False(Directory.Exists(destination));
    }

    [Fact]
    public async Task A_control_character_in_a_source_is_400()
    {
        var response = await _client.PostJsonAsync("/api/jobs",
            new { jobId = NewJobId(), sources = new[] { _source.Root + "\n" }, destination = Destination() });
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
    }

    [Theory]
    [InlineData("{\"mode\": 7}")]
    [InlineData("{\"dispatch\": -1}")]
    [InlineData("{\"durability\": 99}")]
    public async Task An_enum_given_as_an_undefined_number_is_400(string options)
    {
        var body = $"{{\"jobId\":\"{NewJobId()}\",\"sources\":[\"{_source.Root}\"],\"destination\":\"{Destination()}\",{options[1..]}";
        var response = await _client.PostRawAsync("/api/jobs", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Too_many_excludes_or_sources_are_400()
    {
        var excludes = await _client.PostJsonAsync("/api/jobs", new
        {
            jobId = NewJobId(), sources = new[] { _source.Root }, destination = Destination(),
            excludes = Enumerable.Range(0, 257).Select(i => $"*.t{i}").ToArray(),
        });
        await ProblemAssert.IsProblemAsync(excludes, HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);

        var sources = await _client.PostJsonAsync("/api/jobs", new
        {
            jobId = NewJobId(), sources = Enumerable.Range(0, 65).Select(i => Path.Join(_source.Root, $"s{i}")).ToArray(),
            destination = Destination(),
        });
        await ProblemAssert.IsProblemAsync(sources, HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
    }

    private object Job(string jobId, string destination, string? schedule) =>
        new { jobId, sources = new[] { _source.Root }, destination, schedule };

    private static string Destination() => Path.Join(ApiFixture.AllowedRoot, $"obk-val-dest-{Guid.NewGuid():N}");

    private static string NewJobId() => $"val-{Guid.NewGuid():N}"[..20];
}
