using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Builder;
using OrleansBackup.Api.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansBackup.Contracts;

namespace OrleansBackup.Tests.Api;

/// <summary>The Api's JSON settings, from its service registrations (no host, no cluster).</summary>
public sealed class JsonContractTests
{
    private static JsonSerializerOptions ApiJson()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddApiServices();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
    }

    [Fact]
    public void Status_is_camel_case_with_string_enums_nulls_and_empty_arrays_for_default_ones()
    {
        var status = new JobStatus { JobId = "j", State = RunState.CompletedWithWarnings, NextDirectories = default, Errors = default };

        var json = JsonDocument.Parse(JsonSerializer.Serialize(status, ApiJson())).RootElement;

        Assert.Equal("CompletedWithWarnings", json.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("filesTotal").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("etaSeconds").ValueKind);
        Assert.Equal(0, json.GetProperty("nextDirectories").GetArrayLength());
        Assert.Equal(0, json.GetProperty("errors").GetArrayLength());
    }
}
