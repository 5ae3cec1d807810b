namespace OrleansBackup.Grains.Jobs;

/// <summary>Silo-wide settings for job grains.</summary>
/// <param name="ScheduleCheckPeriod">How often a scheduled job's reminder checks whether a run is due.</param>
public sealed record JobSchedulingOptions(TimeSpan ScheduleCheckPeriod)
{
    public static readonly JobSchedulingOptions Default = new(TimeSpan.FromMinutes(1));
}
