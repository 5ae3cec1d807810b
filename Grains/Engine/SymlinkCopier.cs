namespace OrleansBackup.Engine;

/// <summary>Recreates a symlink as a symlink with the same target text. The link is never followed:
/// a link pointing outside the tree, or nowhere, is copied as the link itself.</summary>
internal static class SymlinkCopier
{
    internal enum Outcome { Unchanged, Created, Failed }

    /// <summary>Makes <paramref name="targetPath"/> a symlink to <paramref name="linkTarget"/> with the
    /// source's mtime. Returns the errno on failure.</summary>
    public static (Outcome Outcome, int Errno) Sync(string targetPath, string linkTarget, in FileStat source)
    {
        bool exists = Native.LStat(targetPath, out var dst) == 0;
        if (exists && dst.Kind == FileKind.Symlink && dst.MtimeNs == source.MtimeNs
            && Native.ReadLink(targetPath, out _) == linkTarget)
            return (Outcome.Unchanged, 0);

        if (!exists || dst.Kind != FileKind.Symlink || Native.ReadLink(targetPath, out _) != linkTarget)
        {
            if (exists && dst.Kind == FileKind.Directory) return (Outcome.Failed, Native.EISDIR);
            // Create under a temporary name and rename over: the old entry is replaced atomically.
            var dir = Path.GetDirectoryName(targetPath)!;
            var temp = Path.Join(dir, TempNames.For(Path.GetFileName(targetPath)));
            int errno = Native.Symlink(linkTarget, temp);
            if (errno != 0) return (Outcome.Failed, errno);
            errno = Native.Rename(temp, targetPath);
            if (errno != 0)
            {
                Native.Unlink(temp);
                return (Outcome.Failed, errno);
            }
        }
        int e = Native.SetTimesNoFollow(targetPath, source);
        return e == 0 ? (Outcome.Created, 0) : (Outcome.Failed, e);
    }
}
