namespace OrleansBackup.Engine;

/// <summary>A token bucket shared by a silo's copies: at most <see cref="BytesPerSecond"/> on
/// average, with bursts of up to one second's worth. 0 means unlimited. Like rsync's --bwlimit, it
/// keeps a backup from saturating a NAS link or a USB disk that others use too.</summary>
public sealed class BandwidthLimiter(TimeProvider time)
{
    private readonly object _lock = new();
    private long _bytesPerSecond;
    private double _tokens;
    private long _lastTimestamp = time.GetTimestamp();

    /// <summary>Average limit in bytes per second; 0 (the default) = unlimited. Changeable at run time.</summary>
    public long BytesPerSecond
    {
        get { lock (_lock) return _bytesPerSecond; }
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            lock (_lock)
            {
                _bytesPerSecond = value;
                _tokens = Math.Min(_tokens, value);
                _lastTimestamp = time.GetTimestamp();
            }
        }
    }

    /// <summary>Accounts for <paramref name="bytes"/> just moved, and waits while the bucket is in debt.</summary>
    public Task WaitAsync(long bytes, CancellationToken ct)
    {
        TimeSpan delay;
        lock (_lock)
        {
            if (_bytesPerSecond == 0) return Task.CompletedTask;
            var now = time.GetTimestamp();
            _tokens = Math.Min(_bytesPerSecond, _tokens + time.GetElapsedTime(_lastTimestamp, now).TotalSeconds * _bytesPerSecond);
            _lastTimestamp = now;
            _tokens -= bytes;
            if (_tokens >= 0) return Task.CompletedTask;
            delay = TimeSpan.FromSeconds(-_tokens / _bytesPerSecond);
        }
        return Task.Delay(delay, time, ct);
    }
}
