namespace OrleansBackup.Tests.Support;

/// <summary>Asserts that a backup target mirrors a source: same bytes, same permission bits, same
/// modification time, symlinks as symlinks, every directory present.</summary>
public static class TreeAssert
{
    /// <param name="skip">Relative paths (from the source root) expected to be absent in the target.</param>
    public static int MirrorEquals(string source, string target, params string[] skip)
    {
        var compared = 0;
        foreach (var entry in new DirectoryInfo(source).EnumerateFileSystemInfos("*", new EnumerationOptions
                 { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var rel = Path.GetRelativePath(source, entry.FullName);
            var other = Path.Combine(target, rel);
            if (skip.Contains(rel))
            {
                Assert.False(File.Exists(other) || Directory.Exists(other), $"{rel} should not be in the backup");
                continue;
            }
            if (entry.LinkTarget is { } linkTarget)
            {
                var otherInfo = new FileInfo(other);
                Assert.True(otherInfo.LinkTarget is not null, $"{rel} should be a symlink");
                Assert.Equal(linkTarget, otherInfo.LinkTarget);
                continue;
            }
            if (entry is DirectoryInfo)
            {
                Assert.True(Directory.Exists(other), $"directory {rel} missing");
                continue;
            }
            Assert.True(File.Exists(other), $"file {rel} missing");
            Assert.Equal(TempTree.Sha256(entry.FullName), TempTree.Sha256(other));
            Assert.Equal(File.GetUnixFileMode(entry.FullName), File.GetUnixFileMode(other));
            Assert.Equal(File.GetLastWriteTimeUtc(entry.FullName), File.GetLastWriteTimeUtc(other));
            compared++;
        }
        return compared;
    }

    /// <summary>Temporaries the copy engine writes before renaming (".name.obk-tmp-xxxxxxxx").</summary>
    public static string[] TempFiles(string root) => Directory.Exists(root)
        ? Directory.GetFiles(root, "*.obk-tmp-*", SearchOption.AllDirectories)
        : [];
}
