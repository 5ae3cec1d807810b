extern alias silo;

using silo::OrleansBackup.Hosting;

namespace OrleansBackup.Tests.Storage;

/// <summary>The embedded store of single-machine mode (no BACKUP_DB): SQLite in a state directory.</summary>
public sealed class SqliteStorageConformanceTests : StorageConformance
{
    private readonly Support.TempTree _tree = new("obk-sqlite");

    protected override StoreSilo CreateSilo() => new(new BackupSettings
    {
        StateDir = _tree.Path_("state"),
        ClusterId = Postgres.TestDatabase.UniqueId("obk-sqlite"),
    });

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _tree.Dispose();
    }

    [Fact]
    public async Task The_store_lives_in_the_configured_state_directory()
    {
        Assert.True(File.Exists(_tree.Path_("state", silo::OrleansBackup.Silo.Storage.SqliteStateStore.DatabaseFileName)));
        await Silo.StopAsync();
        // A second silo on a directory in use stops at start-up instead of sharing it.
        await using var first = CreateSilo();
        await first.StartAsync();
        await using var second = CreateSilo();
        var error = await Assert.ThrowsAnyAsync<Exception>(second.StartAsync);
        Assert.Contains("is in use by another silo", error.ToString());
    }
}
