namespace OrleansBackup.Repository;

/// <summary>The content of <c>.orleans-backup/repo.json</c>: what a reader must know to interpret
/// the destination.</summary>
/// <param name="FormatVersion">Bumped on any incompatible change; a service refuses newer formats.</param>
/// <param name="CreatedAt">When the repository was first initialized.</param>
/// <param name="Layout">Name of the folder layout.</param>
/// <param name="Hash">Hash algorithm of manifest entries.</param>
/// <param name="Manifest">How manifests are stored.</param>
internal sealed record RepoDescriptor(int FormatVersion, DateTimeOffset CreatedAt, string Layout, string Hash, string Manifest)
{
    /// <summary>The format this service writes and the newest it reads.</summary>
    internal const int CurrentFormatVersion = 1;

    internal static RepoDescriptor Create(DateTimeOffset now) =>
        new(CurrentFormatVersion, now, "orleans-backup/1", "sha256", "jsonl-per-directory");
}
