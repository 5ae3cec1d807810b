using System.Diagnostics;

namespace OrleansBackup.Tests.Api;

/// <summary>The built Api refuses bad configuration at start-up: non-zero exit, the key named.</summary>
public sealed class BadConfigurationTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("BACKUP_PORT", "abc", "BACKUP_PORT")]
    [InlineData("BACKUP_PORT", "70000", "BACKUP_PORT")]
    [InlineData("BACKUP_DEST", "relative/dest", "BACKUP_DEST")]
    public async Task Bad_value_exits_non_zero_naming_the_key(string variable, string value, string expected)
    {
        var (exitCode, output) = await RunApiAsync(new Dictionary<string, string> { [variable] = value });

        Assert.NotEqual(0, exitCode);
        Assert.Contains(expected, output);
        Assert.Contains(value, output);
    }

    private static async Task<(int ExitCode, string Output)> RunApiAsync(Dictionary<string, string> environment)
    {
        // The test project references Api, so its dll sits next to the test assembly.
        var dll = Path.Combine(AppContext.BaseDirectory, "OrleansBackup.Api.dll");
        Assert.True(File.Exists(dll), $"{dll} not found");
        var logDir = Directory.CreateTempSubdirectory("obk-api-badcfg-").FullName;
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = logDir,
        };
        psi.ArgumentList.Add(dll);
        psi.Environment["BACKUP_LOG_DIR"] = logDir;
        psi.Environment["BACKUP_GATEWAY_PORT"] = "1"; // never reach a real silo should validation let it through
        foreach (var (k, v) in environment)
        {
            psi.Environment[k] = v;
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(ExitTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        finally
        {
            Directory.Delete(logDir, recursive: true);
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
