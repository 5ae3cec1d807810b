using OrleansBackup.Contracts;

namespace OrleansBackup.Engine;

/// <summary>Maps errno values and .NET exceptions to a stable <see cref="ErrorCodes"/> code and a
/// short human reason. One place, so every path reports the same words for the same failure.</summary>
internal static class FileErrorClassifier
{
    public static (string Code, string Reason) FromErrno(int errno) => errno switch
    {
        Native.EACCES or Native.EPERM => (ErrorCodes.PermissionDenied, "permission denied"),
        Native.ENOENT => (ErrorCodes.FileVanished, "file vanished"),
        Native.ENAMETOOLONG => (ErrorCodes.NameTooLong, "name too long"),
        Native.ENOSPC or Native.EDQUOT => (ErrorCodes.NoSpace, "no space left on device"),
        _ => (ErrorCodes.IoError, Native.Describe(errno).ToLowerInvariant()),
    };

    public static (string Code, string Reason) FromException(Exception ex) => ex switch
    {
        ErrnoException e => FromErrno(e.Errno),
        UnauthorizedAccessException => (ErrorCodes.PermissionDenied, "permission denied"),
        FileNotFoundException or DirectoryNotFoundException => (ErrorCodes.FileVanished, "file vanished"),
        PathTooLongException => (ErrorCodes.NameTooLong, "name too long"),
        // On Unix, .NET puts the raw errno into HResult for I/O errors it has no type for.
        IOException io when io.HResult is > 0 and < 4096 => FromErrno(io.HResult),
        _ => (ErrorCodes.IoError, ex.Message),
    };

    /// <summary>True for errors that say the destination cannot be written at all.</summary>
    public static bool IsDestinationUnwritable(int errno) =>
        errno is Native.EACCES or Native.EPERM or Native.EROFS or Native.ENOSPC or Native.EDQUOT;

    /// <summary>The exception the default opener throws for an errno, typed like .NET's own.</summary>
    public static Exception ToException(int errno, string path) => errno switch
    {
        Native.EACCES or Native.EPERM => new UnauthorizedAccessException($"Access to '{path}' is denied."),
        Native.ENOENT => new FileNotFoundException($"'{path}' not found.", path),
        Native.ENAMETOOLONG => new PathTooLongException($"'{path}' is too long."),
        _ => new ErrnoException(errno, $"{Native.Describe(errno)}: '{path}'"),
    };
}
