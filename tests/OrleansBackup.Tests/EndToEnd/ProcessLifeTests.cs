extern alias silo;

using System.Diagnostics;
using OrleansBackup.Tests.Support;

namespace OrleansBackup.Tests.EndToEnd;

/// <summary>The operator's first hour with real processes: the run script stops everything on a
/// signal, a second instance refuses the ports in one line, a silo never shares its ports, a silo
/// without a dashboard opens nothing else, start-up is quiet, and every command has usage text.</summary>
public sealed class ProcessLifeTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly TempTree _tree = new("obk-life");

    public void Dispose() => _tree.Dispose();

    private Dictionary<string, string> ScriptEnvironment(ServiceProcesses service)
    {
        var env = service.Environment(_tree.Root, _tree.Path_("logs"));
        env["BACKUP_SKIP_BUILD"] = "1";
        env["BACKUP_BUILD_CONFIGURATION"] = ServiceProcesses.Configuration;
        return env;
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void AssertNoStackTrace(string output) =>
        Assert.DoesNotContain(Lines(output), l => l.StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception:", StringComparison.Ordinal));

    [Theory]
    [InlineData(ProcessInspection.SigTerm)]
    [InlineData(ProcessInspection.SigInt)]
    public async Task The_run_script_stops_both_processes_on_a_signal_within_5_s_and_exits_0(int signal)
    {
        await using var service = new ServiceProcesses();
        var env = ScriptEnvironment(service);
        var script = service.StartProgram("bash", [Path.Combine(ServiceProcesses.RepoRoot, "deploy", "run-local.sh")], env);
        await service.WaitUntilReadyAsync();
        var children = ProcessInspection.Descendants(script.Id);
        Assert.True(children.Count >= 2, $"expected the silo and the Api under the script, found {children.Count}");

        // A normal start-up: labelled lines, no error, no stack trace.
        var startup = service.OutputOf(script);
        Assert.Contains(Lines(startup), l => l.Contains("] silo: ", StringComparison.Ordinal));
        Assert.Contains(Lines(startup), l => l.Contains("] api: ", StringComparison.Ordinal));
        Assert.DoesNotContain(Lines(startup), l => l.Contains(" ERR]", StringComparison.Ordinal) || l.Contains(" FTL]", StringComparison.Ordinal) || l.Contains(" WRN]", StringComparison.Ordinal));
        AssertNoStackTrace(startup);

        var stopwatch = Stopwatch.StartNew();
        ProcessInspection.Signal(script.Id, signal);
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
            await script.WaitForExitAsync(deadline.Token);
        await Poll.UntilAsync(() => Task.FromResult(children.Count(ProcessInspection.IsAlive)), alive => alive == 0,
            TimeSpan.FromSeconds(10), "the silo and the Api to exit");
        stopwatch.Stop();

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"stopping took {stopwatch.Elapsed.TotalSeconds:0.0} s\n{service.OutputOf(script)}");
        Assert.Equal(0, script.ExitCode);
        Assert.True(ProcessInspection.PortIsFree(service.ApiPort));
        Assert.True(ProcessInspection.PortIsFree(service.GatewayPort));
        AssertNoStackTrace(service.OutputOf(script));
    }

    [Fact]
    public async Task A_second_instance_on_the_same_ports_exits_non_zero_with_one_line_naming_the_port()
    {
        await using var service = new ServiceProcesses();
        var env = ScriptEnvironment(service);
        service.StartProgram("bash", [Path.Combine(ServiceProcesses.RepoRoot, "deploy", "run-local.sh")], env);
        await service.WaitUntilReadyAsync();

        var second = service.StartProgram("bash", [Path.Combine(ServiceProcesses.RepoRoot, "deploy", "run-local.sh")], env);
        using (var deadline = new CancellationTokenSource(StartTimeout))
            await second.WaitForExitAsync(deadline.Token);

        var output = service.OutputOf(second);
        Assert.NotEqual(0, second.ExitCode);
        var line = Assert.Single(Lines(output));
        Assert.Contains($"port {service.SiloPort}", line);
        Assert.Contains("BACKUP_SILO_PORT", line);
        // The first instance is untouched.
        using var status = await service.Http.GetAsync("/api/status");
        Assert.True(status.IsSuccessStatusCode);
    }

    [Fact]
    public async Task A_second_silo_on_the_same_silo_port_refuses_and_a_silo_without_dashboard_opens_only_its_two_ports()
    {
        await using var service = new ServiceProcesses();
        var env = service.Environment(_tree.Root, _tree.Path_("logs"));
        var config = _tree.WriteText("config.json", """{ "MaxWorker": 99 }""");
        env["BACKUP_CONFIG"] = config;
        var first = service.Start("Silo", "OrleansBackup.Silo.dll", env);
        await Poll.UntilAsync(() => Task.FromResult(ProcessInspection.ListeningPorts(first.Id)), ports => ports.Contains(service.GatewayPort) || first.HasExited,
            StartTimeout, "the silo's gateway to listen");
        Assert.False(first.HasExited, service.OutputOf(first));
        // BACKUP_DASHBOARD_PORT=0: the silo and gateway ports, nothing else (no random HTTP port).
        Assert.Equal(new[] { service.SiloPort, service.GatewayPort }.Order(), ProcessInspection.ListeningPorts(first.Id));
        // The typo is named, with the key it probably meant.
        Assert.Contains(Lines(service.OutputOf(first)), l => l.Contains("'MaxWorker'") && l.Contains("'MaxWorkers'"));

        var other = new Dictionary<string, string>(env) { ["BACKUP_GATEWAY_PORT"] = ServiceProcesses.FreePort().ToString() };
        other.Remove("BACKUP_CONFIG");
        var second = service.Start("Silo", "OrleansBackup.Silo.dll", other);
        using (var deadline = new CancellationTokenSource(StartTimeout))
            await second.WaitForExitAsync(deadline.Token);

        Assert.Equal(1, second.ExitCode);
        var line = Assert.Single(Lines(service.OutputOf(second)));
        Assert.Contains($"port {service.SiloPort}", line);
        Assert.Contains("BACKUP_SILO_PORT (SiloPort)", line);
        Assert.False(first.HasExited);
    }

    [Theory]
    [InlineData("")]
    [InlineData("serve")]
    [InlineData("init-db")]
    [InlineData("migrate")]
    [InlineData("status")]
    [InlineData("jobs")]
    [InlineData("start")]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("stop")]
    public async Task Help_prints_usage_and_exits_0_for_every_command(string command)
    {
        await using var service = new ServiceProcesses();
        string[] args = command.Length == 0 ? ["--help"] : [command, "--help"];
        var process = service.Start("Silo", "OrleansBackup.Silo.dll", new Dictionary<string, string>(), args: args);
        using (var deadline = new CancellationTokenSource(StartTimeout))
            await process.WaitForExitAsync(deadline.Token);

        var output = service.OutputOf(process);
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("Usage:", output);
        Assert.Contains($"OrleansBackup.Silo {command}".TrimEnd(), output);
        Assert.Contains("--version", output);
    }

    [Fact]
    public async Task Every_registered_command_is_covered_by_the_help_test_and_unknown_ones_exit_2()
    {
        var covered = typeof(ProcessLifeTests).GetMethod(nameof(Help_prints_usage_and_exits_0_for_every_command))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(a => (string)a.GetData(null!).Single()[0]).ToHashSet();
        var registered = silo::OrleansBackup.Silo.Cli.BackupCli.Build().Subcommands.Select(c => c.Name);
        Assert.Empty(registered.Except(covered));

        await using var service = new ServiceProcesses();
        var process = service.Start("Silo", "OrleansBackup.Silo.dll", new Dictionary<string, string>(), args: ["statsu"]);
        using (var deadline = new CancellationTokenSource(StartTimeout))
            await process.WaitForExitAsync(deadline.Token);
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("statsu", service.OutputOf(process));
    }
}
