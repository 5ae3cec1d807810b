using OrleansBackup.Contracts;
using OrleansBackup.Tests.Support;

namespace OrleansBackup.Tests.Cluster;

/// <summary>Drives one job through the grain client, as another service would.</summary>
public sealed class JobHarness(IGrainFactory grains, string jobId)
{
    public static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    public IBackupJobGrain Job { get; } = grains.GetGrain<IBackupJobGrain>(jobId);
    public string JobId { get; } = jobId;

    public Task<JobDefinition> DefineAsync(string source, string destination, DispatchMode dispatch = DispatchMode.Parallel) =>
        Job.DefineAsync(new JobDefinition(JobId, [source], destination, Dispatch: dispatch));

    public Task<JobStatus> WaitForTerminalAsync() => Poll.UntilAsync(
        Job.GetStatusAsync, s => IsTerminal(s.State), RunTimeout, $"job {JobId} to finish");

    public static bool IsTerminal(RunState state) =>
        state is RunState.Completed or RunState.CompletedWithWarnings or RunState.Failed or RunState.Stopped;

    public async Task<JobStatus> RunToEndAsync()
    {
        var started = await Job.StartAsync();
        Assert.Equal(RunState.Running, started.State);
        Assert.False(string.IsNullOrEmpty(started.RunId));
        var done = await WaitForTerminalAsync();
        Assert.Equal(started.RunId, done.RunId);
        return done;
    }

    public static string Target(string destination, string jobId, string sourceName) =>
        Path.Combine(destination, jobId, "current", sourceName);
}
