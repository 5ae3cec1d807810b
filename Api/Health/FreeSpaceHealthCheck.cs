using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OrleansBackup.Api.Hosting;

namespace OrleansBackup.Api.Health;

/// <summary>Free bytes on the destination's filesystem; Degraded under <see cref="LowSpaceBytes"/>.</summary>
internal sealed class FreeSpaceHealthCheck(IOptions<ApiOptions> options) : IHealthCheck
{
    /// <summary>Below this many free bytes the check is Degraded: 1 GiB.</summary>
    public const long LowSpaceBytes = 1L << 30;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Check(options.Value.Settings.Destination));

    private static HealthCheckResult Check(string? destination)
    {
        if (destination is null || DestinationProbe.NearestExisting(destination) is not { } dir)
        {
            return HealthCheckResult.Healthy("No destination to measure.");
        }

        try
        {
            var free = new DriveInfo(dir).AvailableFreeSpace;
            var data = new Dictionary<string, object> { ["path"] = dir, ["freeBytes"] = free, ["lowSpaceBytes"] = LowSpaceBytes };
            return free < LowSpaceBytes
                ? HealthCheckResult.Degraded($"Only {free / (1024 * 1024)} MiB free on the destination.", data: data)
                : HealthCheckResult.Healthy($"{free / (1024 * 1024)} MiB free on the destination.", data);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return HealthCheckResult.Unhealthy($"Cannot measure free space at {dir}: {e.Message}", e);
        }
    }
}
