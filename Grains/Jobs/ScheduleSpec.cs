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
        var trimmed = text.Trim();
        var every = EveryPattern().Match(trimmed);
        if (every.Success)
        {
            var n = long.Parse(every.Groups[1].Value, CultureInfo.InvariantCulture);
            var interval = every.Groups[2].Value.ToLowerInvariant() switch
            {
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                _ => TimeSpan.FromDays(n),
            };
            if (interval < MinimumInterval)
                throw new BackupException(ErrorCodes.InvalidSchedule, $"Schedule '{text}' is shorter than the minimum of 1 minute.");
            return new ScheduleSpec(trimmed, interval, null);
        }
        try
        {
            return new ScheduleSpec(trimmed, null, CronExpression.Parse(trimmed, CronFormat.Standard));
        }
        catch (CronFormatException ex)
        {
            throw new BackupException(ErrorCodes.InvalidSchedule,
                $"Schedule '{text}' is neither 'every <n><s|m|h|d>' (e.g. 'every 6h') nor a 5-field cron expression (e.g. '0 3 * * *'): {ex.Message}");
        }
    }

    /// <summary>The first due time strictly after <paramref name="after"/>. Intervals count from
    /// <paramref name="anchor"/> (when the schedule was set), so they do not drift with late ticks.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset after, DateTimeOffset anchor)
    {
        if (_interval is { } interval)
        {
            if (after < anchor) return anchor + interval;
            var periods = (after - anchor).Ticks / interval.Ticks + 1;
            return anchor + TimeSpan.FromTicks(periods * interval.Ticks);
        }
        var next = _cron!.GetNextOccurrence(after.UtcDateTime, TimeZoneInfo.Utc, inclusive: false)
            ?? throw new BackupException(ErrorCodes.InvalidSchedule, $"Schedule '{Text}' never fires again.");
        return new DateTimeOffset(next, TimeSpan.Zero);
    }

    [GeneratedRegex(@"^(?:every|@every)\s+(\d{1,9})\s*([smhd])$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EveryPattern();
}
