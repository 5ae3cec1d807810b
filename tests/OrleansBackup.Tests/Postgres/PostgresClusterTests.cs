using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace OrleansBackup.Tests.Postgres;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresCollection
{
    public const string Name = "postgres";
}

/// <summary>A real two-silo cluster whose membership, grain state and reminders live in
/// PostgreSQL, wired as the Silo host wires them when BACKUP_DB is set.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresClusterTests : IAsyncLifetime
{
    private const string ConnectionKey = "PostgresTest:ConnectionString";
    private readonly string clusterId = TestDatabase.UniqueId("obk-test");
    private readonly string serviceId = TestDatabase.UniqueId("obk-svc");
    private TestCluster cluster = null!;

    public async Task InitializeAsync()
    {
        var connectionString = TestDatabase.ConnectionString;
        await TestDatabase.InstallSchemaAsync();

        var builder = new TestClusterBuilder(initialSilosCount: 2);
        builder.Options.ClusterId = clusterId;
        builder.Options.ServiceId = serviceId;
        builder.Options.UseTestClusterMembership = false;
        builder.Properties[ConnectionKey] = connectionString;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        cluster = builder.Build();
        await cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
        await TestDatabase.DeleteClusterRowsAsync(serviceId, clusterId);
    }

    [Fact]
    public async Task Both_silos_are_active_members_in_the_membership_table()
    {
        var statuses = await TestDatabase.ColumnAsync<int>(
            "SELECT Status FROM OrleansMembershipTable WHERE DeploymentId = @c", ("c", clusterId));
        Assert.Equal([3, 3], statuses); // SiloStatus.Active
        var version = await TestDatabase.ColumnAsync<int>(
            "SELECT Version FROM OrleansMembershipVersionTable WHERE DeploymentId = @c", ("c", clusterId));
        Assert.True(Assert.Single(version) >= 2, "each join bumps the table version");
    }

    [Fact]
    public async Task Grain_state_survives_its_silo_stopping()
    {
        var grain = cluster.Client.GetGrain<INoteGrain>("note-1");
        await grain.WriteAsync("first");
        await grain.WriteAsync("second");

        var rows = await TestDatabase.ColumnAsync<int>(
            "SELECT Version FROM OrleansStorage WHERE ServiceId = @s AND GrainIdExtensionString = 'note-1'", ("s", serviceId));
        Assert.Equal([2], rows);

        // Stop the silo that holds the activation: the grain comes back elsewhere, from PostgreSQL.
        var host = await grain.WhereAsync();
        var handle = cluster.Silos.Single(s => s.SiloAddress.Equals(host));
        await cluster.StopSiloAsync(handle);

        var after = await grain.ReadAsync();
        Assert.Equal(new NoteState { Text = "second", Writes = 2 }, after);
        Assert.NotEqual(host, await grain.WhereAsync());

        var dead = await TestDatabase.ColumnAsync<int>(
            "SELECT Status FROM OrleansMembershipTable WHERE DeploymentId = @c AND Port = @p AND Generation = @g",
            ("c", clusterId), ("p", host.Endpoint.Port), ("g", host.Generation));
        Assert.Equal([6], dead); // SiloStatus.Dead after a graceful stop

        await grain.WriteAsync("third");
        Assert.Equal([3], await TestDatabase.ColumnAsync<int>(
            "SELECT Version FROM OrleansStorage WHERE ServiceId = @s AND GrainIdExtensionString = 'note-1'", ("s", serviceId)));
    }

    [Fact]
    public async Task A_reminder_is_stored_in_the_reminders_table_until_unregistered()
    {
        var grain = cluster.Client.GetGrain<INoteGrain>("note-reminder");
        await grain.RemindAsync("tick", TimeSpan.FromMinutes(5));

        const string query = "SELECT Period FROM OrleansRemindersTable WHERE ServiceId = @s AND ReminderName = 'tick'";
        Assert.Equal([(long)TimeSpan.FromMinutes(5).TotalMilliseconds], await TestDatabase.ColumnAsync<long>(query, ("s", serviceId)));

        await grain.ForgetAsync("tick");
        Assert.Empty(await TestDatabase.ColumnAsync<long>(query, ("s", serviceId)));
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var db = silo.Configuration[ConnectionKey]!;
            silo.UseAdoNetClustering(o => { o.Invariant = "Npgsql"; o.ConnectionString = db; });
            silo.AddAdoNetGrainStorageAsDefault(o => { o.Invariant = "Npgsql"; o.ConnectionString = db; });
            silo.UseAdoNetReminderService(o => { o.Invariant = "Npgsql"; o.ConnectionString = db; });
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder client)
        {
            var db = configuration[ConnectionKey]!;
            client.UseAdoNetClustering(o => { o.Invariant = "Npgsql"; o.ConnectionString = db; });
        }
    }
}
