namespace OrleansBackup.Engine;

/// <summary>Pauses a directory's copy work: while paused no new file copy starts; copies already
/// in flight finish. Thread-safe; starts resumed.</summary>
public sealed class PauseGate
{
    private readonly object _lock = new();
    private TaskCompletionSource? _resumed;

    /// <summary>True between <see cref="Pause"/> and <see cref="Resume"/>.</summary>
    public bool IsPaused
    {
        get { lock (_lock) return _resumed is not null; }
    }

    /// <summary>Stops new file copies from starting. Idempotent.</summary>
    public void Pause()
    {
        lock (_lock)
            _resumed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Lets waiting copies start. Idempotent.</summary>
    public void Resume()
    {
        TaskCompletionSource? resumed;
        lock (_lock)
        {
            resumed = _resumed;
            _resumed = null;
        }
        resumed?.TrySetResult();
    }

    /// <summary>Completes at once when not paused, else when resumed or when
    /// <paramref name="ct"/> is cancelled (then it throws <see cref="OperationCanceledException"/>).</summary>
    public ValueTask WaitAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        TaskCompletionSource? resumed;
        lock (_lock) resumed = _resumed;
        return resumed is null ? ValueTask.CompletedTask : new ValueTask(resumed.Task.WaitAsync(ct));
    }
}
