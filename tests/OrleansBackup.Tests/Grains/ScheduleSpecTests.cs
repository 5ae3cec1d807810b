using OrleansBackup.Contracts;
using OrleansBackup.Grains.Jobs;

namespace OrleansBackup.Tests.Grains;

/// <summary>Schedule arithmetic on fixed instants: no real clock involved.</summary>
public sealed class ScheduleSpecTests
{
    private static readonly DateTimeOffset Anchor = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("every 30m", "2026-11-26T10:00:00Z", "2026-11-26T10:30:00Z")]
    [InlineData("every 30m", "2026-11-26T10:29:59Z", "2026-11-26T10:30:00Z")]
    [InlineData("every 30m", "2026-11-26T10:30:00Z", "2026-11-26T11:00:00Z")]
    [InlineData("every 6h", "2026-11-27T01:00:00Z", "2026-11-27T04:00:00Z")]
    [InlineData("@every 90s", "2026-11-26T10:00:00Z", "2026-11-26T10:01:30Z")]
    [InlineData("EVERY 1D", "2026-11-26T09:00:00Z", "2026-11-27T10:00:00Z")]
    [InlineData("0 3 * * *", "2026-11-26T10:00:00Z", "2026-11-27T03:00:00Z")]
    [InlineData("0 3 * * *", "2026-11-27T02:59:59Z", "2026-11-27T03:00:00Z")]
    [InlineData("*/15 * * * *", "2026-11-26T10:07:00Z", "2026-11-26T10:15:00Z")]
    [InlineData("0 0 1 * *", "2026-11-26T10:00:00Z", "2026-12-01T00:00:00Z")]
    public void Next_due_time(string schedule, string after, string expected)
    {
        var next = ScheduleSpec.Parse(schedule).NextAfter(DateTimeOffset.Parse(after), Anchor);
        Assert.Equal(DateTimeOffset.Parse(expected), next);
    }

    [Fact]
    public void Intervals_do_not_drift_when_a_check_comes_late()
    {
        var spec = ScheduleSpec.Parse("every 10m");
        // The reminder fired 3 minutes late: the next run stays on the 10-minute grid.
        var next = spec.NextAfter(Anchor.AddMinutes(13), Anchor);
        Assert.Equal(Anchor.AddMinutes(20), next);
    }

    [Theory]
    [InlineData("every 30s")]
    [InlineData("every 0m")]
    [InlineData("sometimes")]
    [InlineData("61 * * * *")]
    [InlineData("* * * *")]
    public void Bad_schedules_are_rejected_with_invalid_schedule(string schedule)
    {
        var ex = Assert.Throws<BackupException>(() => ScheduleSpec.Parse(schedule));
        Assert.Equal(ErrorCodes.InvalidSchedule, ex.Code);
        Assert.Contains(schedule, ex.Message);
    }
}
