namespace OrleansBackup.Engine;

/// <summary>Recreates a symlink as a symlink with the same target text. The link is never followed:
/// a link pointing outside the tree, or nowhere, is copied as the link itself.</summary>
internal static class SymlinkCopier
{
    internal enum Outcome { Unchanged, Created, Failed }

    /// <summary>Makes <paramref name="name"/> in <paramref name="dir"/> a symlink to
    /// <paramref name="linkTarget"/> with the source's mtime. Returns the errno on failure.</summary>
    public static (Outcome Outcome, int Errno) Sync(SafeDirectory dir, string name, string linkTarget, in FileStat source)
    {
        bool exists = dir.LStat(name, out var dst) == 0;
        if (exists && dst.Kind == FileKind.Symlink && dst.MtimeNs == source.MtimeNs
            && dir.ReadLink(name, out _) == linkTarget)
            return (Outcome.Unchanged, 0);

        if (!exists || dst.Kind != FileKind.Symlink || dir.ReadLink(name, out _) != linkTarget)
        {
            if (exists && dst.Kind == FileKind.Directory) return (Outcome.Failed, Native.EISDIR);
            // Create under a temporary name and rename over: the old entry is replaced atomically.
            var temp = TempNames.For(name);
            int errno = dir.Symlink(linkTarget, temp);
            if (errno != 0) return (Outcome.Failed, errno);
            errno = dir.Rename(temp, name);
            if (errno != 0)
            {
                dir.Unlink(temp);
                return (Outcome.Failed, errno);
            }
        }
        int e = dir.SetTimes(name, source);
        return e == 0 ? (Outcome.Created, 0) : (Outcome.Failed, e);
    }
}
