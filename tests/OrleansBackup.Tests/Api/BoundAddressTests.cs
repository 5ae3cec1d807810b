using System.Globalization;
using OrleansBackup.Tests.Support;

namespace OrleansBackup.Tests.Api;

/// <summary>The loopback promise holds however the listeners are configured: the Api checks the
/// addresses it really bound. Binding 0.0.0.0 sends no traffic anywhere; the tests only read
/// /proc/net/tcp* and talk to 127.0.0.1.</summary>
public sealed class BoundAddressTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private const string Token = "bound-address-test-token-0123456789";

    [Theory]
    [InlineData("Kestrel__Endpoints__Other__Url")]
    [InlineData("Kestrel__Endpoints__Http__Url")]
    public async Task A_kestrel_endpoint_beyond_loopback_without_a_token_stops_start_up_with_exit_code_2(string variable)
    {
        var port = ApiProcess.FreePort();
        await using var api = new ApiProcess(new Dictionary<string, string>
        {
            [variable] = $"http://0.0.0.0:{port}",
            ["BACKUP_PORT"] = ApiProcess.FreePort().ToString(CultureInfo.InvariantCulture),
            ["BACKUP_GATEWAY_PORT"] = ApiProcess.FreePort().ToString(CultureInfo.InvariantCulture),
        });

        await api.Process.WaitForExitAsync().WaitAsync(Timeout);

        Assert.True(api.Process.ExitCode == 2, api.Output);
        Assert.Contains($"BACKUP_API_TOKEN (ApiToken): required when the Api listens beyond loopback (it was bound to http://0.0.0.0:{port})", api.Output);
    }

    [Theory]
    [InlineData("ASPNETCORE_URLS")]
    [InlineData("URLS")]
    public async Task Urls_from_the_environment_never_open_a_listener_beyond_loopback(string variable)
    {
        var wanted = ApiProcess.FreePort();
        var port = ApiProcess.FreePort();
        await using var api = new ApiProcess(new Dictionary<string, string>
        {
            [variable] = $"http://0.0.0.0:{wanted}",
            ["BACKUP_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["BACKUP_GATEWAY_PORT"] = ApiProcess.FreePort().ToString(CultureInfo.InvariantCulture),
        });

        // Either it refuses to start (exit 2) or it listens on loopback only.
        await Poll.UntilAsync(() => Task.FromResult(api.Process.HasExited || Listeners(port).Count > 0), done => done,
            Timeout, "the Api to listen or exit");
        if (api.Process.HasExited) Assert.True(api.Process.ExitCode == 2, api.Output);
        Assert.DoesNotContain(Listeners(wanted), a => a != "127.0.0.1" && a != "::1");
        Assert.All(Listeners(port), a => Assert.True(a is "127.0.0.1" or "::1", $"listening on {a}"));
    }

    [Fact]
    public async Task With_a_token_a_kestrel_endpoint_beyond_loopback_is_served()
    {
        var port = ApiProcess.FreePort();
        await using var api = new ApiProcess(new Dictionary<string, string>
        {
            ["Kestrel__Endpoints__Other__Url"] = $"http://0.0.0.0:{port}",
            ["BACKUP_API_TOKEN"] = Token,
            ["BACKUP_PORT"] = ApiProcess.FreePort().ToString(CultureInfo.InvariantCulture),
            ["BACKUP_GATEWAY_PORT"] = ApiProcess.FreePort().ToString(CultureInfo.InvariantCulture),
        });

        await Poll.UntilAsync(() => Task.FromResult(api.Process.HasExited || Listeners(port).Contains("0.0.0.0")), done => done,
            Timeout, "the Api to listen on 0.0.0.0");
        Assert.False(api.Process.HasExited, api.Output);
    }

    /// <summary>The local addresses of TCP sockets listening on <paramref name="port"/>, from the kernel's tables.</summary>
    private static List<string> Listeners(int port)
    {
        var found = new List<string>();
        foreach (var (file, v6) in new[] { ("/proc/net/tcp", false), ("/proc/net/tcp6", true) })
        {
            if (!File.Exists(file)) continue;
            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length < 4 || parts[3] != "0A") continue; // 0A = LISTEN
                var local = parts[1].Split(':');
                if (int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) != port) continue;
                found.Add(Decode(local[0], v6));
            }
        }
        return found;
    }

    private static string Decode(string hex, bool v6)
    {
        // The kernel prints each 32-bit word in host (little-endian) order.
        var bytes = Convert.FromHexString(hex);
        for (int i = 0; i < bytes.Length; i += 4) Array.Reverse(bytes, i, 4);
        var address = new System.Net.IPAddress(bytes);
        if (v6 && address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return address.ToString();
    }
}
