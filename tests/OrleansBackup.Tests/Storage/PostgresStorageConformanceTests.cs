extern alias silo;

using OrleansBackup.Tests.Postgres;
using silo::OrleansBackup.Hosting;

namespace OrleansBackup.Tests.Storage;

/// <summary>The cluster store (BACKUP_DB): the ADO.NET providers on the test PostgreSQL server,
/// under a cluster and service id of this class's own, removed afterwards.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStorageConformanceTests : StorageConformance
{
    private readonly string _clusterId = TestDatabase.UniqueId("obk-conf");

    protected override StoreSilo CreateSilo()
    {
        TestDatabase.InstallSchemaAsync().GetAwaiter().GetResult();
        return new StoreSilo(new BackupSettings { Db = TestDatabase.ConnectionString, ClusterId = _clusterId });
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await TestDatabase.DeleteClusterRowsAsync(_clusterId, _clusterId);
    }
}
