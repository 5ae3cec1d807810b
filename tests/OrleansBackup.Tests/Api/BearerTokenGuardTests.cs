using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansBackup.Api.Hosting;
using OrleansBackup.Hosting;

namespace OrleansBackup.Tests.Api;

/// <summary>Outside loopback, every call needs the bearer token; the Api refuses to listen beyond
/// loopback without one.</summary>
public sealed class BearerTokenGuardTests
{
    private const string Token = "a-long-enough-secret-token";

    private static async Task<(int Status, string Body)> CallAsync(string remote, string path, string? authorization, string method = "GET")
    {
        var options = Options.Create(new ApiOptions { Settings = new BackupSettings { ApiToken = Token, AdvertisedAddress = IPAddress.Parse("192.0.2.2") } });
        var guard = new BearerTokenGuard(ctx => { ctx.Response.StatusCode = StatusCodes.Status204NoContent; return Task.CompletedTask; }, options);
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider(),
        };
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        context.Request.Method = method;
        context.Request.Path = path;
        if (authorization is not null) context.Request.Headers.Authorization = authorization;
        context.Response.Body = new MemoryStream();
        await guard.InvokeAsync(context);
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, await new StreamReader(context.Response.Body).ReadToEndAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token-of-some-length")]
    [InlineData("Basic " + Token)]
    public async Task A_remote_call_without_the_token_is_401_unauthorized(string? authorization)
    {
        var (status, body) = await CallAsync("192.0.2.50", "/api/status", authorization);
        Assert.Equal(401, status);
        Assert.Equal("unauthorized", (string?)JsonNode.Parse(body)!["code"]);
    }

    [Theory]
    [InlineData("192.0.2.50", "/api/control", "Bearer " + Token, "POST")]
    [InlineData("127.0.0.1", "/api/control", null, "POST")]
    [InlineData("::1", "/api/status", null, "GET")]
    [InlineData("192.0.2.50", "/api/health", null, "GET")]
    public async Task The_token_loopback_and_health_probes_pass(string remote, string path, string? authorization, string method)
    {
        var (status, _) = await CallAsync(remote, path, authorization, method);
        Assert.Equal(204, status);
    }

    [Fact]
    public void Listening_beyond_loopback_without_a_token_is_refused_at_start_naming_the_key()
    {
        var configuration = SettingsLoader.BuildConfiguration([], new Dictionary<string, string?> { ["BACKUP_ADVERTISED_ADDRESS"] = "192.0.2.2" });
        var result = new ApiOptionsValidator(configuration).Validate(null, new ApiOptions());
        Assert.True(result.Failed);
        Assert.Contains("BACKUP_API_TOKEN", result.FailureMessage);

        var withToken = SettingsLoader.BuildConfiguration([], new Dictionary<string, string?>
        {
            ["BACKUP_ADVERTISED_ADDRESS"] = "192.0.2.2",
            ["BACKUP_API_TOKEN"] = Token,
        });
        Assert.True(new ApiOptionsValidator(withToken).Validate(null, new ApiOptions()).Succeeded);
    }
}
