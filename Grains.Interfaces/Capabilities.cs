namespace OrleansBackup.Contracts;

/// <summary>What a silo can do. Published as silo metadata; work names what it needs.</summary>
public static class Capabilities
{
    public const string BackupSequential = "backup.sequential";
    public const string BackupParallel = "backup.parallel";
    public const string Compress = "compress";
    public const string Encrypt = "encrypt";
    public const string Monitor = "monitor";
    public const string Coordinate = "coordinate";

    /// <summary>Every capability; a silo declares all of them unless configured otherwise.</summary>
    public static readonly IReadOnlyList<string> All =
        [BackupSequential, BackupParallel, Compress, Encrypt, Monitor, Coordinate];
}
