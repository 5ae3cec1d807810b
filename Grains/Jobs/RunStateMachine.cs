using OrleansBackup.Contracts;

namespace OrleansBackup.Grains.Jobs;

/// <summary>The run state machine, written down in one place.
/// <code>
///   Idle ──start──▶ Running ◀──resume── Paused
///                    │  ──pause──────────▶ │
///                    ├─▶ Completed | CompletedWithWarnings | Failed
///                    └─▶ Stopped ◀──stop── Paused ──▶ Failed
///   any terminal state ──start──▶ Running (a new run)
/// </code></summary>
public static class RunStateMachine
{
    private static readonly Dictionary<RunState, RunState[]> Allowed = new()
    {
        [RunState.Idle] = [RunState.Running],
        [RunState.Running] = [RunState.Paused, RunState.Completed, RunState.CompletedWithWarnings, RunState.Failed, RunState.Stopped],
        [RunState.Paused] = [RunState.Running, RunState.Stopped, RunState.Failed],
        [RunState.Completed] = [RunState.Running],
        [RunState.CompletedWithWarnings] = [RunState.Running],
        [RunState.Failed] = [RunState.Running],
        [RunState.Stopped] = [RunState.Running],
    };

    public static bool CanTransition(RunState from, RunState to) => Allowed[from].Contains(to);

    /// <summary>True for states in which a run is under way (its queue may still hold work).</summary>
    public static bool IsActive(RunState state) => state is RunState.Running or RunState.Paused;

    public static bool IsTerminal(RunState state) =>
        state is RunState.Completed or RunState.CompletedWithWarnings or RunState.Failed or RunState.Stopped;

    /// <summary>Throws <c>invalid_transition</c> with a message a user understands.</summary>
    public static void Ensure(RunState from, RunState to, string action)
    {
        if (!CanTransition(from, to))
            throw new BackupException(ErrorCodes.InvalidTransition, $"Cannot {action}: the job is {from}.");
    }
}
