using System.Collections.Immutable;
using OrleansBackup.Contracts;
using OrleansBackup.Repository;

namespace OrleansBackup.Grains.Jobs;

/// <summary>Everything about a definition that can be checked without the disk, with a bound on
/// every list and number, so a definition is refused whole (<c>invalid_request</c>,
/// <c>invalid_schedule</c>) before anything is changed. Path policy is <c>PathGuard</c>'s.</summary>
internal static class DefinitionRules
{
    /// <summary>Most exclude patterns one job may have, and the longest pattern (characters).</summary>
    public const int MaxExcludes = 256, MaxExcludeLength = 1024;

    /// <summary>Bounds of maxConcurrentDirectories.</summary>
    public const int MaxConcurrentDirectoriesLimit = 1024;

    /// <summary>The checked parts: excludes without a default array, and the parsed schedule, whose
    /// first due time after the given clock reading is known to exist.</summary>
    public sealed record Checked(ImmutableArray<string> Excludes, ScheduleSpec? Schedule);

    public static Checked Check(JobDefinition definition, DateTimeOffset now)
    {
        if (definition.Sources.IsDefaultOrEmpty)
            throw Invalid("at least one source directory is required.");
        if (definition.Sources.Length > PathGuard.MaxSources)
            throw Invalid($"a job may have at most {PathGuard.MaxSources} sources ({definition.Sources.Length} given).");
        if (!Enum.IsDefined(definition.Mode))
            throw Invalid($"mode '{definition.Mode}' is not one of: {string.Join(", ", Enum.GetNames<BackupMode>())}.");
        if (!Enum.IsDefined(definition.Dispatch))
            throw Invalid($"dispatch '{definition.Dispatch}' is not one of: {string.Join(", ", Enum.GetNames<DispatchMode>())}.");
        if (!Enum.IsDefined(definition.Durability))
            throw Invalid($"durability '{definition.Durability}' is not one of: {string.Join(", ", Enum.GetNames<Durability>())}.");
        if (definition.MaxConcurrentDirectories is < 1 or > MaxConcurrentDirectoriesLimit)
            throw Invalid($"maxConcurrentDirectories must be from 1 to {MaxConcurrentDirectoriesLimit}.");

        var excludes = definition.Excludes.IsDefault ? [] : definition.Excludes;
        if (excludes.Length > MaxExcludes)
            throw Invalid($"a job may have at most {MaxExcludes} exclude patterns ({excludes.Length} given).");
        foreach (var pattern in excludes)
        {
            if (string.IsNullOrWhiteSpace(pattern)) throw Invalid("An exclude pattern is empty.");
            if (pattern.Length > MaxExcludeLength)
                throw Invalid($"an exclude pattern is longer than {MaxExcludeLength} characters.");
            if (pattern.Any(char.IsControl))
                throw Invalid($"exclude pattern '{PathGuard.Printable(pattern)}' contains a control character.");
        }

        if (definition.Schedule is not { Length: > 0 } text) return new Checked(excludes, null);
        var schedule = ScheduleSpec.Parse(text);
        schedule.NextAfter(now, now); // throws invalid_schedule for one that never fires
        return new Checked(excludes, schedule);
    }

    /// <summary>Shows control characters as \uXXXX, so a message never carries a raw newline.</summary>
    public static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    private static BackupException Invalid(string message) => new(ErrorCodes.InvalidRequest, message);
}
