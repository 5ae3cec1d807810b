using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansBackup.Api.OpenApi;
using OrleansBackup.Contracts;

namespace OrleansBackup.Api.Health;

/// <summary>GET /api/health: cluster reachability, and writability and free space of every
/// destination (the configured one and each job's). 200 when Healthy or Degraded, 503 when
/// Unhealthy; the body lists every check with its data. A minimal-API endpoint (not
/// MapHealthChecks) so the OpenAPI document describes it like every other.</summary>
internal static class HealthSetup
{
    public static void AddApiHealthChecks(this IServiceCollection services) => services.AddTransient<DestinationSet>().AddHealthChecks()
        .AddCheck<ClusterHealthCheck>("cluster")
        .AddCheck<DestinationHealthCheck>("destination")
        .AddCheck<FreeSpaceHealthCheck>("free-space");

    public static void MapApiHealthChecks(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/health", GetAsync)
            .WithTags("Health")
            .WithSummary("Health of the service")
            .WithDescription("Checks `cluster` (a grain answers within 3 s), `destination` (every destination can be written) and " +
                "`free-space` (Degraded under 1 GiB free on any destination). 200 when Healthy or Degraded, 503 when Unhealthy.")
            .Produces<HealthDocument>(StatusCodes.Status503ServiceUnavailable)
            .WithErrors(ErrorCodes.Unauthorized);

    public static async Task<Results<Ok<HealthDocument>, JsonHttpResult<HealthDocument>>> GetAsync(
        HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        var document = new HealthDocument(report.Status.ToString(), report.TotalDuration.TotalMilliseconds,
            [.. report.Entries.Select(e => new HealthCheckEntry(e.Key, e.Value.Status.ToString(), e.Value.Description,
                e.Value.Duration.TotalMilliseconds, e.Value.Data))]);
        return report.Status == HealthStatus.Unhealthy
            ? TypedResults.Json(document, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(document);
    }
}

/// <summary>The body of <c>GET /api/health</c>.</summary>
/// <param name="Status">Healthy, Degraded or Unhealthy: the worst of the checks.</param>
/// <param name="DurationMs">Time all checks took, in milliseconds.</param>
/// <param name="Checks">Every check, by name.</param>
public sealed record HealthDocument(string Status, double DurationMs, HealthCheckEntry[] Checks);

/// <summary>One health check's result.</summary>
/// <param name="Name">cluster, destination or free-space.</param>
/// <param name="Status">Healthy, Degraded or Unhealthy.</param>
/// <param name="Description">What was found, in words.</param>
/// <param name="DurationMs">Time the check took, in milliseconds.</param>
/// <param name="Data">The check's facts (e.g. <c>destinations</c>: path, jobs, writable, freeBytes).</param>
public sealed record HealthCheckEntry(string Name, string Status, string? Description, double DurationMs, IReadOnlyDictionary<string, object> Data);
