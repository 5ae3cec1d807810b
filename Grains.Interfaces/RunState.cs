namespace OrleansBackup.Contracts;

/// <summary>The state of a job's current (or last) run. Allowed transitions live in one place:
/// <c>RunStateMachine</c> in the Grains project.</summary>
[GenerateSerializer, Alias("OrleansBackup.RunState")]
public enum RunState
{
    /// <summary>No run has started yet.</summary>
    Idle = 0,
    /// <summary>Directory work is being dispatched and copied.</summary>
    Running = 1,
    /// <summary>Dispatch is halted; files in flight finished; nothing moves until resume.</summary>
    Paused = 2,
    /// <summary>Every file was copied or found unchanged.</summary>
    Completed = 3,
    /// <summary>The run finished but some files could not be copied (listed in errors).</summary>
    CompletedWithWarnings = 4,
    /// <summary>The run could not go on (destination unwritable, source missing, ...).</summary>
    Failed = 5,
    /// <summary>Stopped by a user; in-flight copies were cancelled, no partial files left.</summary>
    Stopped = 6,
}
