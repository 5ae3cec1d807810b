namespace OrleansBackup.Engine;

/// <summary>The silo-wide bounded pool of file copies ("workers"): one instance per silo, shared by
/// every directory being copied there, so the silo never runs more than <see cref="MaxWorkers"/>
/// copies at once however many directories it serves. Waiters are served first come, first served.</summary>
public sealed class CopyExecutor
{
    private readonly object _lock = new();
    private readonly Queue<TaskCompletionSource> _waiters = new();
    private readonly LinkedList<string> _current = new();
    private readonly ThroughputMeter _meter;
    private readonly BandwidthLimiter _bandwidth;
    private int _maxWorkers;
    private int _active;
    private long _totalBytes;

    /// <param name="maxWorkers">Concurrent file copies, at least 1.</param>
    /// <param name="timeProvider">Clock for the throughput window.</param>
    public CopyExecutor(int maxWorkers, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWorkers, 1);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _maxWorkers = maxWorkers;
        _meter = new ThroughputMeter(timeProvider);
        _bandwidth = new BandwidthLimiter(timeProvider);
    }

    /// <summary>The silo's copy bandwidth limit in bytes per second; 0 = unlimited (the default).
    /// Changeable at run time.</summary>
    public long MaxBytesPerSecond
    {
        get => _bandwidth.BytesPerSecond;
        set => _bandwidth.BytesPerSecond = value;
    }

    internal Task ThrottleAsync(long bytes, CancellationToken ct) => _bandwidth.WaitAsync(bytes, ct);

    /// <summary>Maximum concurrent file copies (at least 1). Can change at run time: growing lets
    /// waiting copies start at once; shrinking lets running copies finish and holds back new ones.</summary>
    public int MaxWorkers
    {
        get { lock (_lock) return _maxWorkers; }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            lock (_lock)
            {
                _maxWorkers = value;
                GrantLocked();
            }
        }
    }

    /// <summary>What the workers are doing now.</summary>
    public WorkerSnapshot Snapshot()
    {
        lock (_lock)
        {
            var files = _current.ToArray();
            return new WorkerSnapshot(_active, _maxWorkers, files.Length > 0 ? files[0] : null, files,
                _meter.BytesPerSecond(), _totalBytes);
        }
    }

    /// <summary>Waits for a free worker and holds it until the returned slot is disposed.</summary>
    /// <param name="file">Display path of the file ("source/relative/path").</param>
    internal async ValueTask<CopySlot> AcquireAsync(string file, CancellationToken ct)
    {
        TaskCompletionSource? waiter = null;
        lock (_lock)
        {
            if (_active < _maxWorkers && _waiters.Count == 0)
                _active++;
            else
            {
                waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Enqueue(waiter);
            }
        }
        if (waiter is not null)
        {
            // A cancelled waiter stays queued; GrantLocked skips it because TrySetResult fails.
            using (ct.Register(static w => ((TaskCompletionSource)w!).TrySetCanceled(), waiter))
                await waiter.Task.ConfigureAwait(false);
        }
        lock (_lock)
            return new CopySlot(this, _current.AddLast(file));
    }

    internal void Release(LinkedListNode<string> node)
    {
        lock (_lock)
        {
            _current.Remove(node);
            _active--;
            GrantLocked();
        }
    }

    internal void AddBytes(long bytes)
    {
        lock (_lock)
        {
            _totalBytes += bytes;
            _meter.Add(bytes);
        }
    }

    private void GrantLocked()
    {
        while (_active < _maxWorkers && _waiters.TryDequeue(out var w))
            if (w.TrySetResult()) _active++;
    }
}

/// <summary>A held worker of the <see cref="CopyExecutor"/>; dispose to give it back.</summary>
internal sealed class CopySlot : IDisposable
{
    private CopyExecutor? _owner;
    private readonly LinkedListNode<string> _node;

    internal CopySlot(CopyExecutor owner, LinkedListNode<string> node)
    {
        _owner = owner;
        _node = node;
    }

    /// <summary>Counts copied bytes towards the silo's throughput.</summary>
    public void AddBytes(long bytes) => _owner?.AddBytes(bytes);

    /// <summary>Waits as the silo's bandwidth limit requires for bytes just copied.</summary>
    public Task ThrottleAsync(long bytes, CancellationToken ct) => _owner?.ThrottleAsync(bytes, ct) ?? Task.CompletedTask;

    public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Release(_node);
}
