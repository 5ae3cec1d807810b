using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansBackup.Contracts;
using OrleansBackup.Tests.Cluster;
using OrleansBackup.Tests.EndToEnd;
using OrleansBackup.Tests.Support;

namespace OrleansBackup.Tests.Readme;

/// <summary>The README's front-door promises: its grain-client example is this compiled file, and
/// it works; its test command is what CI runs.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ReadmeTests(ClusterFixture fixture) : IDisposable
{
    private readonly TempTree _tree = new("obk-readme");

    public void Dispose() => _tree.Dispose();

    private static string Readme => File.ReadAllText(Path.Combine(ServiceProcesses.RepoRoot, "README.md"));

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        var to = text.IndexOf(end, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"markers '{start}' / '{end}' not found");
        return text[(from + start.Length)..to].Trim().ReplaceLineEndings("\n");
    }

    [Fact]
    public void The_readme_shows_the_compiled_grain_client_example()
    {
        var source = File.ReadAllText(Path.Combine(ServiceProcesses.RepoRoot, "tests", "OrleansBackup.Tests", "Readme", "GrainClientExample.cs"));
        var example = Between(source, "// example:start", "// example:end");
        Assert.Contains(example, Readme.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task The_grain_client_example_backs_up_a_directory()
    {
        _tree.WriteText("photos/a.jpg", "a");
        _tree.WriteText("photos/2026/b.jpg", "b");
        var status = await BackupClient.BackUpAsync(fixture.Grains, _tree.Path_("photos"), _tree.Path_("usb")).WaitAsync(JobHarness.RunTimeout);
        Assert.Equal(RunState.Completed, status.State);
        Assert.Equal(2, status.FilesCopied);
        Assert.Equal("b", await File.ReadAllTextAsync(_tree.Path_("usb", "photos", "current", "photos", "2026", "b.jpg")));
    }

    [Fact]
    public async Task The_grain_client_example_connects_to_a_real_silo_as_written()
    {
        _tree.WriteText("photos/c.jpg", "c");
        await using var service = new ServiceProcesses();
        service.Start("Silo", "OrleansBackup.Silo.dll", service.Environment(_tree.Root, _tree.Path_("logs")));
        // The example's ConnectAsync, unchanged: retried until the silo's gateway answers.
        var host = await Poll.UntilAsync(async () =>
        {
            try { return await BackupClient.ConnectAsync(service.GatewayPort); }
            catch (Exception e) when (e is Orleans.Runtime.OrleansException or System.Net.Sockets.SocketException or TimeoutException) { return null; }
        }, h => h is not null, TimeSpan.FromSeconds(90), "the example client to connect");
        using (host)
        {
            var grains = host!.Services.GetRequiredService<IClusterClient>();
            var status = await BackupClient.BackUpAsync(grains, _tree.Path_("photos"), _tree.Path_("usb2")).WaitAsync(JobHarness.RunTimeout);
            Assert.Equal(RunState.Completed, status.State);
            Assert.Equal("c", await File.ReadAllTextAsync(_tree.Path_("usb2", "photos", "current", "photos", "c.jpg")));
            await host.StopAsync();
        }
    }

    [Fact]
    public void Ci_runs_exactly_the_readme_test_command()
    {
        var ci = File.ReadAllLines(Path.Combine(ServiceProcesses.RepoRoot, ".ci", "run"))
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("set ", StringComparison.Ordinal) && !l.StartsWith("cd ", StringComparison.Ordinal))
            .Last();
        Assert.Equal("tests/run-all.sh", ci);
        Assert.Contains("```bash\n" + ci + "\n```", Readme.ReplaceLineEndings("\n"));
    }
}
