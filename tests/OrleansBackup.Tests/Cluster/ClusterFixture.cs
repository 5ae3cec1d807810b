using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansBackup.Engine;
using OrleansBackup.Grains.Hosting;
using OrleansBackup.Tests.Support;

namespace OrleansBackup.Tests.Cluster;

/// <summary>A real two-silo Orleans cluster in the test process, wired like the Silo host.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    /// <summary>Copies per silo in the test cluster.</summary>
    public const int MaxWorkers = 4;

    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>File copies running right now on every silo, read from the silos' own copy
    /// executors (the ground truth, independent of what status reports).</summary>
    public int ActiveCopies() => Cluster.Silos.OfType<InProcessSiloHandle>()
        .Sum(s => s.SiloHost.Services.GetRequiredService<CopyExecutor>().Snapshot().ActiveCopies);

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(initialSilosCount: 2);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
            silo.ConfigureServices(services => services.AddSingleton<ISourceFileOpener, TestOpener>());
            string[] roots = [Path.TrimEndingDirectorySeparator(Path.GetTempPath())];
            silo.AddBackupServices(new BackupSiloOptions(MaxWorkers, roots, OrleansBackup.Contracts.Capabilities.All, roots,
                TimeSpan.FromSeconds(1)));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
