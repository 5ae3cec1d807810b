using OrleansBackup.Contracts;

namespace OrleansBackup.Silo.Migration;

/// <summary>Compares an old selection with a job's: the job holds paths the silo resolved (no
/// trailing slash, no <c>..</c>, symlinks followed), the old file holds them as the user typed them.</summary>
internal static class MigrationPaths
{
    public static bool SameSelection(JobDefinition job, JobDefinition old) =>
        job.Sources.Length == old.Sources.Length &&
        job.Sources.Zip(old.Sources).All(p => Same(p.First, p.Second)) &&
        Same(job.Destination, old.Destination);

    public static bool Same(string resolved, string typed) =>
        string.Equals(Normalize(resolved), Normalize(typed), StringComparison.Ordinal) ||
        string.Equals(Normalize(resolved), Resolve(typed), StringComparison.Ordinal);

    private static string Normalize(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    /// <summary>The path with symlinks followed where this machine sees it (else as it is).</summary>
    private static string Resolve(string path)
    {
        var full = Normalize(path);
        try
        {
            return Directory.Exists(full) && new DirectoryInfo(full).ResolveLinkTarget(true) is { } target
                ? Normalize(target.FullName)
                : full;
        }
        catch (IOException)
        {
            return full;
        }
    }
}
