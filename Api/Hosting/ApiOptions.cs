using OrleansBackup.Hosting;

namespace OrleansBackup.Api.Hosting;

/// <summary>Settings of the Api process: the shared <see cref="BackupSettings"/> (port, destination,
/// allowed roots, log dir, gateway port, cluster id), layered and validated by the shared loader.
/// An options class so the Api reads them lazily (test hosts can override any key) and so
/// <c>ValidateOnStart</c> rejects bad values before anything listens.</summary>
public sealed class ApiOptions
{
    /// <summary>The layered, validated settings shared with the silo.</summary>
    public BackupSettings Settings { get; set; } = new();
}
