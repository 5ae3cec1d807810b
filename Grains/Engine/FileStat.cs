namespace OrleansBackup.Engine;

/// <summary>The kind of a directory entry, from the S_IFMT bits of its mode.</summary>
internal enum FileKind
{
    Other,
    Regular,
    Directory,
    Symlink,
    Fifo,
    Socket,
    CharDevice,
    BlockDevice,
}

/// <summary>The parts of a statx result the engine uses. Offsets follow struct statx in
/// linux/stat.h (identical on every architecture).</summary>
internal readonly record struct FileStat(
    uint Mode, long Size, long AtimeSec, uint AtimeNsec, long MtimeSec, uint MtimeNsec, ulong Inode)
{
    /// <summary>Permission bits including setuid/setgid/sticky (07777).</summary>
    public uint Permissions => Mode & 0xFFF;

    /// <summary>mtime in nanoseconds since the epoch (fits in a long until the year 2262).</summary>
    public long MtimeNs => MtimeSec * 1_000_000_000L + MtimeNsec;

    public FileKind Kind => (Mode & 0xF000) switch
    {
        0x8000 => FileKind.Regular,
        0x4000 => FileKind.Directory,
        0xA000 => FileKind.Symlink,
        0x1000 => FileKind.Fifo,
        0xC000 => FileKind.Socket,
        0x2000 => FileKind.CharDevice,
        0x6000 => FileKind.BlockDevice,
        _ => FileKind.Other,
    };

    public static unsafe FileStat FromStatx(byte* buf) => new(
        Mode: *(ushort*)(buf + 28),
        Size: *(long*)(buf + 40),
        AtimeSec: *(long*)(buf + 64),
        AtimeNsec: *(uint*)(buf + 72),
        MtimeSec: *(long*)(buf + 112),
        MtimeNsec: *(uint*)(buf + 120),
        Inode: *(ulong*)(buf + 32));
}
