using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansBackup.Api.Health;

/// <summary>Free bytes on every destination's filesystem (see <see cref="DestinationSet"/>); Degraded
/// when any has less than <see cref="LowSpaceBytes"/>. <c>freeBytes</c> is the smallest.</summary>
internal sealed class FreeSpaceHealthCheck(DestinationSet destinations) : IHealthCheck
{
    /// <summary>Below this many free bytes the check is Degraded: 1 GiB.</summary>
    public const long LowSpaceBytes = 1L << 30;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (all, _) = await destinations.ListAsync(cancellationToken);
        var rows = new List<Dictionary<string, object?>>();
        var low = new List<string>();
        var unknown = new List<string>();
        long? smallest = null;
        foreach (var (path, jobs) in all)
        {
            var free = DestinationProbe.FreeBytes(path);
            rows.Add(new() { ["path"] = path, ["jobs"] = jobs, ["freeBytes"] = free });
            if (free is not { } bytes) unknown.Add(path);
            else
            {
                smallest = Math.Min(smallest ?? long.MaxValue, bytes);
                if (bytes < LowSpaceBytes) low.Add($"{path}: {bytes / (1024 * 1024)} MiB free");
            }
        }

        var data = new Dictionary<string, object> { ["destinations"] = rows, ["lowSpaceBytes"] = LowSpaceBytes };
        if (smallest is { } min) data["freeBytes"] = min;
        if (all.Count == 0) return HealthCheckResult.Healthy("No destination to measure.", data);
        if (low.Count > 0) return HealthCheckResult.Degraded("Low free space: " + string.Join("; ", low), data: data);
        if (unknown.Count > 0) return HealthCheckResult.Unhealthy("Cannot measure free space at " + string.Join(", ", unknown), data: data);
        return HealthCheckResult.Healthy($"{smallest / (1024 * 1024)} MiB free on the fullest destination.", data);
    }
}
