using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OrleansBackup.Api.Hosting;

namespace OrleansBackup.Api.Health;

/// <summary>The configured destination (if any) can be written: a probe file is created and deleted
/// in it, or in its nearest existing parent when it does not exist yet.</summary>
internal sealed class DestinationHealthCheck(IOptions<ApiOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (options.Value.Settings.Destination is not { } destination)
        {
            return HealthCheckResult.Healthy("No destination configured.");
        }

        var data = new Dictionary<string, object> { ["destination"] = destination };
        if (DestinationProbe.NearestExisting(destination) is not { } dir)
        {
            return HealthCheckResult.Unhealthy("No part of the destination path exists.", data: data);
        }

        data["probed"] = dir;
        var probe = Path.Combine(dir, $".orleans-backup-probe-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllBytesAsync(probe, [], cancellationToken);
            File.Delete(probe);
            return HealthCheckResult.Healthy(dir == destination ? "The destination is writable." : "The destination's parent is writable.", data);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"Cannot write to {dir}: {e.Message}", e, data);
        }
    }
}
