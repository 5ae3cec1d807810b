using Microsoft.Extensions.Time.Testing;
using OrleansBackup.Engine;

namespace OrleansBackup.Tests.Engine;

/// <summary>The silo bandwidth limit, on a fake clock.</summary>
public sealed class BandwidthLimiterTests
{
    [Fact]
    public void Unlimited_never_waits()
    {
        var limiter = new BandwidthLimiter(new FakeTimeProvider());
        Assert.True(limiter.WaitAsync(long.MaxValue / 2, CancellationToken.None).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Debt_is_repaid_at_the_configured_rate()
    {
        var clock = new FakeTimeProvider();
        var limiter = new BandwidthLimiter(clock) { BytesPerSecond = 1000 };
        // The bucket starts empty: 500 bytes put it 0.5 s in debt.
        var wait = limiter.WaitAsync(500, CancellationToken.None);
        Assert.False(wait.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(wait.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await wait;

        // After an idle second the bucket holds at most one second's worth (1000 bytes).
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(limiter.WaitAsync(1000, CancellationToken.None).IsCompletedSuccessfully);
        Assert.False(limiter.WaitAsync(1, CancellationToken.None).IsCompleted);
    }

    [Fact]
    public void Negative_limits_are_rejected_and_zero_lifts_the_limit()
    {
        var limiter = new BandwidthLimiter(new FakeTimeProvider()) { BytesPerSecond = 10 };
        Assert.Throws<ArgumentOutOfRangeException>(() => limiter.BytesPerSecond = -1);
        limiter.BytesPerSecond = 0;
        Assert.True(limiter.WaitAsync(1_000_000, CancellationToken.None).IsCompletedSuccessfully);
    }
}
