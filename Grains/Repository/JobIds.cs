using System.Text.RegularExpressions;
using OrleansBackup.Contracts;

namespace OrleansBackup.Repository;

/// <summary>Job ids are folder names in the destination, so they follow a strict rule:
/// lowercase letters, digits, '.', '_' and '-', starting with a letter or digit, 1 to 64 characters.</summary>
public static partial class JobIds
{
    /// <summary>The rule, as shown in error messages.</summary>
    public const string Rule = "^[a-z0-9][a-z0-9._-]{0,63}$";

    // \z, not $: "$" would also match before a trailing newline, letting "a\n" through.
    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>True when <paramref name="jobId"/> follows <see cref="Rule"/>.</summary>
    public static bool IsValid(string? jobId) => jobId is not null && Pattern().IsMatch(jobId);

    /// <summary>Returns <paramref name="jobId"/> unchanged, or throws <see cref="BackupException"/>
    /// (<c>invalid_job_id</c>) naming the id and the rule.</summary>
    public static string Validate(string? jobId) =>
        IsValid(jobId)
            ? jobId!
            : throw new BackupException(ErrorCodes.InvalidJobId,
                $"job id '{jobId}' is invalid: it must match {Rule} (lowercase letters, digits, '.', '_', '-'; starting with a letter or digit; at most 64 characters)");
}
