using System.IO.Enumeration;
using Microsoft.Win32.SafeHandles;
using OrleansBackup.Contracts;

namespace OrleansBackup.Engine;

/// <summary>An open directory reached without following any symlink: the walk starts at "/" and
/// opens one component at a time with <c>openat(O_NOFOLLOW | O_DIRECTORY)</c>, creating missing ones
/// with <c>mkdirat</c>. Everything below is then named relative to this handle (the <c>*at</c> calls),
/// so a symlink planted or swapped in anywhere on the way is never followed and nothing is written
/// through it. A symlink met on the walk throws <see cref="BackupException"/> with
/// <see cref="ErrorCodes.DestinationSymlink"/>; other failures throw <see cref="ErrnoException"/>.
/// Every directory the service creates or opens inside a destination (or a restore target) is
/// reached through this class.</summary>
internal sealed class SafeDirectory : IDisposable
{
    /// <summary>mkdir's usual 0777; the process umask takes away what it should.</summary>
    private const uint DirectoryMode = 0x1FF;

    private readonly SafeFileHandle _handle;

    private SafeDirectory(SafeFileHandle handle, string path)
    {
        _handle = handle;
        Path = path;
    }

    /// <summary>The absolute path this handle was opened by, for messages only (never re-opened).</summary>
    public string Path { get; }

    /// <summary>Opens an absolute path, with <paramref name="create"/> creating what is missing. The
    /// path must be resolved already (no symlink in it, as <c>PathGuard</c> returns it): a symlink
    /// anywhere in it now means the tree changed under us, and the walk refuses it.</summary>
    public static SafeDirectory Open(string absolutePath, bool create)
    {
        if (!System.IO.Path.IsPathFullyQualified(absolutePath))
            throw new ArgumentException($"'{absolutePath}' is not an absolute path", nameof(absolutePath));
        var segments = absolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var handle = Native.Open("/", (segments.Length == 0 ? Native.ORdOnly : Native.OPath) | Native.ODirectory, 0, out int errno)
            ?? throw new ErrnoException(errno, $"Cannot open '/': {Native.Describe(errno)}");
        var current = new SafeDirectory(handle, "/");
        for (int i = 0; i < segments.Length; i++)
        {
            // Above the last component only search permission is needed (O_PATH), as for any path lookup.
            int access = i < segments.Length - 1 ? Native.OPath : Native.ORdOnly;
            using var parent = current;
            current = parent.Child(segments[i], create, access, out _);
        }
        return current;
    }

    /// <summary>Opens (with <paramref name="create"/>, creates) the directory <paramref name="name"/>
    /// inside this one; a symlink there is refused.</summary>
    public SafeDirectory OpenChild(string name, bool create) => Child(name, create, Native.ORdOnly, out _);

    /// <summary>As <see cref="OpenChild(string, bool)"/>; <paramref name="created"/> says whether it was made now.</summary>
    public SafeDirectory OpenChild(string name, bool create, out bool created) => Child(name, create, Native.ORdOnly, out created);

    /// <summary>Walks a '/'-separated relative path below this directory, one
    /// <see cref="OpenChild"/> per component; "" opens this directory again.</summary>
    public SafeDirectory OpenPath(string relativePath, bool create)
    {
        var segments = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0) return Child(".", false, Native.ORdOnly, out _);
        var current = OpenChild(segments[0], create);
        for (int i = 1; i < segments.Length; i++)
        {
            using var parent = current;
            current = parent.OpenChild(segments[i], create);
        }
        return current;
    }

    /// <summary>For a tree that mirrors a source: whatever sits at <paramref name="name"/> that is not
    /// a directory (a file, or a symlink an earlier run copied from the source) is removed, without
    /// following it, and a directory is made there. <paramref name="created"/> says whether it was made.</summary>
    public SafeDirectory OpenChildReplacing(string name, out bool created)
    {
        RequireName(name);
        if (Native.LStatAt(_handle, name, out var existing) == 0 && existing.Kind != FileKind.Directory)
        {
            int errno = Native.UnlinkAt(_handle, name);
            if (errno != 0 && errno != Native.ENOENT)
                throw new ErrnoException(errno, $"Cannot replace '{PathOf(name)}' with a directory: {Native.Describe(errno)}");
        }
        return Child(name, true, Native.ORdOnly, out created);
    }

    /// <summary>The absolute path of an entry, for messages.</summary>
    public string PathOf(string name) => System.IO.Path.Join(Path, name);

    /// <summary>lstat of an entry. Returns 0 or the errno.</summary>
    public int LStat(string name, out FileStat stat) => Native.LStatAt(_handle, name, out stat);

    /// <summary>fstat of this directory.</summary>
    public int Stat(out FileStat stat) => Native.FStat(_handle, out stat);

    /// <summary>Opens a file in this directory; O_NOFOLLOW is always added. Null with the errno.</summary>
    public SafeFileHandle? OpenFile(string name, int flags, int mode, out int errno) =>
        Native.OpenAt(_handle, name, flags | Native.ONoFollow, mode, out errno);

    public int Rename(string from, string to) => Native.RenameAt(_handle, from, _handle, to);

    /// <summary>Renames only when <paramref name="to"/> does not exist yet (EEXIST otherwise).</summary>
    public int RenameNoReplace(string from, string to) => Native.RenameNoReplaceAt(_handle, from, to);

    public int Unlink(string name) => Native.UnlinkAt(_handle, name);

    /// <summary>Hard-links <paramref name="fromName"/> of <paramref name="from"/> as <paramref name="name"/> here.</summary>
    public int LinkFrom(SafeDirectory from, string fromName, string name) => Native.LinkAt(from._handle, fromName, _handle, name);

    public int Symlink(string target, string name) => Native.SymlinkAt(target, _handle, name);

    public string? ReadLink(string name, out int errno) => Native.ReadLinkAt(_handle, name, out errno);

    /// <summary>Sets an entry's timestamps without following it.</summary>
    public int SetTimes(string name, in FileStat times) => Native.SetTimesAt(_handle, name, times);

    /// <summary>Sets this directory's own timestamps.</summary>
    public int SetTimes(in FileStat times) => Native.SetTimes(_handle, times);

    /// <summary>Sets this directory's own permission bits.</summary>
    public int SetMode(uint permissions) => Native.SetMode(_handle, permissions);

    /// <summary>fsync of this directory, so renames in it survive a power cut. EINVAL (a file
    /// system that cannot sync directories, e.g. some FUSE mounts) counts as done.</summary>
    public int Fsync()
    {
        int errno = Native.Fsync(_handle);
        return errno == Native.EINVAL ? 0 : errno;
    }

    /// <summary>syncfs of the file system holding this directory.</summary>
    public int SyncFileSystem() => Native.SyncFileSystem(_handle);

    /// <summary>The names in this directory that <paramref name="where"/> accepts (all when null).</summary>
    public List<string> ListNames(Func<string, bool>? where = null)
    {
        bool added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            // /proc/self/fd/N is this very directory, wherever it has been moved: no path is re-resolved.
            var self = $"/proc/self/fd/{(int)_handle.DangerousGetHandle()}";
            var names = new FileSystemEnumerable<string>(self, static (ref FileSystemEntry e) => e.FileName.ToString(),
                new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false });
            return where is null ? [.. names] : [.. names.Where(where)];
        }
        finally
        {
            if (added) _handle.DangerousRelease();
        }
    }

    public void Dispose() => _handle.Dispose();

    private SafeDirectory Child(string name, bool create, int access, out bool created)
    {
        if (name != ".") RequireName(name);
        created = false;
        var path = name == "." ? Path : PathOf(name);
        for (int attempt = 0; ; attempt++)
        {
            var handle = Native.OpenAt(_handle, name, access | Native.ODirectory | Native.ONoFollow, 0, out int errno);
            if (handle is not null) return new SafeDirectory(handle, path);
            if (errno == Native.ENOENT && create && attempt < 2)
            {
                int made = Native.MkdirAt(_handle, name, DirectoryMode);
                if (made == 0) created = true;
                else if (made != Native.EEXIST)
                    throw new ErrnoException(made, $"Cannot create directory '{path}': {Native.Describe(made)}");
                continue;
            }
            if (errno is Native.ELOOP or Native.ENOTDIR
                && Native.LStatAt(_handle, name, out var stat) == 0 && stat.Kind == FileKind.Symlink)
                throw SymlinkFound(path);
            throw new ErrnoException(errno, $"Cannot open directory '{path}': {Native.Describe(errno)}");
        }
    }

    /// <summary>The error for a symlink where a directory of the service's own must be.</summary>
    public static BackupException SymlinkFound(string path) => new(ErrorCodes.DestinationSymlink,
        $"'{path}' is a symbolic link where the backup needs a directory of its own; it is never followed " +
        "(it could lead outside the allowed roots). Remove the link, or choose another destination.");

    private static void RequireName(string name)
    {
        if (name.Length == 0 || name is "." or ".." || name.Contains('/') || name.Contains('\0'))
            throw new ArgumentException($"'{name}' is not a single path segment", nameof(name));
    }
}
