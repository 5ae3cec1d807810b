using System.Runtime.InteropServices;

namespace OrleansBackup.Repository;

/// <summary>fsync of a directory, so a rename inside it survives a power cut. .NET cannot open a
/// directory as a file handle, so this goes to libc: open(O_RDONLY) + fsync + close.</summary>
internal static partial class DirectorySync
{
    // O_RDONLY is 0 on every Unix; O_DIRECTORY is left out on purpose: its value differs between
    // x86-64 and arm64, and the path is known to be a directory anyway.
    private const int ORdOnly = 0;
    private const int EInval = 22;
    private const int EIntr = 4;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncFs(int fd);

    /// <summary>Flushes everything written to the filesystem holding <paramref name="path"/>
    /// (syncfs): one call instead of an fsync per manifest shard.</summary>
    internal static void FlushFileSystem(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        var fd = Open(path, ORdOnly);
        if (fd < 0)
            throw new IOException($"cannot open '{path}' to sync its filesystem: {Marshal.GetLastPInvokeErrorMessage()}");
        try
        {
            if (SyncFs(fd) != 0)
                throw new IOException($"syncfs of '{path}' failed: {Marshal.GetLastPInvokeErrorMessage()}");
        }
        finally
        {
            Close(fd);
        }
    }

    /// <summary>Flushes <paramref name="directory"/>'s entries to disk. No-op on Windows, where
    /// directories cannot be flushed and renames are journaled by NTFS.</summary>
    internal static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Open(directory, ORdOnly);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory '{directory}' to sync it: {Marshal.GetLastPInvokeErrorMessage()}");
        }

        try
        {
            int rc;
            do
            {
                rc = Fsync(fd);
            }
            while (rc != 0 && Marshal.GetLastPInvokeError() == EIntr);

            // EINVAL: the filesystem does not support syncing directories (some FUSE/network mounts);
            // nothing more can be done there, and the rename itself succeeded.
            if (rc != 0 && Marshal.GetLastPInvokeError() != EInval)
            {
                throw new IOException($"cannot sync directory '{directory}': {Marshal.GetLastPInvokeErrorMessage()}");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }
}
