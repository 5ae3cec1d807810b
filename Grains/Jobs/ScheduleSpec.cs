using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;
using OrleansBackup.Contracts;

namespace OrleansBackup.Grains.Jobs;

/// <summary>A job's schedule: "every 30m" (units s, m, h, d; at least 1 minute) or a 5-field cron
/// expression evaluated in UTC ("0 3 * * *" = 03:00 UTC daily). Pure: the clock is passed in.</summary>
public sealed partial class ScheduleSpec
{
    /// <summary>Shortest interval allowed: a backup more often than this would overlap itself.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(1);

    /// <summary>Longest interval allowed ("every 366d"): a year, with room for a leap day.</summary>
    public static readonly TimeSpan MaximumInterval = TimeSpan.FromDays(366);

    /// <summary>Longest schedule text (characters).</summary>
    public const int MaxLength = 200;

    private readonly TimeSpan? _interval;
    private readonly CronExpression? _cron;

    private ScheduleSpec(string text, TimeSpan? interval, CronExpression? cron)
    {
        Text = text;
        _interval = interval;
        _cron = cron;
    }

    public string Text { get; }

    /// <summary>Parses or throws <c>invalid_schedule</c> with a message that shows both forms.</summary>
    public static ScheduleSpec Parse(string text)
    {
        if (text.Length > MaxLength)
            throw new BackupException(ErrorCodes.InvalidSchedule, $"A schedule is at most {MaxLength} characters ({text.Length} given).");
        var trimmed = text.Trim();
        var shown = Printable(text);
        var every = EveryPattern().Match(trimmed);
        if (every.Success)
        {
            // At most 9 ASCII digits (the pattern), so the count fits; the unit decides the bound.
            var n = long.Parse(every.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture);
            var seconds = every.Groups[2].Value.ToLowerInvariant() switch
            {
                "s" => n,
                "m" => n * 60,
                "h" => n * 3600,
                _ => n * 86400,
            };
            if (seconds < MinimumInterval.TotalSeconds)
                throw new BackupException(ErrorCodes.InvalidSchedule, $"Schedule '{shown}' is shorter than the minimum of 1 minute.");
            if (seconds > MaximumInterval.TotalSeconds)
                throw new BackupException(ErrorCodes.InvalidSchedule, $"Schedule '{shown}' is longer than the maximum of {MaximumInterval.TotalDays:0} days.");
            return new ScheduleSpec(trimmed, TimeSpan.FromSeconds(seconds), null);
        }
        try
        {
            return new ScheduleSpec(trimmed, null, CronExpression.Parse(trimmed, CronFormat.Standard));
        }
        catch (Exception ex) when (ex is CronFormatException or ArgumentException)
        {
            throw new BackupException(ErrorCodes.InvalidSchedule,
                $"Schedule '{shown}' is neither 'every <n><s|m|h|d>' (e.g. 'every 6h') nor a 5-field cron expression (e.g. '0 3 * * *'): {ex.Message}");
        }
    }

    /// <summary>The first due time strictly after <paramref name="after"/>. Intervals count from
    /// <paramref name="anchor"/> (when the schedule was set), so they do not drift with late ticks.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset after, DateTimeOffset anchor)
    {
        try
        {
            if (_interval is { } interval)
            {
                if (after < anchor) return anchor + interval;
                var periods = (after - anchor).Ticks / interval.Ticks + 1;
                return anchor + TimeSpan.FromTicks(periods * interval.Ticks);
            }
            var next = _cron!.GetNextOccurrence(after.UtcDateTime, TimeZoneInfo.Utc, inclusive: false);
            if (next is { } due) return new DateTimeOffset(due, TimeSpan.Zero);
        }
        catch (ArgumentOutOfRangeException)
        {
            // Past the year 9999: the same as never.
        }
        throw new BackupException(ErrorCodes.InvalidSchedule, $"Schedule '{Printable(Text)}' never fires again.");
    }

    private static string Printable(string text) => Repository.PathGuard.Printable(text);

    // [0-9], not \d: \d also matches other scripts' digits, which long.Parse refuses. \z, not $:
    // "$" would also match before a trailing newline.
    [GeneratedRegex(@"^(?:every|@every)[ \t]+([0-9]{1,9})[ \t]*([smhd])\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EveryPattern();
}
