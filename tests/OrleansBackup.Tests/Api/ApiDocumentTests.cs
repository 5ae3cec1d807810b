using System.Net;
using System.Net.Http.Headers;

namespace OrleansBackup.Tests.Api;

/// <summary>OpenAPI, compression and health: the Api's own surface.</summary>
public sealed class ApiDocumentTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly HttpClient _client = fixture.CreateClient();

    [Fact]
    public async Task OpenApi_document_lists_the_endpoints()
    {
        var document = await _client.GetJsonAsync("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Contains("/api/status", paths);
        Assert.Contains("/api/control", paths);
        Assert.Contains("/api/select", paths);
        Assert.Contains("/api/jobs/{id}/runs", paths);
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("JobStatus", out _));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    public async Task Large_responses_are_compressed_when_asked(string encoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Health_lists_every_check_and_is_200_with_a_live_cluster()
    {
        var response = await _client.GetAsync("/api/health");
        var health = await response.JsonAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = health.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(["cluster", "destination", "free-space"], checks.Keys.Order());
        Assert.Equal("Healthy", checks["cluster"].GetProperty("status").GetString());
        Assert.Equal("Healthy", checks["destination"].GetProperty("status").GetString());
        Assert.True(checks["free-space"].GetProperty("data").GetProperty("freeBytes").GetInt64() > 0);
        Assert.Empty(Directory.EnumerateFileSystemEntries(fixture.DefaultDestination)); // the probe file is gone
    }
}
