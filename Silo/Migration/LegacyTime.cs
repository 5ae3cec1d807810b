using System.Globalization;
using System.Text.RegularExpressions;

namespace OrleansBackup.Silo.Migration;

/// <summary>The times the old server wrote: ISO 8601 as Python's <c>isoformat()</c> and <c>str()</c>
/// make it (<c>2024-03-01T10:00:00.123456</c>, <c>2024-03-01 10:00:00</c>, a date alone), with a zone
/// (<c>Z</c>, <c>+02:00</c>, <c>+0200</c>) or without one, which then means <c>zone</c> (the old
/// server wrote local time). Unix seconds written as text are taken too.</summary>
internal static partial class LegacyTime
{
    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})(?:[T ](?<time>\d{2}:\d{2}(?::\d{2})?)(?:[.,](?<fraction>\d{1,9}))?)?\s*(?<zone>Z|[+-]\d{2}(?::?\d{2})?)?$",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Iso();

    [GeneratedRegex(@"^\d{1,12}(?:\.\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex UnixSeconds();

    public static DateTimeOffset? Parse(string text, TimeZoneInfo zone)
    {
        text = text.Trim();
        if (UnixSeconds().IsMatch(text) && text.Length >= 9 &&
            double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) && seconds <= 253402300799)
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));

        var match = Iso().Match(text);
        if (!match.Success) return null;
        var time = match.Groups["time"].Success ? match.Groups["time"].Value : "00:00";
        if (time.Length == 5) time += ":00";
        if (!DateTime.TryParseExact($"{match.Groups["date"].Value}T{time}", "yyyy-MM-dd'T'HH:mm:ss",
                CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return null;
        if (match.Groups["fraction"].Success)
        {
            var digits = match.Groups["fraction"].Value.PadRight(7, '0')[..7];
            local = local.AddTicks(long.Parse(digits, CultureInfo.InvariantCulture));
        }

        if (!match.Groups["zone"].Success)
        {
            var offset = zone.GetUtcOffset(local);
            return new DateTimeOffset(local, offset);
        }
        var z = match.Groups["zone"].Value;
        if (z is "Z" or "z") return new DateTimeOffset(local, TimeSpan.Zero);
        var sign = z[0] == '-' ? -1 : 1;
        var digitsOnly = z[1..].Replace(":", "", StringComparison.Ordinal);
        var hours = int.Parse(digitsOnly[..2], CultureInfo.InvariantCulture);
        var minutes = digitsOnly.Length > 2 ? int.Parse(digitsOnly[2..], CultureInfo.InvariantCulture) : 0;
        if (hours > 14 || minutes > 59) return null;
        return new DateTimeOffset(local, sign * new TimeSpan(hours, minutes, 0));
    }
}
