using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansBackup.Api.Health;

/// <summary>Every destination (configured and each job's, see <see cref="DestinationSet"/>) can be
/// written: a probe file is created and deleted in it, or in its nearest existing parent when it does
/// not exist yet. Unhealthy when any cannot; data lists each with its jobs.</summary>
internal sealed class DestinationHealthCheck(DestinationSet destinations) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (all, jobsKnown) = await destinations.ListAsync(cancellationToken);
        if (all.Count == 0)
        {
            return HealthCheckResult.Healthy(jobsKnown ? "No destination configured and no job defined." : "No destination configured; jobs unknown (cluster unreachable).",
                new Dictionary<string, object> { ["destinations"] = Array.Empty<object>(), ["jobsKnown"] = jobsKnown });
        }

        var rows = new List<Dictionary<string, object?>>();
        var problems = new List<string>();
        foreach (var (path, jobs) in all)
        {
            var (writable, probed, problem) = await ProbeAsync(path, cancellationToken);
            rows.Add(new() { ["path"] = path, ["jobs"] = jobs, ["probed"] = probed, ["writable"] = writable, ["problem"] = problem });
            if (!writable) problems.Add($"{path}: {problem}");
        }

        var data = new Dictionary<string, object> { ["destinations"] = rows, ["jobsKnown"] = jobsKnown };
        return problems.Count == 0
            ? HealthCheckResult.Healthy(all.Count == 1 ? "The destination is writable." : $"All {all.Count} destinations are writable.", data)
            : HealthCheckResult.Unhealthy($"{problems.Count} of {all.Count} destinations cannot be written: {string.Join("; ", problems)}", data: data);
    }

    private static async Task<(bool Writable, string? Probed, string? Problem)> ProbeAsync(string destination, CancellationToken ct)
    {
        if (DestinationProbe.NearestExisting(destination) is not { } dir)
        {
            return (false, null, "no part of the path exists");
        }

        var probe = Path.Combine(dir, $".orleans-backup-probe-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllBytesAsync(probe, [], ct);
            File.Delete(probe);
            return (true, dir, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (false, dir, $"cannot write to {dir}: {e.Message}");
        }
    }
}
