using System.Net;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using OrleansBackup.Hosting;

namespace OrleansBackup.Silo.Migration;

/// <summary>An Orleans client of the running service's cluster, for commands that work through the
/// grains (so they act the same in single-machine and cluster mode): the local gateway, or every
/// live silo's gateway from the clustering table when <c>BACKUP_DB</c> is set.</summary>
internal static class MigrationClient
{
    /// <summary>How long a command waits for the cluster before it gives up.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    public static async Task<IHost> ConnectAsync(BackupSettings settings, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder([]);
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            if (settings.Db is { } db)
                client.UseAdoNetClustering(o => { o.Invariant = "Npgsql"; o.ConnectionString = db; });
            else
                client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, settings.GatewayPort));
            client.Configure<ClusterOptions>(o => o.ClusterId = o.ServiceId = settings.ClusterId);
        });
        var host = builder.Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await host.StartAsync(timeout.Token);
            return host;
        }
        catch (Exception ex) when (ex is OperationCanceledException or OrleansException or System.Net.Sockets.SocketException or TimeoutException)
        {
            host.Dispose();
            var where = settings.Db is null ? $"the gateway on 127.0.0.1:{settings.GatewayPort}" : $"the cluster in {settings.DbDisplay}";
            throw new MigrationServiceException(
                $"cannot reach {where} ({ex.GetBaseException().Message}); start the service first (deploy/run-local.sh) " +
                $"or point {SettingKeys.Describe(SettingKeys.GatewayPort)} at it");
        }
    }
}

/// <summary>The service could not be reached or refused the import for a reason outside the files.</summary>
public sealed class MigrationServiceException(string message) : Exception(message);
