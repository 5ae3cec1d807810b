namespace OrleansBackup.Tests.Api;

/// <summary>The built Api refuses bad configuration at start-up: non-zero exit, the key named.</summary>
public sealed class BadConfigurationTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("BACKUP_PORT", "abc")]
    [InlineData("BACKUP_PORT", "70000")]
    [InlineData("BACKUP_GATEWAY_PORT", "0")]
    [InlineData("BACKUP_DEST", "relative/dest")]
    [InlineData("BACKUP_ALLOWED_ROOTS", "not-absolute")]
    public async Task Bad_value_exits_non_zero_naming_the_key(string variable, string value)
    {
        await using var api = new ApiProcess(new Dictionary<string, string>
        {
            [variable] = value,
            // Never reach a real silo, should validation let the value through.
            ["BACKUP_GATEWAY_PORT"] = variable == "BACKUP_GATEWAY_PORT" ? value : ApiProcess.FreePort().ToString(),
        });

        await api.Process.WaitForExitAsync().WaitAsync(ExitTimeout);

        Assert.NotEqual(0, api.Process.ExitCode);
        Assert.Contains(variable, api.Output);
        Assert.Contains($"'{value}'", api.Output);
    }
}
