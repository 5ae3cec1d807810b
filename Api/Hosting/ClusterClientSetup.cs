using System.Net;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansBackup.Api.Jobs;

namespace OrleansBackup.Api.Hosting;

/// <summary>The Orleans client: static gateways on localhost, retrying until a silo answers.</summary>
internal static class ClusterClientSetup
{
    /// <summary>How often the client refreshes its gateway list.</summary>
    public static readonly TimeSpan GatewayListRefreshPeriod = TimeSpan.FromSeconds(5);

    public static void AddBackupClusterClient(this WebApplicationBuilder builder)
    {
        builder.UseOrleansClient(client =>
        {
            // The key was layered in by AddApiOptions and is validated at start-up with the others.
            if (builder.Configuration[OrleansBackup.Hosting.SettingKeys.Db] is { Length: > 0 } db)
            {
                // A cluster: find the gateways of every live silo in the clustering table.
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = db;
                });
            }
            else
            {
                client.UseStaticClustering(gateways => gateways.Configure<IOptions<ApiOptions>>((o, api) =>
                    o.Gateways = [new IPEndPoint(IPAddress.Loopback, api.Value.Settings.GatewayPort).ToGatewayUri()]));
            }
            client.Services.AddOptions<ClusterOptions>().Configure<IOptions<ApiOptions>>((o, api) =>
            {
                // The silo host uses its cluster id as the service id too.
                o.ClusterId = api.Value.Settings.ClusterId;
                o.ServiceId = api.Value.Settings.ClusterId;
            });
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = GatewayListRefreshPeriod);
            client.UseConnectionRetryFilter<ClusterConnectionRetryFilter>();
        });

        // The web server listens while the client is still looking for a silo: calls answer 503 meanwhile.
        builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
        builder.Services.AddSingleton<IJobs, OrleansJobs>();
    }
}
