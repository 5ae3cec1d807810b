using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrleansBackup.Tests.Api;

/// <summary>The built Api run as its own process (<c>dotnet OrleansBackup.Api.dll</c>), found next to
/// the test assembly because the test project references Api.</summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _workDir = Directory.CreateTempSubdirectory("obk-api-proc-").FullName;

    public ApiProcess(IDictionary<string, string> environment)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "OrleansBackup.Api.dll");
        Assert.True(File.Exists(dll), $"{dll} not found");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _workDir,
        };
        psi.ArgumentList.Add(dll);
        psi.Environment["BACKUP_LOG_DIR"] = Path.Combine(_workDir, "logs");
        foreach (var (k, v) in environment)
        {
            psi.Environment[k] = v;
        }

        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Process Process => _process;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>A TCP port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_workDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
