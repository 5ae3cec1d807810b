namespace OrleansBackup.Engine;

/// <summary>Writes a whole small file (repository records, manifest shards) so that readers see the
/// old content or the new, never a part: a temporary in the same directory (<see cref="TempNames"/>,
/// so a crash's leftover is cleaned like any other), optional fsync, rename, fsync of the directory.
/// The directory is a <see cref="SafeDirectory"/>: nothing is written through a symlink.</summary>
internal static class AtomicFile
{
    private const int FileMode = 0x1A4; // 0644

    /// <summary>Writes <paramref name="bytes"/> as <paramref name="name"/> in <paramref name="directory"/>.
    /// With <paramref name="fsync"/> the file and then the directory are flushed to disk. With
    /// <paramref name="overwrite"/> false, returns false (and writes nothing) when the file exists, so
    /// concurrent creators agree on one winner. Throws <see cref="ErrnoException"/> on failure.</summary>
    public static bool Write(SafeDirectory directory, string name, ReadOnlySpan<byte> bytes, bool fsync, bool overwrite = true)
    {
        var temp = TempNames.For(name);
        var handle = directory.OpenFile(temp, Native.ORdWr | Native.OCreat | Native.OExcl, FileMode, out int errno)
            ?? throw new ErrnoException(errno, $"Cannot create '{directory.PathOf(temp)}': {Native.Describe(errno)}");
        bool renamed = false;
        try
        {
            using (handle)
            {
                RandomAccess.Write(handle, bytes, 0);
                if (fsync && (errno = Native.Fsync(handle)) != 0)
                    throw new ErrnoException(errno, $"Cannot flush '{directory.PathOf(temp)}': {Native.Describe(errno)}");
            }
            errno = overwrite ? directory.Rename(temp, name) : directory.RenameNoReplace(temp, name);
            if (errno == Native.EEXIST && !overwrite) return false;
            if (errno != 0)
                throw new ErrnoException(errno, $"Cannot rename '{directory.PathOf(temp)}': {Native.Describe(errno)}");
            renamed = true;
            if (fsync && (errno = directory.Fsync()) != 0)
                throw new ErrnoException(errno, $"Cannot sync directory '{directory.Path}': {Native.Describe(errno)}");
            return true;
        }
        finally
        {
            // Gone after a successful rename; removed here after a failure or a lost race.
            if (!renamed) directory.Unlink(temp);
        }
    }
}
