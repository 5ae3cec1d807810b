using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansBackup.Api.Health;

/// <summary>GET /api/health: cluster reachability, destination writability, free space.
/// 200 when Healthy or Degraded, 503 when Unhealthy; the body lists every check.</summary>
internal static class HealthSetup
{
    public static void AddApiHealthChecks(this IServiceCollection services) => services.AddHealthChecks()
        .AddCheck<ClusterHealthCheck>("cluster")
        .AddCheck<DestinationHealthCheck>("destination")
        .AddCheck<FreeSpaceHealthCheck>("free-space");

    public static void MapApiHealthChecks(this IEndpointRouteBuilder app) =>
        app.MapHealthChecks("/api/health", new HealthCheckOptions
        {
            ResponseWriter = HealthResponseWriter.WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
}
