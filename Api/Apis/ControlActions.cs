using OrleansBackup.Contracts;

namespace OrleansBackup.Api.Apis;

/// <summary>The control verbs and the grain call each one makes.</summary>
internal static class ControlActions
{
    private static readonly Dictionary<string, Func<IBackupJobGrain, Task<JobStatus>>> Actions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["start"] = job => job.StartAsync(),
        ["pause"] = job => job.PauseAsync(),
        ["resume"] = job => job.ResumeAsync(),
        ["stop"] = job => job.StopAsync(),
    };

    /// <summary>The valid actions, in lifecycle order.</summary>
    public static readonly string[] Names = ["start", "pause", "resume", "stop"];

    public static bool TryGet(string? action, out Func<IBackupJobGrain, Task<JobStatus>> call)
    {
        call = null!;
        return action is not null && Actions.TryGetValue(action.Trim(), out call!);
    }

    public static string UnknownDetail(string? action) => action is null
        ? $"Missing 'action'. Valid actions: {string.Join(", ", Names)}."
        : $"Unknown action '{action}'. Valid actions: {string.Join(", ", Names)}.";
}
