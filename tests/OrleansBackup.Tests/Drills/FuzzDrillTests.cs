using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansBackup.Tests.EndToEnd;
using OrleansBackup.Tests.Support;
using Xunit.Abstractions;

namespace OrleansBackup.Tests.Drills;

/// <summary>The fuzz drill: thousands of seeded hostile requests against every endpoint of the real
/// service (silo and Api processes): never a 500, nothing written outside the allowed root, and the
/// service still backs up correctly afterwards. The seed is printed; OBK_FUZZ_SEED replays it.</summary>
public sealed class FuzzDrillTests(ITestOutputHelper output) : IDisposable
{
    private const int Concurrency = 16;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);
    private readonly TempTree _tree = new("obk-fuzz");
    private readonly string _token = $"obkfz{Guid.NewGuid():N}"[..17];

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task Thousands_of_hostile_requests_never_answer_500_nor_write_outside()
    {
        var seed = DrillSize.Seed("OBK_FUZZ_SEED");
        var count = DrillSize.FuzzRequests;
        output.WriteLine($"fuzz drill: seed {seed} (replay with OBK_FUZZ_SEED={seed}), {count} requests");

        var allowed = Directory.CreateDirectory(_tree.Path_("allowed")).FullName;
        var outside = Directory.CreateDirectory(_tree.Path_("outside")).FullName;
        var farOutside = Path.Combine("/var/tmp", $"obk-fuzz-{_token}");
        Directory.CreateSymbolicLink(Path.Join(allowed, "escape"), outside);
        var sources = Enumerable.Range(0, 3).Select(i => BuildSource(Path.Join(allowed, $"src{i}"))).ToArray();
        var destinations = Enumerable.Range(0, 4).Select(i => Path.Join(allowed, $"dest{i}")).ToArray();
        string[] outsidePaths =
        [
            Path.Join(outside, "dest"), farOutside, Path.Join(allowed, "escape"), Path.Join(allowed, "escape", "deeper"),
            Path.Join(allowed, "..", "outside", "x"), "/etc", "/", "relative/path", Path.Join(farOutside, "a"),
        ];
        var logs = Directory.CreateDirectory(_tree.Path_("logs")).FullName;
        var before = Snapshot();

        await using var service = new ServiceProcesses();
        var env = service.Environment(allowed, logs);
        env["BACKUP_DEST"] = destinations[0];
        service.Start("Silo", "OrleansBackup.Silo.dll", env);
        service.Start("Api", "OrleansBackup.Api.dll", env);
        await service.WaitUntilReadyAsync();
        var http = service.Http;

        string[] jobIds = ["default", "fz-a", "fz-b", "fz-c"];
        (await http.PostAsJsonAsync("/api/select", new { directories = new[] { sources[0] } })).EnsureSuccessStatusCode();
        for (var i = 1; i < jobIds.Length; i++)
            (await http.PostAsJsonAsync("/api/jobs", new { jobId = jobIds[i], sources = new[] { sources[i % 3] }, destination = destinations[i] })).EnsureSuccessStatusCode();

        var world = new FuzzWorld(await EndpointsAsync(http), jobIds, sources, destinations, outsidePaths);
        output.WriteLine($"endpoints: {string.Join(", ", world.Endpoints.Select(e => $"{e.Method} {e.Template}"))}");
        var fuzzer = new RequestFuzzer(seed, world);
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        for (var sent = 0; sent < count;)
        {
            var batch = new List<FuzzRequest>();
            if (sent % 400 == 200)
            {
                // Concurrent starts (and other transitions) of one job at once.
                var job = fuzzer.PickJob();
                for (var k = 0; k < 8; k++) batch.Add(fuzzer.Transition(job) with { Body = "{\"action\":\"start\"}" });
            }
            while (batch.Count < Concurrency && sent + batch.Count < count)
                batch.Add(batch.Count % 5 == 0 ? fuzzer.Transition() : fuzzer.Next());
            sent += batch.Count;
            await Task.WhenAll(batch.Select(async request =>
            {
                var status = await SendAsync(http, request);
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                if (status >= 500) failures.Enqueue($"{status} for {request}");
            }));
        }

        output.WriteLine($"{count} requests in {clock.Elapsed.TotalSeconds:0.0} s");
        output.WriteLine("answers: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        Assert.True(failures.IsEmpty, $"seed {seed}: {failures.Count} answers of 5xx, e.g.\n{string.Join("\n", failures.Take(10))}");

        // Let every run end, then: nothing outside the allowed root changed, and the service still works.
        foreach (var id in jobIds)
            await SendAsync(http, fuzzer.Transition(id) with { Body = "{\"action\":\"stop\"}" });
        foreach (var id in jobIds)
            await Poll.UntilAsync(async () => await StateAsync(http, id), s => s is not ("Running" or "Paused"), Settle, $"job {id} to settle");

        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        Assert.False(Directory.Exists(farOutside) || File.Exists(farOutside), $"{farOutside} was created");
        Assert.Equal(before, Snapshot());
        Assert.Empty(TempAreaSearch.Outside(_token, allowed));

        using (var health = await http.GetAsync("/api/health"))
            Assert.True(health.StatusCode == HttpStatusCode.OK, await health.Content.ReadAsStringAsync());
        var fresh = Path.Join(allowed, "after-fuzz");
        (await http.PostAsJsonAsync("/api/jobs", new { jobId = "after-fuzz", sources = new[] { sources[1] }, destination = fresh })).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("/api/jobs/after-fuzz/control", new { action = "start" })).EnsureSuccessStatusCode();
        var final = await Poll.UntilAsync(async () => await StateAsync(http, "after-fuzz"), s => s is not ("Running" or "Paused"), Settle, "the run after the fuzz");
        Assert.Equal("Completed", final);
        TreeAssert.MirrorEquals(sources[1], Path.Join(fresh, "after-fuzz", "current", "src1"));
    }

    /// <summary>Every method and path the service documents in its OpenAPI document.</summary>
    private static async Task<List<(HttpMethod, string)>> EndpointsAsync(HttpClient http)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));
        // Health and the document itself are not operations of the document.
        var endpoints = new List<(HttpMethod, string)> { (HttpMethod.Get, "/api/health"), (HttpMethod.Get, "/openapi/v1.json") };
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject())
            foreach (var method in path.Value.EnumerateObject())
                if (method.Name is "get" or "post" or "put" or "patch" or "delete")
                    endpoints.Add((new HttpMethod(method.Name.ToUpperInvariant()), path.Name));
        Assert.True(endpoints.Count >= 10, $"the OpenAPI document lists only {endpoints.Count} operations");
        return endpoints;
    }

    private static async Task<int> SendAsync(HttpClient http, FuzzRequest request)
    {
        using var message = new HttpRequestMessage(request.Method, new Uri(request.Path, UriKind.Relative));
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body));
            if (request.ContentType is not null) message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
        }
        using var response = await http.SendAsync(message);
        return (int)response.StatusCode;
    }

    private static async Task<string?> StateAsync(HttpClient http, string jobId)
    {
        var path = jobId == "default" ? "/api/status" : $"/api/jobs/{jobId}";
        using var doc = JsonDocument.Parse(await http.GetStringAsync(path));
        return doc.RootElement.GetProperty("state").GetString();
    }

    private string BuildSource(string root)
    {
        for (var d = 0; d < 3; d++)
            for (var f = 0; f < 5; f++)
                _tree.WriteFile(Path.GetRelativePath(_tree.Root, Path.Join(root, $"d{d}", $"f{f}-{_token}.bin")), 512 + f * 100, seed: d * 10 + f);
        return root;
    }

    /// <summary>Every entry of the drill's area outside the allowed root (links not followed).</summary>
    private string[] Snapshot() =>
        [.. Directory.EnumerateFileSystemEntries(_tree.Root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(p => !p.StartsWith(_tree.Path_("allowed") + "/", StringComparison.Ordinal) && !p.StartsWith(_tree.Path_("logs"), StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];
}
