using System.Net;
using System.Net.Sockets;
using OrleansBackup.Hosting;

namespace OrleansBackup.Silo.Cli;

/// <summary>Refuses a port another process listens on. The Orleans listeners bind with
/// SO_REUSEPORT (what .NET's ReuseAddress means on Linux), so a second silo would otherwise bind the
/// same ports beside the first and split its traffic. The probe binds with SO_REUSEADDR only: that
/// conflicts with any listener but not with the TIME_WAIT leftovers of a silo that just stopped.</summary>
public static class PortCheck
{
    private const int SolSocket = 1;
    private const int SoReuseAddr = 2;

    /// <summary>A message naming the first port in use and the setting that moves it, or null.</summary>
    public static string? FirstInUse(BackupSettings settings)
    {
        var address = settings.ListensBeyondLoopback ? IPAddress.Any : IPAddress.Loopback;
        var ports = new List<(int Port, string Key)>
        {
            (settings.SiloPort, SettingKeys.SiloPort),
            (settings.GatewayPort, SettingKeys.GatewayPort),
        };
        if (settings.DashboardPort > 0) ports.Add((settings.DashboardPort, SettingKeys.DashboardPort));
        foreach (var (port, key) in ports)
            if (!IsFree(address, port))
                return $"port {port} ({SettingKeys.Describe(key)}) is already in use on {address}; stop the process " +
                    $"that holds it or choose another port with {SettingKeys.Describe(key)}";
        return null;
    }

    public static bool IsFree(IPAddress address, int port)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (OperatingSystem.IsLinux())
            socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(1);
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            return false;
        }
    }
}
