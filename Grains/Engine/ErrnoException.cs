namespace OrleansBackup.Engine;

/// <summary>An I/O failure that keeps the Linux errno, so it maps to a stable error code.</summary>
public sealed class ErrnoException : IOException
{
    public ErrnoException(int errno, string message) : base(message) => Errno = errno;

    /// <summary>The errno reported by the kernel (e.g. 5 for EIO).</summary>
    public int Errno { get; }
}
