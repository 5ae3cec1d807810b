using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OrleansBackup.Engine;

/// <summary>The directory-relative (<c>*at</c>) system calls behind <see cref="SafeDirectory"/>:
/// each names an entry inside an open directory, so no symlink in the path above it is followed.</summary>
internal static unsafe partial class Native
{
    /// <summary>A handle usable only as a directory to walk through (needs search, not read, permission).</summary>
    public const int OPath = 0x200000;
    public const int EBADF = 9, EINVAL = 22, ENOSYS = 38, EXDEV = 18;

    private const uint RenameNoReplace = 1;

    [LibraryImport(Libc, EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenatRaw(int dirfd, string path, int flags, int mode);

    [LibraryImport(Libc, EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MkdiratRaw(int dirfd, string path, uint mode);

    [LibraryImport(Libc, EntryPoint = "renameat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameatRaw(int olddirfd, string oldPath, int newdirfd, string newPath);

    [LibraryImport(Libc, EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Renameat2Raw(int olddirfd, string oldPath, int newdirfd, string newPath, uint flags);

    [LibraryImport(Libc, EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UnlinkatRaw(int dirfd, string path, int flags);

    [LibraryImport(Libc, EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LinkatRaw(int olddirfd, string oldPath, int newdirfd, string newPath, int flags);

    [LibraryImport(Libc, EntryPoint = "symlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SymlinkatRaw(string target, int newdirfd, string linkPath);

    [LibraryImport(Libc, EntryPoint = "readlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint ReadlinkatRaw(int dirfd, string path, byte* buf, nint size);

    [LibraryImport(Libc, EntryPoint = "syncfs", SetLastError = true)]
    private static partial int SyncfsRaw(int fd);

    /// <summary>openat(2) of <paramref name="name"/> inside <paramref name="dir"/>. Returns the handle,
    /// or null with the errno.</summary>
    public static SafeFileHandle? OpenAt(SafeFileHandle dir, string name, int flags, int mode, out int errno)
    {
        using var d = new Fd(dir);
        return ToHandle(OpenatRaw(d.Value, name, flags | OCloExec, mode), out errno);
    }

    /// <summary>lstat of an entry inside a directory (never follows it). Returns 0 or the errno.</summary>
    public static int LStatAt(SafeFileHandle dir, string name, out FileStat stat)
    {
        byte* buf = stackalloc byte[StatxSize];
        using var d = new Fd(dir);
        if (StatxRaw(d.Value, name, AtSymlinkNoFollow, StatxBasicStats, buf) != 0)
        {
            stat = default;
            return Errno();
        }
        stat = FileStat.FromStatx(buf);
        return 0;
    }

    public static int MkdirAt(SafeFileHandle dir, string name, uint mode)
    {
        using var d = new Fd(dir);
        return MkdiratRaw(d.Value, name, mode) != 0 ? Errno() : 0;
    }

    public static int RenameAt(SafeFileHandle fromDir, string from, SafeFileHandle toDir, string to)
    {
        using var f = new Fd(fromDir);
        using var t = new Fd(toDir);
        return RenameatRaw(f.Value, from, t.Value, to) != 0 ? Errno() : 0;
    }

    /// <summary>Renames only when <paramref name="to"/> does not exist (EEXIST otherwise). File systems
    /// without RENAME_NOREPLACE get a check and a plain rename: racy there, never destructive here,
    /// because callers write the same kind of content.</summary>
    public static int RenameNoReplaceAt(SafeFileHandle dir, string from, string to)
    {
        using var d = new Fd(dir);
        if (Renameat2Raw(d.Value, from, d.Value, to, RenameNoReplace) == 0) return 0;
        int errno = Errno();
        if (errno is not (EINVAL or ENOSYS)) return errno;
        if (LStatAt(dir, to, out _) == 0) return EEXIST;
        return RenameatRaw(d.Value, from, d.Value, to) != 0 ? Errno() : 0;
    }

    public static int UnlinkAt(SafeFileHandle dir, string name)
    {
        using var d = new Fd(dir);
        return UnlinkatRaw(d.Value, name, 0) != 0 ? Errno() : 0;
    }

    /// <summary>Hard link; a symlink at <paramref name="from"/> is linked itself, never followed.</summary>
    public static int LinkAt(SafeFileHandle fromDir, string from, SafeFileHandle toDir, string to)
    {
        using var f = new Fd(fromDir);
        using var t = new Fd(toDir);
        return LinkatRaw(f.Value, from, t.Value, to, 0) != 0 ? Errno() : 0;
    }

    public static int SymlinkAt(string target, SafeFileHandle dir, string name)
    {
        using var d = new Fd(dir);
        return SymlinkatRaw(target, d.Value, name) != 0 ? Errno() : 0;
    }

    public static string? ReadLinkAt(SafeFileHandle dir, string name, out int errno)
    {
        const int Max = 4096;
        byte* buf = stackalloc byte[Max];
        using var d = new Fd(dir);
        nint n = ReadlinkatRaw(d.Value, name, buf, Max);
        if (n < 0)
        {
            errno = Errno();
            return null;
        }
        errno = 0;
        return System.Text.Encoding.UTF8.GetString(buf, (int)n);
    }

    /// <summary>Sets timestamps (ns) of an entry inside a directory without following it.</summary>
    public static int SetTimesAt(SafeFileHandle dir, string name, in FileStat times)
    {
        Timespec* ts = stackalloc Timespec[2];
        ts[0] = new Timespec { Sec = times.AtimeSec, Nsec = times.AtimeNsec };
        ts[1] = new Timespec { Sec = times.MtimeSec, Nsec = times.MtimeNsec };
        using var d = new Fd(dir);
        return UtimensatRaw(d.Value, name, ts, AtSymlinkNoFollow) != 0 ? Errno() : 0;
    }

    /// <summary>Sets timestamps (ns) of the open file or directory itself.</summary>
    public static int SetTimes(SafeFileHandle handle, in FileStat times)
    {
        Timespec* ts = stackalloc Timespec[2];
        ts[0] = new Timespec { Sec = times.AtimeSec, Nsec = times.AtimeNsec };
        ts[1] = new Timespec { Sec = times.MtimeSec, Nsec = times.MtimeNsec };
        using var d = new Fd(handle);
        return FutimensRaw(d.Value, ts) != 0 ? Errno() : 0;
    }

    public static int SetMode(SafeFileHandle handle, uint permissions)
    {
        using var d = new Fd(handle);
        return FchmodRaw(d.Value, permissions) != 0 ? Errno() : 0;
    }

    /// <summary>syncfs(2): flushes everything written to the file system holding the handle.</summary>
    public static int SyncFileSystem(SafeFileHandle handle)
    {
        using var d = new Fd(handle);
        return SyncfsRaw(d.Value) != 0 ? Errno() : 0;
    }

    /// <summary>Holds a reference on a handle while its raw descriptor is in use.</summary>
    private readonly ref struct Fd
    {
        private readonly SafeFileHandle _handle;
        private readonly bool _added;

        public Fd(SafeFileHandle handle)
        {
            _handle = handle;
            handle.DangerousAddRef(ref _added);
            Value = (int)handle.DangerousGetHandle();
        }

        public int Value { get; }

        public void Dispose()
        {
            if (_added) _handle.DangerousRelease();
        }
    }
}
