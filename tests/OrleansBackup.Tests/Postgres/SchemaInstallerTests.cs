extern alias silo;

using System.Reflection;
using Orleans.Storage;
using silo::OrleansBackup.Silo.Database;

namespace OrleansBackup.Tests.Postgres;

[Collection(PostgresCollection.Name)]
public sealed class SchemaInstallerTests
{
    /// <summary>The query keys Orleans 10.4.2 reads from OrleansQuery, from dotnet/orleans
    /// src/AdoNet/Shared/Storage/DbStoredQueries.cs (clustering, reminders) and
    /// AdoNetGrainStorage.DefaultInitializationQuery (persistence).</summary>
    private static readonly string[] ClusteringKeys =
    [
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey",
        "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey",
        "DeleteMembershipTableEntriesKey", "CleanupDefunctSiloEntriesKey",
    ];

    private static readonly string[] ReminderKeys =
    [
        "ReadReminderRowsKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "ReadReminderRowKey",
        "UpsertReminderRowKey", "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    private static readonly string[] PersistenceKeys =
        ["WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey"];

    [Fact]
    public void Scripts_are_embedded_in_order()
    {
        var names = SchemaInstaller.Scripts().Select(s => s.Name).ToArray();
        Assert.Equal(["01-main.sql", "02-clustering.sql", "03-persistence.sql", "04-reminders.sql"], names);
    }

    [Fact]
    public async Task Installing_twice_succeeds_and_leaves_exactly_the_provider_queries()
    {
        var first = await TestDatabase.InstallSchemaAsync();
        var second = await TestDatabase.InstallSchemaAsync();

        Assert.Equal(4, first.Count);
        Assert.Equal(first, second);
        var keys = await TestDatabase.ColumnAsync<string>("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey");
        var expected = ClusteringKeys.Concat(ReminderKeys).Concat(PersistenceKeys).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, keys.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task Every_key_the_shipped_providers_require_is_present()
    {
        await TestDatabase.InstallSchemaAsync();
        var keys = (await TestDatabase.ColumnAsync<string>("SELECT QueryKey FROM OrleansQuery")).ToHashSet(StringComparer.Ordinal);

        // What the referenced binaries ask for, so a package update that adds a key fails here.
        var clustering = RequiredKeys(typeof(Orleans.Hosting.AdoNetHostingExtensions).Assembly);
        var reminders = RequiredKeys(typeof(Orleans.Configuration.AdoNetReminderTableOptions).Assembly);
        Assert.Equal(ClusteringKeys.Order(StringComparer.Ordinal), clustering.Order(StringComparer.Ordinal));
        Assert.Equal(ReminderKeys.Order(StringComparer.Ordinal), reminders.Order(StringComparer.Ordinal));
        foreach (var key in PersistenceKeys)
            Assert.Contains($"'{key}'", AdoNetGrainStorage.DefaultInitializationQuery, StringComparison.Ordinal);

        var missing = clustering.Concat(reminders).Concat(PersistenceKeys).Where(k => !keys.Contains(k)).ToArray();
        Assert.True(missing.Length == 0, "OrleansQuery lacks: " + string.Join(", ", missing));
    }

    // DbStoredQueries (internal) checks at start-up that each of its non-public instance
    // properties has a row in OrleansQuery: those property names are the contract.
    private static string[] RequiredKeys(Assembly assembly)
    {
        var type = assembly.GetTypes().Single(t => t.Name == "DbStoredQueries");
        return type.GetProperties(BindingFlags.Instance | BindingFlags.NonPublic).Select(p => p.Name).ToArray();
    }
}
