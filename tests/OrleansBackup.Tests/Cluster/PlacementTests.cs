using OrleansBackup.Contracts;
using OrleansBackup.Tests.Support;

namespace OrleansBackup.Tests.Cluster;

/// <summary>Capability placement over a whole run: work only lands on silos that hold its
/// capability and reach its paths; work no silo can do fails the run, naming what is missing.</summary>
[Collection(PlacementCollection.Name)]
public sealed class PlacementTests(PlacementFixture fixture) : IDisposable
{
    private readonly TempTree _tree = new("obk-place");

    public void Dispose() => _tree.Dispose();

    private string BuildTree()
    {
        for (var d = 0; d < 30; d++)
            for (var f = 0; f < 5; f++)
                _tree.WriteFile($"src/d{d:00}/f{f}.bin", 2048 + f, seed: d * 10 + f);
        return _tree.Path_("src");
    }

    [Fact]
    public async Task Parallel_copy_work_lands_only_on_the_silo_with_the_capability_and_the_root()
    {
        var source = BuildTree();
        var harness = new JobHarness(fixture.Cluster.Client, "placement-parallel");
        await harness.DefineAsync(source, _tree.Path_("dst"));

        var done = await harness.RunToEndAsync();

        Assert.Equal(RunState.Completed, done.State);
        var primary = fixture.Cluster.Primary!.SiloAddress.ToParsableString();
        Assert.Equal([primary], done.DirectoriesBySilo.Keys);
        Assert.Equal(31, done.DirectoriesBySilo[primary]);
        Assert.All(done.RecentDirectories, d => Assert.Equal(primary, d.Silo));
        TreeAssert.MirrorEquals(source, JobHarness.Target(_tree.Path_("dst"), harness.JobId, "src"));
    }

    [Fact]
    public async Task Work_no_silo_can_do_fails_the_run_naming_what_is_missing()
    {
        var source = BuildTree();
        var dest = _tree.Path_("dst");
        var harness = new JobHarness(fixture.Cluster.Client, "placement-sequential");
        await harness.DefineAsync(source, dest, DispatchMode.Sequential);

        var status = await harness.Job.StartAsync();

        Assert.Equal(RunState.Failed, status.State);
        Assert.Contains(Capabilities.BackupSequential, status.Message);
        Assert.Contains(source, status.Message);
        Assert.Contains(ErrorCodes.NoCapableSilo, status.Message);
        Assert.Empty(status.DirectoriesBySilo);
        Assert.False(Directory.Exists(dest), "nothing may be written for a run that cannot be placed");
    }

    [Fact]
    public async Task The_cluster_describes_each_silo_profile()
    {
        var silos = await fixture.Cluster.Client.GetGrain<IClusterInfoGrain>(0).DescribeAsync();

        Assert.True(silos.Length == 3, System.Text.Json.JsonSerializer.Serialize(silos));
        Assert.True(silos.All(s => PlacementFixture.ProfileOf(s.Name).Roots.SequenceEqual(s.Roots)), System.Text.Json.JsonSerializer.Serialize(silos));
        foreach (var silo in silos)
        {
            var (capabilities, roots) = PlacementFixture.ProfileOf(silo.Name);
            Assert.Equal("Active", silo.Status);
            Assert.Equal(capabilities.Order(), silo.Capabilities.Order());
            Assert.Equal(roots, silo.Roots.ToArray());
        }
    }
}
