using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OrleansBackup.Api.Errors;
using OrleansBackup.Api.OpenApi;

namespace OrleansBackup.Tests.Api;

/// <summary>The OpenAPI document describes the Api as it is: every route, every error code an endpoint
/// declares (and every catalogued code somewhere), required non-null fields, the server's bounds;
/// and the reference page at /docs reads it.</summary>
public sealed class OpenApiDocumentTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly HttpClient _client = fixture.CreateClient();

    private static string Normalize(string route) => "/" + route.Trim('/');

    [Fact]
    public async Task Every_route_and_every_declared_error_code_is_in_the_document()
    {
        var document = await _client.GetJsonAsync("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().ToDictionary(p => Normalize(p.Name), p => p.Value);
        var endpoints = fixture.Factory.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>() is not null)
            .ToList();
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/api/health");
        Assert.True(endpoints.Count >= 11, $"only {endpoints.Count} api endpoints found");

        var documented = new HashSet<string>();
        foreach (var endpoint in endpoints)
        {
            var route = Normalize(endpoint.RoutePattern.RawText!);
            Assert.True(paths.TryGetValue(route, out var path), $"{route} is not in the OpenAPI document");
            foreach (var method in endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()!.HttpMethods)
            {
                Assert.True(path.TryGetProperty(method.ToLowerInvariant(), out var operation), $"{method} {route} is not documented");
                Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), $"{method} {route} has no summary");
                Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("description").GetString()), $"{method} {route} has no description");
                var errors = endpoint.Metadata.GetMetadata<ErrorCodesMetadata>();
                Assert.True(errors is not null, $"{method} {route} declares no error codes");
                var responses = operation.GetProperty("responses");
                foreach (var code in errors!.Codes)
                {
                    var status = ErrorCatalog.Lookup(code).Status.ToString();
                    Assert.True(responses.TryGetProperty(status, out var response), $"{method} {route} lacks its {status} response ({code})");
                    var listed = response.GetProperty("x-error-codes").EnumerateArray().Select(c => c.GetString()).ToList();
                    Assert.Contains(code, listed);
                    Assert.Contains($"`{code}`", response.GetProperty("description").GetString());
                    documented.Add(code);
                }
            }
        }

        Assert.Empty(ErrorCatalog.Codes.Except(documented));
    }

    [Fact]
    public async Task Required_fields_are_non_null_and_bounds_are_the_servers()
    {
        var schemas = (await _client.GetJsonAsync("/openapi/v1.json")).GetProperty("components").GetProperty("schemas");
        var status = schemas.GetProperty("JobStatus");
        var required = status.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "jobId", "state", "filesDone", "bytesDone", "workers", "errors", "activeDirectories" }, required);
        Assert.DoesNotContain("runId", required);
        Assert.Equal(JsonValueKind.String, status.GetProperty("properties").GetProperty("jobId").GetProperty("type").ValueKind);
        Assert.Contains("null", status.GetProperty("properties").GetProperty("runId").GetProperty("type").EnumerateArray().Select(t => t.GetString()));

        var definition = schemas.GetProperty("JobDefinitionResponse");
        Assert.Contains("maxConcurrentDirectories", definition.GetProperty("required").EnumerateArray().Select(r => r.GetString()));

        var request = schemas.GetProperty("JobRequest").GetProperty("properties").GetProperty("maxConcurrentDirectories");
        Assert.Equal(1, request.GetProperty("minimum").GetInt32());
        Assert.Equal(1024, request.GetProperty("maximum").GetInt32());
    }

    [Fact]
    public async Task The_reference_page_is_served_at_docs_and_reads_the_document()
    {
        using var response = await _client.GetAsync("/docs");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        // The page's source is relative to the site's base path (the page script strips "/docs/").
        Assert.Contains("\"url\":\"openapi/v1.json\"", html);
        // The script is served by the Api itself (no CDN): the page works offline.
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"([^\"]*scalar[^\"]*\\.js)\"").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(script), html);
        Assert.DoesNotContain("://", script);
        using var js = await _client.GetAsync(new Uri(new Uri("http://localhost/docs/"), script));
        Assert.Equal(HttpStatusCode.OK, js.StatusCode);
    }
}
