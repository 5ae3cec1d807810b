using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;
using OrleansBackup.Contracts;
using OrleansBackup.Grains.Hosting;

namespace OrleansBackup.Tests.Api;

/// <summary>A real two-silo cluster (in-memory storage, the Silo host's services) and the Api on a
/// test server, its Orleans client connected to the cluster's gateways by static clustering, as
/// the Api process connects to a local silo.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    /// <summary>Copies per silo.</summary>
    public const int MaxWorkers = 4;

    /// <summary>The silos' only allowed root: everything the tests create lives under it.</summary>
    public static readonly string AllowedRoot = Path.TrimEndingDirectorySeparator(Path.GetTempPath());

    /// <summary>How long the Api may take to start and connect to the cluster.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public TestCluster Cluster { get; private set; } = null!;

    public WebApplicationFactory<OrleansBackup.Api.Program> Factory { get; private set; } = null!;

    /// <summary>The Api's configured default destination (exists, under the allowed root).</summary>
    public string DefaultDestination { get; } = Directory.CreateTempSubdirectory("obk-api-dest-").FullName;

    private readonly string _logDir = Directory.CreateTempSubdirectory("obk-api-logs-").FullName;

    public HttpClient CreateClient() => Factory.CreateClient();

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(initialSilosCount: 2);
        // Real sockets: the Api's client connects to the gateways like a separate process would.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        // As the silo host: the cluster id doubles as the service id (the Api's client assumes so).
        builder.Options.ClusterId = builder.Options.ServiceId = $"obk-api-{Guid.NewGuid():N}"[..24];
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();

        var gateways = Cluster.Silos.Select(s => s.GatewayAddress.ToGatewayUri()).ToList();
        Factory = new WebApplicationFactory<OrleansBackup.Api.Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ClusterId", Cluster.Options.ClusterId);
            web.UseSetting("Destination", DefaultDestination);
            web.UseSetting("LogDir", _logDir);
            web.ConfigureTestServices(services =>
                services.Configure<StaticGatewayListProviderOptions>(o => o.Gateways = gateways));
        });
        // Start the Api now (its client connects while it starts), with a deadline instead of a hang.
        await Task.Run(() => Factory.Server).WaitAsync(StartTimeout);
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        TryDelete(DefaultDestination);
        TryDelete(_logDir);
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            // As the lead's ClusterFixture (and the Silo host) wire a silo.
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
            string[] roots = [AllowedRoot];
            silo.AddBackupServices(new BackupSiloOptions(MaxWorkers, roots, Capabilities.All, roots, TimeSpan.FromSeconds(1)));
        }
    }
}
