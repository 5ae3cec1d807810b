using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OrleansBackup.Engine;

/// <summary>The Linux system calls .NET does not expose: statx (to tell FIFOs, sockets and devices
/// from regular files without opening them), nanosecond timestamps, raw open/rename/link/symlink
/// (fewer syscalls per file than the managed wrappers, and the errno comes back unchanged).</summary>
internal static unsafe partial class Native
{
    private const string Libc = "libc";

    public const int AtFdCwd = -100;
    public const int AtSymlinkNoFollow = 0x100;
    public const int AtEmptyPath = 0x1000;
    public const uint StatxBasicStats = 0x7ff;

    public const int ORdOnly = 0x0;
    public const int ORdWr = 0x2;
    public const int OCreat = 0x40;
    public const int OExcl = 0x80;
    public const int ONonBlock = 0x800;
    public const int ODirectory = 0x10000;
    public const int ONoFollow = 0x20000;
    public const int OCloExec = 0x80000;

    public const int EPERM = 1, ENOENT = 2, EINTR = 4, EIO = 5, EAGAIN = 11, ESPIPE = 29, EACCES = 13, EEXIST = 17, ENOTDIR = 20,
        EISDIR = 21, ENOSPC = 28, EROFS = 30, ENAMETOOLONG = 36, ELOOP = 40, EDQUOT = 122;

    /// <summary>Size of struct statx; fixed by the kernel ABI on every architecture.</summary>
    private const int StatxSize = 256;

    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec
    {
        public long Sec;
        public long Nsec;
    }

    [LibraryImport(Libc, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatxRaw(int dirfd, string path, int flags, uint mask, byte* buf);

    [LibraryImport(Libc, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenRaw(string path, int flags, int mode);

    [LibraryImport(Libc, EntryPoint = "futimens", SetLastError = true)]
    private static partial int FutimensRaw(int fd, Timespec* times);

    [LibraryImport(Libc, EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UtimensatRaw(int dirfd, string path, Timespec* times, int flags);

    [LibraryImport(Libc, EntryPoint = "fchmod", SetLastError = true)]
    private static partial int FchmodRaw(int fd, uint mode);

    [LibraryImport(Libc, EntryPoint = "chmod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ChmodRaw(string path, uint mode);

    [LibraryImport(Libc, EntryPoint = "pread", SetLastError = true)]
    private static partial nint PreadRaw(int fd, byte* buf, nint count, long offset);

    [LibraryImport(Libc, EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadRaw(int fd, byte* buf, nint count);

    [LibraryImport(Libc, EntryPoint = "posix_fadvise")]
    private static partial int FadviseRaw(int fd, long offset, long length, int advice);

    [LibraryImport(Libc, EntryPoint = "fsync", SetLastError = true)]
    private static partial int FsyncRaw(int fd);

    [LibraryImport(Libc, EntryPoint = "readlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint ReadlinkRaw(string path, byte* buf, nint size);

    [LibraryImport(Libc, EntryPoint = "mkfifo", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkfifoRaw(string path, uint mode);

    private static int Errno() => Marshal.GetLastPInvokeError();

    /// <summary>lstat (never follows a symlink). Returns 0 or the errno.</summary>
    public static int LStat(string path, out FileStat stat)
    {
        byte* buf = stackalloc byte[StatxSize];
        if (StatxRaw(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, buf) != 0)
        {
            stat = default;
            return Errno();
        }
        stat = FileStat.FromStatx(buf);
        return 0;
    }

    /// <summary>fstat of an open handle. Returns 0 or the errno.</summary>
    public static int FStat(SafeFileHandle handle, out FileStat stat)
    {
        byte* buf = stackalloc byte[StatxSize];
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (StatxRaw((int)handle.DangerousGetHandle(), "", AtEmptyPath, StatxBasicStats, buf) != 0)
            {
                stat = default;
                return Errno();
            }
            stat = FileStat.FromStatx(buf);
            return 0;
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>open(2). Returns the handle, or null with the errno.</summary>
    public static SafeFileHandle? Open(string path, int flags, int mode, out int errno) =>
        ToHandle(OpenRaw(path, flags | OCloExec, mode), out errno);

    private static SafeFileHandle? ToHandle(int fd, out int errno)
    {
        errno = fd < 0 ? Errno() : 0;
        return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Sets permission bits and timestamps (ns) on an open file. Returns 0 or the errno.</summary>
    public static int SetModeAndTimes(SafeFileHandle handle, uint permissions, in FileStat times)
    {
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            int fd = (int)handle.DangerousGetHandle();
            if (FchmodRaw(fd, permissions) != 0) return Errno();
            Timespec* ts = stackalloc Timespec[2];
            ts[0] = new Timespec { Sec = times.AtimeSec, Nsec = times.AtimeNsec };
            ts[1] = new Timespec { Sec = times.MtimeSec, Nsec = times.MtimeNsec };
            return FutimensRaw(fd, ts) != 0 ? Errno() : 0;
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>Sets timestamps (ns) on a path without following a final symlink. Returns 0 or the errno.</summary>
    public static int SetTimesNoFollow(string path, in FileStat times)
    {
        Timespec* ts = stackalloc Timespec[2];
        ts[0] = new Timespec { Sec = times.AtimeSec, Nsec = times.AtimeNsec };
        ts[1] = new Timespec { Sec = times.MtimeSec, Nsec = times.MtimeNsec };
        return UtimensatRaw(AtFdCwd, path, ts, AtSymlinkNoFollow) != 0 ? Errno() : 0;
    }

    /// <summary>pread(2); on a handle that cannot seek (a pipe an opener may hand out) a plain
    /// read(2), so such sources are read sequentially. EAGAIN (a non-blocking FIFO with no data)
    /// reads as end of file. Throws <see cref="ErrnoException"/> on other errors.</summary>
    public static int PRead(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            int fd = (int)handle.DangerousGetHandle();
            fixed (byte* p = buffer)
            {
                while (true)
                {
                    nint n = PreadRaw(fd, p, buffer.Length, offset);
                    if (n >= 0) return (int)n;
                    int errno = Errno();
                    if (errno == ESPIPE)
                    {
                        n = ReadRaw(fd, p, buffer.Length);
                        if (n >= 0) return (int)n;
                        errno = Errno();
                    }
                    if (errno == EINTR) continue;
                    if (errno == EAGAIN) return 0;
                    throw new ErrnoException(errno, Describe(errno));
                }
            }
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>Tells the kernel a file will be read front to back (larger read-ahead). Advisory:
    /// failures (e.g. on a pipe) are ignored.</summary>
    public static void AdviseSequential(SafeFileHandle handle)
    {
        const int PosixFadvSequential = 2;
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            _ = FadviseRaw((int)handle.DangerousGetHandle(), 0, 0, PosixFadvSequential);
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    public static int Fsync(SafeFileHandle handle)
    {
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return FsyncRaw((int)handle.DangerousGetHandle()) != 0 ? Errno() : 0;
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    public static int Chmod(string path, uint mode) => ChmodRaw(path, mode) != 0 ? Errno() : 0;

    public static int Mkfifo(string path, uint mode) => MkfifoRaw(path, mode) != 0 ? Errno() : 0;

    /// <summary>The target text of a symlink, exactly as stored (never resolved). Null with the errno on failure.</summary>
    public static string? ReadLink(string path, out int errno)
    {
        // PATH_MAX is 4096; a longer target cannot be created by symlink(2) on Linux.
        const int Max = 4096;
        byte* buf = stackalloc byte[Max];
        nint n = ReadlinkRaw(path, buf, Max);
        if (n < 0)
        {
            errno = Errno();
            return null;
        }
        errno = 0;
        return System.Text.Encoding.UTF8.GetString(buf, (int)n);
    }

    /// <summary>The kernel's text for an errno, e.g. "Input/output error".</summary>
    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
