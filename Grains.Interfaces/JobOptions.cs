namespace OrleansBackup.Contracts;

/// <summary>How the destination is laid out.</summary>
[GenerateSerializer, Alias("OrleansBackup.BackupMode")]
public enum BackupMode
{
    /// <summary>One tree, <c>&lt;dest&gt;/&lt;job&gt;/current/&lt;source&gt;</c>, updated in place.</summary>
    Mirror = 0,
}

/// <summary>How directory work is dispatched.</summary>
[GenerateSerializer, Alias("OrleansBackup.DispatchMode")]
public enum DispatchMode
{
    /// <summary>Several directories at once, files copied concurrently on every silo.</summary>
    Parallel = 0,
    /// <summary>One directory at a time, one file at a time (gentle on a slow USB disk).</summary>
    Sequential = 1,
}

/// <summary>What a copy does before it renames its temporary file into place.</summary>
[GenerateSerializer, Alias("OrleansBackup.Durability")]
public enum Durability
{
    /// <summary>fsync the file (and its directory) before the rename: survives a power cut.</summary>
    Fsync = 0,
    /// <summary>No fsync: the kernel writes back later. Faster, like plain <c>rsync -a</c>.</summary>
    Relaxed = 1,
}
