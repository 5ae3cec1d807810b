// The README's grain-client example, compiled and run by ReadmeTests: keep the two identical.
// example:start
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansBackup.Contracts;

public static class BackupClient
{
    /// <summary>Connects to the local silo's gateway (BACKUP_GATEWAY_PORT, default 30000).</summary>
    public static async Task<IHost> ConnectAsync(int gatewayPort = 30000)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client => client
            .UseLocalhostClustering(gatewayPort)
            .Configure<Orleans.Configuration.ClusterOptions>(o => o.ClusterId = o.ServiceId = "orleans-backup"));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Defines a job, starts a run and waits for it to end.</summary>
    public static async Task<JobStatus> BackUpAsync(IGrainFactory grains, string source, string destination)
    {
        var job = grains.GetGrain<IBackupJobGrain>("photos");
        await job.DefineAsync(new JobDefinition("photos", [source], destination, Dispatch: DispatchMode.Parallel));
        var status = await job.StartAsync();
        while (status.State is RunState.Running or RunState.Paused)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250));
            status = await job.GetStatusAsync();
        }
        foreach (var error in status.Errors) Console.WriteLine($"{error.Code}: {error.Path} ({error.Reason})");
        return status;
    }
}
// usage: using var host = await BackupClient.ConnectAsync();
//        var status = await BackupClient.BackUpAsync(host.Services.GetRequiredService<IClusterClient>(), "/home/me/photos", "/mnt/usb");
// example:end
