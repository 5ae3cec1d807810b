using System.Net;
using OrleansBackup.Contracts;
using OrleansBackup.Tests.Support;

namespace OrleansBackup.Tests.Api;

/// <summary>The Api started before any silo: it listens at once and answers 503 cluster_unavailable
/// (and an Unhealthy health report) while its client keeps retrying, and still stops on SIGTERM.</summary>
public sealed class ClusterDownTests
{
    private static readonly TimeSpan ListenTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Without_a_silo_calls_are_503_cluster_unavailable_and_health_is_unhealthy()
    {
        var port = ApiProcess.FreePort();
        await using var api = new ApiProcess(new Dictionary<string, string>
        {
            ["BACKUP_PORT"] = port.ToString(),
            ["BACKUP_GATEWAY_PORT"] = ApiProcess.FreePort().ToString(),
        });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var status = await Poll.UntilAsync(async () => await TryGetAsync(client, "/api/status"), r => r is not null,
            ListenTimeout, "the Api to listen");

        await ProblemAssert.IsProblemAsync(status!, HttpStatusCode.ServiceUnavailable, ErrorCodes.ClusterUnavailable);
        var control = await client.PostJsonAsync("/api/control", new { action = "start" });
        await ProblemAssert.IsProblemAsync(control, HttpStatusCode.ServiceUnavailable, ErrorCodes.ClusterUnavailable);
        var health = await client.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Contains("\"Unhealthy\"", await health.Content.ReadAsStringAsync());
        Assert.False(api.Process.HasExited, api.Output);

        // SIGTERM while the client still waits for a silo: a clean, prompt exit.
        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", api.Process.Id.ToString()]))
        {
            await kill.WaitForExitAsync();
        }

        await api.Process.WaitForExitAsync().WaitAsync(ListenTimeout);
        Assert.True(api.Process.ExitCode == 0, api.Output);
    }

    private static async Task<HttpResponseMessage?> TryGetAsync(HttpClient client, string path)
    {
        try
        {
            return await client.GetAsync(path);
        }
        catch (HttpRequestException)
        {
            return null; // not listening yet
        }
    }
}
