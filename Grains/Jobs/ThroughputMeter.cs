namespace OrleansBackup.Grains.Jobs;

/// <summary>Bytes per second over a sliding window, from cumulative byte counts sampled whenever
/// progress arrives. In memory only: a restarted job simply measures afresh.</summary>
public sealed class ThroughputMeter(TimeProvider time)
{
    /// <summary>Width of the averaging window.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    private readonly Queue<(DateTimeOffset At, long Bytes)> _samples = new();

    public void Reset() => _samples.Clear();

    public void Sample(long cumulativeBytes)
    {
        var now = time.GetUtcNow();
        _samples.Enqueue((now, cumulativeBytes));
        while (_samples.Count > 2 && now - _samples.Peek().At > Window) _samples.Dequeue();
    }

    /// <summary>Rate between the oldest sample in the window and now; 0 without two samples.</summary>
    public double BytesPerSecond(long cumulativeBytesNow)
    {
        if (_samples.Count == 0) return 0;
        var now = time.GetUtcNow();
        var (at, bytes) = _samples.Peek();
        var seconds = (now - at).TotalSeconds;
        return seconds < 0.2 ? 0 : Math.Max(0, (cumulativeBytesNow - bytes) / seconds);
    }
}
