namespace OrleansBackup.Engine;

/// <summary>Bytes per second over a sliding window (default 3 s) in buckets of 250 ms, timed with
/// the injected <see cref="TimeProvider"/> so tests can move time by hand. Not thread-safe: the
/// owner locks.</summary>
internal sealed class ThroughputMeter
{
    private static readonly TimeSpan BucketWidth = TimeSpan.FromMilliseconds(250);
    private const int BucketCount = 12; // 12 x 250 ms = 3 s

    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly long[] _bytes = new long[BucketCount];
    private readonly long[] _epoch = new long[BucketCount];
    private long _firstEpoch = -1;

    public ThroughputMeter(TimeProvider time)
    {
        _time = time;
        _start = time.GetTimestamp();
        Array.Fill(_epoch, -1);
    }

    private long CurrentEpoch() => _time.GetElapsedTime(_start).Ticks / BucketWidth.Ticks;

    public void Add(long bytes)
    {
        long epoch = CurrentEpoch();
        int slot = (int)(epoch % BucketCount);
        if (_epoch[slot] != epoch)
        {
            _epoch[slot] = epoch;
            _bytes[slot] = 0;
        }
        _bytes[slot] += bytes;
        if (_firstEpoch < 0) _firstEpoch = epoch;
    }

    /// <summary>Bytes per second over the window (the last 11 full buckets plus the current partial
    /// one), or over the time since the first bytes when that is shorter, at least one bucket wide so a
    /// fresh start is neither under-reported nor a spike.</summary>
    public double BytesPerSecond()
    {
        if (_firstEpoch < 0) return 0;
        var elapsed = _time.GetElapsedTime(_start);
        long now = elapsed.Ticks / BucketWidth.Ticks;
        long oldest = Math.Max(now - BucketCount + 1, _firstEpoch);
        long sum = 0;
        for (int i = 0; i < BucketCount; i++)
            if (_epoch[i] >= oldest && _epoch[i] <= now) sum += _bytes[i];
        double span = Math.Max(BucketWidth.TotalSeconds, (elapsed - oldest * BucketWidth).TotalSeconds);
        return sum / span;
    }
}
