using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using OrleansBackup.Contracts;

namespace OrleansBackup.Api.Apis;

/// <summary>Checks a request's shape and turns it into a <see cref="JobDefinition"/>. Path policy
/// (allowed roots, existence, nesting) is the grain's: the silo is where the paths are read.</summary>
internal static partial class DefinitionBuilder
{
    /// <summary>Upper bound of maxConcurrentDirectories.</summary>
    public const int MaxConcurrentDirectoriesLimit = 1024;

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex JobIdPattern();

    public static bool IsValidJobId([NotNullWhen(true)] string? jobId) => jobId is not null && JobIdPattern().IsMatch(jobId);

    /// <summary>Builds the definition, keeping options of <paramref name="existing"/> the request leaves out.
    /// Returns an <c>invalid_request</c> detail instead when the request is malformed.</summary>
    public static JobDefinition? TryBuild(
        string jobId, string[]? sources, string? destination, string? fallbackDestination,
        JobOptionsRequest options, JobDefinition? existing, string sourcesField, out string? error)
    {
        error = CheckPaths(sources, sourcesField) ?? CheckOptions(options);
        var dest = string.IsNullOrWhiteSpace(destination) ? fallbackDestination : destination;
        if (error is null && string.IsNullOrWhiteSpace(dest))
        {
            error = "No destination: give 'destination' in the body or configure Destination (BACKUP_DEST).";
        }
        else if (error is null && !Path.IsPathFullyQualified(dest!))
        {
            error = $"'destination' must be an absolute path: '{dest}'.";
        }

        if (error is not null)
        {
            return null;
        }

        var baseline = existing ?? new JobDefinition(jobId, [], dest!);
        return baseline with
        {
            JobId = jobId,
            Sources = [.. sources!],
            Destination = dest!,
            Mode = options.Mode ?? baseline.Mode,
            Dispatch = options.Dispatch ?? baseline.Dispatch,
            Durability = options.Durability ?? baseline.Durability,
            Excludes = options.Excludes is { } excludes ? [.. excludes] : baseline.Excludes.IsDefault ? ImmutableArray<string>.Empty : baseline.Excludes,
            MaxConcurrentDirectories = options.MaxConcurrentDirectories ?? baseline.MaxConcurrentDirectories,
            VerifyAfterCopy = options.VerifyAfterCopy ?? baseline.VerifyAfterCopy,
            Schedule = options.Schedule is { } schedule ? (schedule.Length == 0 ? null : schedule) : baseline.Schedule,
        };
    }

    private static string? CheckPaths(string[]? paths, string field)
    {
        if (paths is null || paths.Length == 0)
        {
            return $"'{field}' must list at least one directory.";
        }

        var bad = Array.FindIndex(paths, p => string.IsNullOrWhiteSpace(p) || !Path.IsPathFullyQualified(p));
        return bad >= 0 ? $"Every entry of '{field}' must be an absolute path: '{paths[bad]}'." : null;
    }

    private static string? CheckOptions(JobOptionsRequest options) => options switch
    {
        { MaxConcurrentDirectories: < 1 or > MaxConcurrentDirectoriesLimit } =>
            $"'maxConcurrentDirectories' must be between 1 and {MaxConcurrentDirectoriesLimit}.",
        { Excludes: { } excludes } when excludes.Any(string.IsNullOrWhiteSpace) => "'excludes' must not contain empty patterns.",
        _ => null,
    };
}
