extern alias silo;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Providers;
using Orleans.Storage;
using OrleansBackup.Tests.EndToEnd;
using silo::OrleansBackup.Hosting;
using silo::OrleansBackup.Silo;

namespace OrleansBackup.Tests.Storage;

/// <summary>A real silo wired exactly as the Silo host wires its storage
/// (<see cref="ClusterStorage.UseBackupClusterStorage"/>) for the given settings, so the
/// conformance suite tests the grain storage and reminder table production runs, as the silo's own
/// lifecycle initialises them. Stop and start it again to test what survives a close.</summary>
public sealed class StoreSilo : IAsyncDisposable
{
    private readonly BackupSettings _settings;
    private IHost? _host;

    public StoreSilo(BackupSettings settings) => _settings = settings;

    public IGrainStorage Storage => _host!.Services.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
    public IReminderTable Reminders => _host!.Services.GetRequiredService<IReminderTable>();

    public async Task StartAsync()
    {
        // Fresh ports each time: a restarted silo is a new process in production too.
        var settings = _settings with { SiloPort = ServiceProcesses.FreePort(), GatewayPort = ServiceProcesses.FreePort() };
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseBackupClusterStorage(settings);
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = settings.ClusterId;
            });
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            throw;
        }
        _host = host;
    }

    public async Task StopAsync()
    {
        if (_host is null) return;
        await _host.StopAsync();
        _host.Dispose();
        _host = null;
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
