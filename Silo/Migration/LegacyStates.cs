using OrleansBackup.Contracts;

namespace OrleansBackup.Silo.Migration;

/// <summary>The old server's status words and the run state each becomes (the README's migration
/// table lists them). A run that was still going when the old server stopped ended there: it is
/// imported as <see cref="RunState.Stopped"/>.</summary>
internal static class LegacyStates
{
    private static readonly Dictionary<string, RunState> Map = new(StringComparer.Ordinal)
    {
        ["completed"] = RunState.Completed, ["complete"] = RunState.Completed, ["success"] = RunState.Completed,
        ["successful"] = RunState.Completed, ["succeeded"] = RunState.Completed, ["done"] = RunState.Completed,
        ["finished"] = RunState.Completed, ["ok"] = RunState.Completed,
        ["completedwitherrors"] = RunState.CompletedWithWarnings, ["completedwithwarnings"] = RunState.CompletedWithWarnings,
        ["partial"] = RunState.CompletedWithWarnings, ["warning"] = RunState.CompletedWithWarnings, ["warnings"] = RunState.CompletedWithWarnings,
        ["failed"] = RunState.Failed, ["failure"] = RunState.Failed, ["error"] = RunState.Failed,
        ["stopped"] = RunState.Stopped, ["cancelled"] = RunState.Stopped, ["canceled"] = RunState.Stopped,
        ["aborted"] = RunState.Stopped, ["interrupted"] = RunState.Stopped,
    };

    private static readonly HashSet<string> Interrupted = new(StringComparer.Ordinal) { "running", "paused", "inprogress", "started", "pending", "resuming" };

    /// <summary>Every word taken, for the message that refuses another.</summary>
    public static string Known => string.Join(", ", Map.Keys.Concat(Interrupted).Order(StringComparer.Ordinal));

    public static bool IsInterrupted(string status) => Interrupted.Contains(LegacyObject.Normalize(status));

    /// <summary>The run state of an old status word, or null when the word is not known.</summary>
    public static RunState? ToRunState(string status, long errorCount)
    {
        var key = LegacyObject.Normalize(status);
        if (Interrupted.Contains(key)) return RunState.Stopped;
        if (!Map.TryGetValue(key, out var state)) return null;
        // "completed" with errors listed is what this service calls CompletedWithWarnings.
        return state == RunState.Completed && errorCount > 0 ? RunState.CompletedWithWarnings : state;
    }
}
