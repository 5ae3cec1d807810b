using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using OrleansBackup.Contracts;
using OrleansBackup.Engine;
using OrleansBackup.Grains.Hosting;
using OrleansBackup.Tests.Support;

namespace OrleansBackup.Tests.Cluster;

/// <summary>Three silos with different profiles:
/// Primary: every capability but backup.sequential, reaches the temp directory;
/// Secondary_1: neither backup capability, reaches the temp directory;
/// Secondary_2: every capability, but reaches only a root outside the temp directory.
/// So parallel copy work may only ever land on Primary, and sequential work nowhere.</summary>
public sealed class PlacementFixture : IAsyncLifetime
{
    public static readonly string Temp = Path.TrimEndingDirectorySeparator(Path.GetTempPath());
    public const string ElsewhereRoot = "/srv/obk-placement-elsewhere";

    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(initialSilosCount: 3);
        builder.AddSiloBuilderConfigurator<Configurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    public static (string[] Capabilities, string[] Roots) ProfileOf(string siloName) => siloName switch
    {
        "Primary" => ([.. Capabilities.All.Except([Capabilities.BackupSequential])], [Temp]),
        "Secondary_1" => ([.. Capabilities.All.Except([Capabilities.BackupSequential, Capabilities.BackupParallel])], [Temp]),
        _ => ([.. Capabilities.All], [ElsewhereRoot]),
    };

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var (capabilities, roots) = ProfileOf(silo.Configuration["Orleans:Name"] ?? "");
            silo.AddMemoryGrainStorageAsDefault();
            silo.UseInMemoryReminderService();
            silo.ConfigureServices(services => services.AddSingleton<ISourceFileOpener, TestOpener>());
            silo.AddBackupServices(new BackupSiloOptions(2, [Temp], capabilities, roots, TimeSpan.FromSeconds(1)));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PlacementCollection : ICollectionFixture<PlacementFixture>
{
    public const string Name = "placement";
}
