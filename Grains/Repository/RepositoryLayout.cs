using OrleansBackup.Contracts;

namespace OrleansBackup.Repository;

/// <summary>Where things live in a destination (see DESIGN.md, "The destination"):
/// <code>
/// &lt;dest&gt;/.orleans-backup/repo.json
/// &lt;dest&gt;/.orleans-backup/snapshots/&lt;run-id&gt;.json
/// &lt;dest&gt;/.orleans-backup/manifests/&lt;run-id&gt;/...
/// &lt;dest&gt;/&lt;job&gt;/current/&lt;source&gt;/...
/// </code>
/// Every id that becomes a path segment is checked here, so no caller can build a path that
/// escapes the destination.</summary>
public static class RepositoryLayout
{
    /// <summary>The folder that makes a destination self-describing.</summary>
    public const string RepoDirName = ".orleans-backup";

    /// <summary>The repository descriptor inside <see cref="RepoDirName"/>.</summary>
    public const string RepoFileName = "repo.json";

    /// <summary>The destination's description of itself, in <c>.orleans-backup</c>.</summary>
    public const string FormatFileName = "FORMAT.md";

    /// <summary>Folder of one JSON record per run.</summary>
    public const string SnapshotsDirName = "snapshots";

    /// <summary>Folder of one manifest directory per run.</summary>
    public const string ManifestsDirName = "manifests";

    /// <summary>The mirror tree's folder under the job folder.</summary>
    public const string CurrentDirName = "current";

    /// <summary><c>&lt;dest&gt;/.orleans-backup</c>.</summary>
    public static string RepositoryRoot(string destination) => Path.Join(destination, RepoDirName);

    /// <summary><c>&lt;dest&gt;/.orleans-backup/repo.json</c>.</summary>
    public static string RepoFilePath(string destination) => Path.Join(RepositoryRoot(destination), RepoFileName);

    /// <summary><c>&lt;dest&gt;/&lt;job&gt;/current/&lt;source&gt;</c>. Throws <see cref="BackupException"/>
    /// (<c>invalid_job_id</c>) for a bad job id, <see cref="ArgumentException"/> for a source name that is
    /// not a single safe path segment (names come from <see cref="SourceNaming"/>, so that is a bug).</summary>
    public static string MirrorTarget(string destination, string jobId, string sourceName)
    {
        JobIds.Validate(jobId);
        RequireSegment(sourceName, nameof(sourceName));
        return Path.Join(destination, jobId, CurrentDirName, sourceName);
    }

    /// <summary><c>&lt;dest&gt;/.orleans-backup/snapshots/&lt;run-id&gt;.json</c>.</summary>
    public static string SnapshotRecordPath(string destination, string runId) =>
        Path.Join(RepositoryRoot(destination), SnapshotsDirName, SnapshotRecordName(runId));

    /// <summary><c>&lt;run-id&gt;.json</c>, the record's name inside <see cref="SnapshotsDirName"/>.</summary>
    public static string SnapshotRecordName(string runId)
    {
        RequireRunId(runId);
        return runId + ".json";
    }

    /// <summary><c>&lt;dest&gt;/.orleans-backup/manifests/&lt;run-id&gt;</c>.</summary>
    public static string ManifestRunDir(string destination, string runId)
    {
        RequireRunId(runId);
        return Path.Join(RepositoryRoot(destination), ManifestsDirName, runId);
    }

    private static void RequireRunId(string runId)
    {
        if (!RunIds.IsValid(runId))
        {
            throw new ArgumentException($"run id '{runId}' is not a safe folder name", nameof(runId));
        }
    }

    private static void RequireSegment(string name, string paramName)
    {
        if (string.IsNullOrEmpty(name) || name is "." or ".." ||
            name.Contains('/') || name.Contains('\\') || name.Contains('\0'))
        {
            throw new ArgumentException($"'{name}' is not a single safe path segment", paramName);
        }
    }
}
