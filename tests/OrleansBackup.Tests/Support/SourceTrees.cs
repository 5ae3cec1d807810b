namespace OrleansBackup.Tests.Support;

/// <summary>Source trees shaped like the acceptance criteria: many small files in many directories,
/// a symlink, an empty directory, names with spaces and non-ASCII letters, a large file, and a file
/// the test silos refuse to read.</summary>
public static class SourceTrees
{
    public const string UnreadableName = "secret-" + TestOpener.UnreadableMarker + ".txt";

    /// <summary>Builds the tree; returns the number of regular files (the unreadable one included).</summary>
    public static int BuildAcceptanceTree(TempTree tree, string root, int topDirs, int subDirs, int filesPerDir, int largeFileBytes)
    {
        var files = 0;
        for (var t = 0; t < topDirs; t++)
        {
            for (var s = 0; s <= subDirs; s++)
            {
                var dir = s == 0 ? $"{root}/top {t:00}" : $"{root}/top {t:00}/sub-{s:00}";
                for (var f = 0; f < filesPerDir; f++)
                {
                    var size = 1024 + (t * 7919 + s * 104729 + f * 31) % (63 * 1024);
                    tree.WriteFile($"{dir}/file-{f:000}.bin", size, seed: t * 10_000 + s * 100 + f);
                    files++;
                }
            }
        }
        tree.WriteText($"{root}/Ünïcødé façade/日本語 ファイル.txt", "non-ascii names survive");
        tree.WriteText($"{root}/name with spaces.txt", "spaces survive");
        tree.WriteText($"{root}/{UnreadableName}", "nobody may read this");
        tree.WriteFile($"{root}/large.bin", largeFileBytes, seed: 42);
        files += 4;
        Directory.CreateDirectory(tree.Path_(root, "empty", "nested-empty"));
        File.CreateSymbolicLink(tree.Path_(root, "link-to-spaces"), "name with spaces.txt");
        // An unusual mode (0604) that is kept, and still readable by an unprivileged silo.
        File.SetUnixFileMode(tree.Path_(root, "name with spaces.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        File.SetLastWriteTimeUtc(tree.Path_(root, "large.bin"), new DateTime(2020, 2, 29, 12, 34, 56, 789, DateTimeKind.Utc).AddTicks(1234));
        return files;
    }
}
