using System.Security.Cryptography;
using System.Text;

namespace OrleansBackup.Tests.Support;

/// <summary>A unique temporary directory, removed on dispose, with helpers to build source trees.</summary>
public sealed class TempTree : IDisposable
{
    public TempTree(string prefix = "obk")
    {
        Root = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Path_(params string[] parts) => Path.Combine([Root, .. parts]);

    public string WriteFile(string relative, int bytes, int seed)
    {
        var full = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var data = new byte[bytes];
        new Random(seed).NextBytes(data);
        File.WriteAllBytes(full, data);
        return full;
    }

    public string WriteText(string relative, string text)
    {
        var full = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text, Encoding.UTF8);
        return full;
    }

    public void Dispose()
    {
        try
        {
            // Make everything deletable first (tests create read-only files and directories).
            foreach (var d in Directory.EnumerateDirectories(Root, "*", SearchOption.AllDirectories))
                File.SetUnixFileMode(d, (UnixFileMode)0b111_111_101);
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
