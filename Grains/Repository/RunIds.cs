using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace OrleansBackup.Repository;

/// <summary>Run ids that sort by start time: <c>yyyyMMdd-HHmmss-</c> (UTC) plus 6 random lowercase
/// hex digits, so two runs started in the same second still get distinct ids.</summary>
public static partial class RunIds
{
    // \z, not $: "$" would also match before a trailing newline.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SafePattern();

    /// <summary>A new run id for the current time of <paramref name="time"/>.</summary>
    public static string New(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        Span<byte> random = stackalloc byte[3];
        RandomNumberGenerator.Fill(random);
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        return $"{stamp}-{Convert.ToHexStringLower(random)}";
    }

    /// <summary>True when <paramref name="runId"/> is safe as a file or folder name in the destination
    /// (letters, digits, '.', '_', '-'; not starting with a dot; at most 128 characters). Looser than
    /// the format <see cref="New"/> produces, so records written by other tools still load.</summary>
    public static bool IsValid(string? runId) => runId is not null && SafePattern().IsMatch(runId);
}
