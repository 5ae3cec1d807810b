namespace OrleansBackup.Engine;

/// <summary>Bytes per second over a sliding window in buckets of 250 ms, timed with the injected
/// <see cref="TimeProvider"/> so tests can move time by hand. One meter for the silo's copy executor
/// (fed byte deltas as chunks land) and for a job's aggregate (fed cumulative counts as progress
/// arrives). In memory only: a restarted owner simply measures afresh. Not thread-safe: the owner
/// locks (the executor) or is single-threaded (a grain).</summary>
internal sealed class ThroughputMeter
{
    private static readonly TimeSpan BucketWidth = TimeSpan.FromMilliseconds(250);

    private readonly TimeProvider _time;
    private readonly long[] _bytes;
    private readonly long[] _epoch;
    private long _start;
    private long _firstEpoch = -1;
    private long? _lastCumulative;

    /// <param name="time">The clock.</param>
    /// <param name="window">Width of the averaging window; default 3 s.</param>
    public ThroughputMeter(TimeProvider time, TimeSpan? window = null)
    {
        _time = time;
        var buckets = (int)Math.Max(1, (window ?? TimeSpan.FromSeconds(3)) / BucketWidth);
        _bytes = new long[buckets];
        _epoch = new long[buckets];
        Reset();
    }

    /// <summary>Forgets everything measured (a run starts or resumes).</summary>
    public void Reset()
    {
        _start = _time.GetTimestamp();
        Array.Fill(_epoch, -1);
        Array.Clear(_bytes);
        _firstEpoch = -1;
        _lastCumulative = null;
    }

    private long CurrentEpoch() => _time.GetElapsedTime(_start).Ticks / BucketWidth.Ticks;

    /// <summary>Counts <paramref name="bytes"/> that moved just now.</summary>
    public void Add(long bytes)
    {
        if (bytes <= 0) return;
        long epoch = CurrentEpoch();
        int slot = (int)(epoch % _bytes.Length);
        if (_epoch[slot] != epoch)
        {
            _epoch[slot] = epoch;
            _bytes[slot] = 0;
        }
        _bytes[slot] += bytes;
        if (_firstEpoch < 0) _firstEpoch = epoch;
    }

    /// <summary>Counts the growth of a cumulative byte count since the last call (the first call
    /// only sets the baseline; a count that went down, e.g. a retried file's bytes given back, adds nothing).</summary>
    public void Observe(long cumulativeBytes)
    {
        if (_lastCumulative is { } last) Add(cumulativeBytes - last);
        if (_lastCumulative is null || cumulativeBytes > _lastCumulative) _lastCumulative = cumulativeBytes;
    }

    /// <summary>Bytes per second over the window (the full buckets plus the current partial one), or
    /// over the time since the first bytes when that is shorter, at least one bucket wide so a
    /// fresh start is neither under-reported nor a spike.</summary>
    public double BytesPerSecond()
    {
        if (_firstEpoch < 0) return 0;
        var elapsed = _time.GetElapsedTime(_start);
        long now = elapsed.Ticks / BucketWidth.Ticks;
        long oldest = Math.Max(now - _bytes.Length + 1, _firstEpoch);
        long sum = 0;
        for (int i = 0; i < _bytes.Length; i++)
            if (_epoch[i] >= oldest && _epoch[i] <= now) sum += _bytes[i];
        double span = Math.Max(BucketWidth.TotalSeconds, (elapsed - oldest * BucketWidth).TotalSeconds);
        return sum / span;
    }
}
