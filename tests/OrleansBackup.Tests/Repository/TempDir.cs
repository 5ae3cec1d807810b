namespace OrleansBackup.Tests.Repository;

/// <summary>A unique real directory under the system temp folder, removed on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        // Resolve the temp folder itself, so expected paths match what PathGuard resolves.
        var tmp = new DirectoryInfo(System.IO.Path.GetTempPath());
        var realTmp = tmp.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? tmp.FullName;
        Path = System.IO.Path.Join(realTmp.TrimEnd('/'), "ob-repo-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Dir(params string[] parts)
    {
        var path = Combine(parts);
        Directory.CreateDirectory(path);
        return path;
    }

    public string File(string relative, int size = 0)
    {
        var path = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, new byte[size]);
        return path;
    }

    public string Combine(params string[] parts) => System.IO.Path.Join([Path, .. parts]);

    /// <summary>Every entry under the directory (links not followed), for "nothing changed" checks.</summary>
    public string[] Snapshot() =>
        [.. Directory.EnumerateFileSystemEntries(Path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Order(StringComparer.Ordinal)];

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
