using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansBackup.Api.Jobs;
using OrleansBackup.Contracts;

namespace OrleansBackup.Api.Health;

/// <summary>Healthy when a grain answers within <see cref="Timeout"/>.</summary>
internal sealed class ClusterHealthCheck(IJobs jobs) : IHealthCheck
{
    /// <summary>How long the probe call may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var ids = await jobs.Catalog().ListAsync().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy("The cluster answers.", new Dictionary<string, object> { ["jobs"] = ids.Length });
        }
        catch (BackupException e) when (e.Code == ErrorCodes.ClusterUnavailable)
        {
            // Expected while the silo is down: no stack trace on every poll.
            return HealthCheckResult.Unhealthy(e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The cluster does not answer: {e.Message}", e);
        }
    }
}
