using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace OrleansBackup.Tests.EndToEnd;

/// <summary>What a test needs to know about real processes: signals, children, listening ports.</summary>
internal static class ProcessInspection
{
    public const int SigTerm = 15;
    public const int SigInt = 2;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
#pragma warning disable SYSLIB1054 // a plain blittable call; LibraryImport would need unsafe code in the test project
    private static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054

    public static void Signal(int pid, int signal) => Assert.Equal(0, Kill(pid, signal));

    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ");

    /// <summary>Every descendant of <paramref name="pid"/> (children, grandchildren, ...).</summary>
    public static List<int> Descendants(int pid)
    {
        var result = new List<int>();
        var pending = new Stack<int>([pid]);
        while (pending.TryPop(out var p))
        {
            foreach (var task in SafeDirs($"/proc/{p}/task"))
            {
                var children = SafeRead(Path.Combine(task, "children"));
                foreach (var c in children.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse))
                {
                    result.Add(c);
                    pending.Push(c);
                }
            }
        }
        return result;
    }

    /// <summary>TCP ports <paramref name="pid"/> listens on (IPv4 and IPv6), from /proc.</summary>
    public static SortedSet<int> ListeningPorts(int pid)
    {
        var inodes = new HashSet<string>();
        foreach (var fd in SafeFiles($"/proc/{pid}/fd"))
        {
            try
            {
                var target = new FileInfo(fd).LinkTarget;
                if (target?.StartsWith("socket:[", StringComparison.Ordinal) == true) inodes.Add(target[8..^1]);
            }
            catch (IOException) { }
        }
        var ports = new SortedSet<int>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
            foreach (var line in SafeRead(table).Split('\n').Skip(1))
            {
                var cols = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (cols.Length > 9 && cols[3] == "0A" && inodes.Contains(cols[9]))
                    ports.Add(int.Parse(cols[1].Split(':')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        return ports;
    }

    public static bool PortIsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string SafeRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return ""; }
    }

    private static string[] SafeDirs(string path)
    {
        try { return Directory.GetDirectories(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }

    private static string[] SafeFiles(string path)
    {
        try { return Directory.GetFiles(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }
}
