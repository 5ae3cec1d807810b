using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OrleansBackup.Tests.Support;

namespace OrleansBackup.Tests.EndToEnd;

/// <summary>The real service: a Silo process and an Api process started from the build output, on
/// free loopback ports. When the tests run as root, the silo can run as <c>nobody</c> so a
/// mode-000 file is truly unreadable to it.</summary>
public sealed class ServiceProcesses : IAsyncDisposable
{
    private readonly List<(Process Process, StringBuilder Output)> _processes = [];
    private readonly HashSet<Process> _killed = [];

    public int ApiPort { get; } = FreePort();
    public int GatewayPort { get; } = FreePort();
    public int SiloPort { get; } = FreePort();
    public HttpClient Http { get; }

    /// <summary>The silo's embedded store (BACKUP_STATE_DIR), this instance's own, so a silo started
    /// again after a kill finds what the one before it wrote. World-writable: a silo may run as nobody.</summary>
    public string StateDir { get; }

    public ServiceProcesses()
    {
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ApiPort}") };
        StateDir = Directory.CreateTempSubdirectory("obk-state-").FullName;
        File.SetUnixFileMode(StateDir, (UnixFileMode)0b111_111_111);
    }

    public static string Configuration =>
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Orleans.Backup.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Orleans.Backup.sln not found above the test output");
        }
    }

    public static string OutputDir(string project) => Path.Combine(RepoRoot, project, "bin", Configuration, "net10.0");

    /// <summary>Environment shared by both processes: ports, roots, log dir.</summary>
    public Dictionary<string, string> Environment(string allowedRoot, string logDir, int maxWorkers = 4) => new()
    {
        ["BACKUP_PORT"] = ApiPort.ToString(),
        ["BACKUP_SILO_PORT"] = SiloPort.ToString(),
        ["BACKUP_GATEWAY_PORT"] = GatewayPort.ToString(),
        ["BACKUP_DASHBOARD_PORT"] = "0",
        ["BACKUP_ALLOWED_ROOTS"] = allowedRoot,
        ["BACKUP_LOG_DIR"] = logDir,
        ["BACKUP_MAX_WORKERS"] = maxWorkers.ToString(),
        ["BACKUP_STATE_DIR"] = StateDir,
    };

    public static bool IsRoot => System.Environment.UserName == "root";

    /// <summary>Starts a project's dll; <paramref name="asUser"/> drops privileges with setpriv.</summary>
    public Process Start(string project, string dll, IDictionary<string, string> env, string? asUser = null, string? workDir = null,
        IEnumerable<string>? args = null)
    {
        var dir = OutputDir(project);
        if (asUser is not null) dir = ReadableCopy(dir, project);
        var psi = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asUser is null)
        {
            psi.FileName = "dotnet";
            psi.ArgumentList.Add(Path.Combine(dir, dll));
        }
        else
        {
            psi.FileName = "setpriv";
            foreach (var a in new[] { $"--reuid={asUser}", $"--regid={(asUser == "nobody" ? "nogroup" : asUser)}", "--clear-groups", "--", "dotnet", Path.Combine(dir, dll) })
                psi.ArgumentList.Add(a);
            var home = Directory.CreateTempSubdirectory("obk-home-").FullName;
            File.SetUnixFileMode(home, (UnixFileMode)0b111_111_111);
            psi.Environment["HOME"] = home;
            psi.Environment["DOTNET_CLI_HOME"] = home;
        }
        foreach (var a in args ?? []) psi.ArgumentList.Add(a);
        psi.WorkingDirectory = workDir ?? Path.GetTempPath();
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (k, v) in env) psi.Environment[k] = v;

        return Track(psi);
    }

    /// <summary>Starts any program (e.g. a script) with its output captured; disposed with the others.</summary>
    public Process StartProgram(string fileName, IEnumerable<string> args, IDictionary<string, string> env, string? workDir = null)
    {
        var psi = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.WorkingDirectory = workDir ?? RepoRoot;
        psi.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (k, v) in env) psi.Environment[k] = v;
        return Track(psi);
    }

    private Process Track(ProcessStartInfo psi)
    {
        var process = new Process { StartInfo = psi };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add((process, output));
        return process;
    }

    public string OutputOf(Process process)
    {
        var output = _processes.First(p => p.Process == process).Output;
        lock (output) return output.ToString();
    }

    public string AllOutput() => string.Join("\n---\n", _processes.Select(p => { lock (p.Output) return p.Output.ToString(); }));

    /// <summary>SIGKILL, as <c>kill -9</c>: no shutdown, nothing flushed. The process's output is kept.</summary>
    public void Kill(Process process)
    {
        _killed.Add(process);
        process.Kill();
        process.WaitForExit();
    }

    /// <summary>Waits until the Api answers and reaches the cluster.</summary>
    public Task WaitUntilReadyAsync() => Poll.UntilAsync(async () =>
    {
        foreach (var (p, _) in _processes)
            if (!_killed.Contains(p) && p.HasExited) throw new InvalidOperationException($"a service process exited ({p.ExitCode}):\n{AllOutput()}");
        try
        {
            using var response = await Http.GetAsync("/api/status");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException) { return false; }
    }, ready => ready, TimeSpan.FromSeconds(90), "the service to answer /api/status");

    public async ValueTask DisposeAsync()
    {
        foreach (var (p, _) in _processes)
        {
            try
            {
                if (!p.HasExited) p.Kill(entireProcessTree: true);
                await p.WaitForExitAsync();
            }
            catch (InvalidOperationException) { }
            p.Dispose();
        }
        Http.Dispose();
        try { Directory.Delete(StateDir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // The checkout may live under a directory other users cannot enter (e.g. /root): give the
    // unprivileged process its own world-readable copy of the build output.
    private static string ReadableCopy(string dir, string project)
    {
        var copy = Path.Combine(Path.GetTempPath(), $"obk-e2e-{project}-{Configuration}-{Guid.NewGuid():N}");
        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(dir, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        foreach (var d in Directory.EnumerateDirectories(copy, "*", SearchOption.AllDirectories).Append(copy))
            File.SetUnixFileMode(d, (UnixFileMode)0b111_101_101);
        return copy;
    }
}
