namespace OrleansBackup.Engine;

/// <summary>One line of a manifest shard: a file or a symlink of the directory.</summary>
/// <param name="Name">Entry name within its directory.</param>
/// <param name="IsSymlink">Symlink ("type":"symlink") or regular file ("type":"file").</param>
/// <param name="Size">Bytes (for a symlink, the length of its target text).</param>
/// <param name="MtimeNs">Modification time, nanoseconds since the Unix epoch.</param>
/// <param name="Mode">Permission bits (07777), written as an octal string ("0644"; older shards hold a decimal number).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the contents (files only).</param>
/// <param name="Target">Target text (symlinks only).</param>
public sealed record ManifestEntry(
    string Name, bool IsSymlink, long Size, long MtimeNs, int Mode, string? Sha256, string? Target);
