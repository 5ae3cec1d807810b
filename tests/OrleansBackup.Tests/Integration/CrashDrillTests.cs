using System.Diagnostics;
using System.Text.Json.Nodes;
using OrleansBackup.Tests.EndToEnd;
using OrleansBackup.Tests.Postgres;
using OrleansBackup.Tests.Support;
using Xunit.Abstractions;

namespace OrleansBackup.Tests.Integration;

/// <summary>The crash drill (<see cref="CrashDrill"/>) against real processes: the single-machine
/// service on its embedded store, and a 2-silo PostgreSQL cluster. <c>BACKUP_CRASH_DRILL_KILLS</c>
/// sets the kills per drill (default 2; 20 for the full drill), <c>BACKUP_CRASH_DRILL_SEED</c> the seed.
/// Copies are slowed by a bandwidth limit, so every run lasts seconds and has a middle to kill it in.</summary>
public sealed class CrashDrillTests(ITestOutputHelper output) : IDisposable
{
    private const string BytesPerSecond = "524288";
    private readonly TempTree _tree = new("obk-drill");

    public void Dispose() => _tree.Dispose();

    private static int Kills => int.TryParse(Environment.GetEnvironmentVariable("BACKUP_CRASH_DRILL_KILLS"), out var n) && n > 0 ? n : 2;

    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("BACKUP_CRASH_DRILL_SEED"), out var s) ? s : Environment.TickCount;

    private async Task DrillAsync(ICrashTarget target, string what)
    {
        var seed = Seed;
        output.WriteLine($"{what}: seed {seed} (BACKUP_CRASH_DRILL_SEED={seed} reproduces it), {Kills} kills");
        var clock = Stopwatch.StartNew();
        var kept = await new CrashDrill(target, _tree.Root, seed, output.WriteLine).RunAsync(Kills);
        output.WriteLine($"CRASH DRILL {what}: {Kills}/{Kills} runs killed and completed, {kept} files complete at the kills and none copied again, " +
                         $"0 partial, foreign or temporary files, manifests match; {clock.Elapsed.TotalSeconds:0} s");
    }

    [Fact]
    public async Task Single_machine_service_killed_mid_run_finishes_every_run_by_itself()
    {
        await using var service = new ServiceProcesses();
        await using var target = new SingleMachineTarget(service, _tree.Root);
        await target.StartAsync();
        await DrillAsync(target, "single machine (SQLite)");
    }

    [Fact]
    public async Task PostgreSQL_cluster_with_a_silo_killed_mid_run_finishes_every_run()
    {
        await TestDatabase.InstallSchemaAsync();
        await using var cluster = new ClusterProcesses(_tree.Root);
        var target = new ClusterTarget(cluster);
        cluster.StartSilo(target.Limit);
        cluster.StartSilo(target.Limit);
        cluster.StartApi();
        await cluster.WaitUntilReadyAsync();
        await DrillAsync(target, "PostgreSQL cluster, 2 silos");
    }

    private sealed class SingleMachineTarget(ServiceProcesses service, string root) : ICrashTarget, IAsyncDisposable
    {
        private readonly Dictionary<string, string> _env = Env(service, root);
        private Process? _silo;

        public HttpClient Http => service.Http;

        private static Dictionary<string, string> Env(ServiceProcesses service, string root)
        {
            var env = service.Environment(root, Path.Combine(root, "logs"), maxWorkers: 2);
            env["BACKUP_MAX_BYTES_PER_SECOND"] = BytesPerSecond;
            return env;
        }

        public async Task StartAsync()
        {
            _silo = service.Start("Silo", "OrleansBackup.Silo.dll", _env);
            service.Start("Api", "OrleansBackup.Api.dll", _env);
            await service.WaitUntilReadyAsync();
        }

        public string Kill(Random random, JsonNode status)
        {
            service.Kill(_silo!);
            return (string?)status["coordinator"] ?? "silo";
        }

        public Task RecoverAsync()
        {
            // The same ports and state directory: the machine's one silo, started again.
            _silo = service.Start("Silo", "OrleansBackup.Silo.dll", _env);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class ClusterTarget(ClusterProcesses cluster) : ICrashTarget
    {
        public Dictionary<string, string> Limit { get; } = new() { ["BACKUP_MAX_BYTES_PER_SECOND"] = BytesPerSecond };

        public HttpClient Http => cluster.Http;

        public string Kill(Random random, JsonNode status)
        {
            var ports = cluster.Silos.Keys.Order().ToList();
            var victim = ports[random.Next(ports.Count)];
            cluster.Kill(victim);
            var coordinator = (string?)status["coordinator"];
            return coordinator is not null && ClusterProcesses.PortOf(coordinator) == victim ? coordinator : $"silo :{victim}";
        }

        public Task RecoverAsync()
        {
            cluster.StartSilo(Limit);
            return Task.CompletedTask;
        }
    }
}
