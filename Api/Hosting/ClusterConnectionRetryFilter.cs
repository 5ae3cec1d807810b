namespace OrleansBackup.Api.Hosting;

/// <summary>Keeps trying to reach the cluster (the silo may start after the Api), every
/// <see cref="RetryDelay"/>, until the host shuts down. Host start-up waits for the client, and the
/// token Orleans passes is not cancelled by Ctrl+C, so the application's stopping token is watched too.</summary>
internal sealed partial class ClusterConnectionRetryFilter(
    ILogger<ClusterConnectionRetryFilter> logger, IHostApplicationLifetime lifetime) : IClientConnectionRetryFilter
{
    /// <summary>Pause between connection attempts.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>The waiting line repeats at most this often (every third attempt).</summary>
    public static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(6);

    private int _attempts;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _attempts);
        // Waiting for a silo that is still starting is normal: one plain Information line, not a
        // warning with the connection's stack trace.
        if (attempt == 1 || attempt % (int)(LogEvery / RetryDelay) == 0)
        {
            LogRetrying(logger, attempt, RetryDelay, exception.GetBaseException().Message);
        }

        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
            await Task.Delay(RetryDelay, stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return true;
    }

    [LoggerMessage(1001, LogLevel.Information, "Waiting for the cluster (attempt {Attempt}, retrying every {Delay}): {Reason}")]
    private static partial void LogRetrying(ILogger logger, int attempt, TimeSpan delay, string reason);
}
