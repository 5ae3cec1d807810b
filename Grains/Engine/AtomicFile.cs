namespace OrleansBackup.Engine;

/// <summary>Writes small files (manifest shards) as temp + rename, so a reader never sees half a file.</summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>; with
    /// <paramref name="fsync"/>, the file and then its directory are flushed to disk.</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes, bool fsync)
    {
        var dir = Path.GetDirectoryName(path)!;
        var temp = Path.Join(dir, TempNames.For(Path.GetFileName(path)));
        var handle = Native.Open(temp, Native.ORdWr | Native.OCreat | Native.OExcl, 0x1A4 /* 0644 */, out int errno)
            ?? throw new ErrnoException(errno, $"Cannot create '{temp}': {Native.Describe(errno)}");
        bool renamed = false;
        try
        {
            using (handle)
            {
                RandomAccess.Write(handle, bytes, 0);
                if (fsync && (errno = Native.Fsync(handle)) != 0)
                    throw new ErrnoException(errno, $"Cannot flush '{temp}': {Native.Describe(errno)}");
            }
            if ((errno = Native.Rename(temp, path)) != 0)
                throw new ErrnoException(errno, $"Cannot rename '{temp}': {Native.Describe(errno)}");
            renamed = true;
            if (fsync) Native.FsyncDirectory(dir);
        }
        finally
        {
            if (!renamed) Native.Unlink(temp);
        }
    }
}
