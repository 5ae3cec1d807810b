using System.Net;
using OrleansBackup.Hosting; // the Api's copy of Silo/Hosting/Shared (the Silo reference is aliased)

namespace OrleansBackup.Tests.Deploy;

/// <summary>BACKUP_ADVERTISED_ADDRESS: what containers and pods set so silos reach each other
/// (deploy/docker-compose.yml, deploy/k8s). Loopback stays the default.</summary>
public sealed class AdvertisedAddressSettingsTests
{
    private static BackupSettings Load(string? value)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["BACKUP_ADVERTISED_ADDRESS"] = value,
        };
        return SettingsLoader.Load([], env);
    }

    [Fact]
    public void Defaults_to_loopback()
    {
        var settings = Load(null);
        Assert.Equal(IPAddress.Loopback, settings.AdvertisedAddress);
        Assert.False(settings.ListensBeyondLoopback);
    }

    [Theory]
    [InlineData("172.28.0.11")]
    [InlineData("10.244.1.7")]
    [InlineData("fd00::7")]
    public void Accepts_an_ip_address(string value)
    {
        var settings = Load(value);
        Assert.Equal(IPAddress.Parse(value), settings.AdvertisedAddress);
        Assert.True(settings.ListensBeyondLoopback);
    }

    [Fact]
    public void Command_line_overrides_the_environment()
    {
        var env = new Dictionary<string, string?> { ["BACKUP_ADVERTISED_ADDRESS"] = "10.0.0.1" };
        var settings = SettingsLoader.Load(["--advertised-address", "10.0.0.2"], env);
        Assert.Equal(IPAddress.Parse("10.0.0.2"), settings.AdvertisedAddress);
    }

    [Theory]
    [InlineData("not-an-ip")]
    [InlineData("10")]
    [InlineData("0.0.0.0")]
    [InlineData("silo-1.example")]
    public void Rejects_anything_else_naming_the_key(string value)
    {
        var ex = Assert.Throws<SettingsException>(() => Load(value));
        var error = Assert.Single(ex.Errors);
        Assert.Contains("BACKUP_ADVERTISED_ADDRESS (AdvertisedAddress)", error, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error, StringComparison.Ordinal);
    }
}
