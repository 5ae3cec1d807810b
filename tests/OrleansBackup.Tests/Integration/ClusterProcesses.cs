using System.Diagnostics;
using OrleansBackup.Tests.EndToEnd;
using OrleansBackup.Tests.Postgres;

namespace OrleansBackup.Tests.Integration;

/// <summary>A real cluster on this machine: silo processes and the Api, clustered through the test
/// PostgreSQL database under a cluster id of their own.</summary>
public sealed class ClusterProcesses(string root) : IAsyncDisposable
{
    private readonly ServiceProcesses _processes = new();
    private readonly Dictionary<int, Process> _silos = [];

    public string ClusterId { get; } = TestDatabase.UniqueId("it");
    public HttpClient Http => _processes.Http;
    public IReadOnlyDictionary<int, Process> Silos => _silos;

    private Dictionary<string, string> Environment(IDictionary<string, string>? extra)
    {
        var env = _processes.Environment(root, Path.Combine(root, "logs"), maxWorkers: 2);
        env["BACKUP_DB"] = TestDatabase.ConnectionString;
        env["BACKUP_CLUSTER_ID"] = ClusterId;
        if (extra is not null) foreach (var (k, v) in extra) env[k] = v;
        return env;
    }

    /// <summary>Starts a silo on fresh ports; returns its silo port (which names it in addresses).</summary>
    public int StartSilo(IDictionary<string, string>? extra = null)
    {
        var siloPort = ServiceProcesses.FreePort();
        var env = Environment(extra);
        env["BACKUP_SILO_PORT"] = siloPort.ToString();
        env["BACKUP_GATEWAY_PORT"] = ServiceProcesses.FreePort().ToString();
        env["BACKUP_SILO_NAME"] = $"silo-{siloPort}";
        _silos[siloPort] = _processes.Start("Silo", "OrleansBackup.Silo.dll", env);
        return siloPort;
    }

    public void StartApi() => _processes.Start("Api", "OrleansBackup.Api.dll", Environment(null));

    public Task WaitUntilReadyAsync() => _processes.WaitUntilReadyAsync();

    /// <summary>SIGKILL: no shutdown, no goodbye to the membership table.</summary>
    public void Kill(int siloPort)
    {
        _processes.Kill(_silos[siloPort]);
        _silos.Remove(siloPort);
    }

    public static int PortOf(string siloAddress) =>
        int.Parse(siloAddress.Split('@')[0].Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture);

    public string Output() => _processes.AllOutput();

    public ValueTask DisposeAsync() => _processes.DisposeAsync();
}
