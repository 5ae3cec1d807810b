namespace OrleansBackup.Contracts;

/// <summary>The one catalogue of stable error codes. REST maps them to ProblemDetails
/// (<c>code</c>), A2A to JSON-RPC errors, per-file errors carry them in <see cref="FileError"/>.
/// Codes never change meaning once published; add new ones instead.</summary>
public static class ErrorCodes
{
    // Request and configuration errors (4xx).
    public const string InvalidJson = "invalid_json";
    public const string InvalidRequest = "invalid_request";
    public const string UnknownAction = "unknown_action";
    public const string InvalidJobId = "invalid_job_id";
    public const string PathOutsideAllowedRoots = "path_outside_allowed_roots";
    public const string SourceNotFound = "source_not_found";
    public const string SourceNotDirectory = "source_not_directory";
    public const string DestinationInsideSource = "destination_inside_source";
    public const string SourceInsideDestination = "source_inside_destination";
    public const string DestinationNotWritable = "destination_not_writable";
    /// <summary>A symlink sits where the service needs a directory of its own inside a destination
    /// (<c>.orleans-backup</c>, <c>&lt;job&gt;</c>, <c>current</c>, a directory of the tree): it is
    /// never followed, so nothing is written through it.</summary>
    public const string DestinationSymlink = "destination_symlink";
    public const string JobNotFound = "job_not_found";
    public const string NoSelection = "no_selection";
    public const string InvalidTransition = "invalid_transition";
    public const string JobBusy = "job_busy";
    public const string Unauthorized = "unauthorized";
    public const string InvalidSchedule = "invalid_schedule";
    public const string NoCapableSilo = "no_capable_silo";

    // Service errors (5xx).
    public const string ClusterUnavailable = "cluster_unavailable";
    public const string Internal = "internal_error";

    // Per-file errors: the run goes on and ends CompletedWithWarnings.
    public const string PermissionDenied = "permission_denied";
    public const string FileVanished = "file_vanished";
    public const string FileChanged = "file_changed_during_read";
    public const string NameTooLong = "name_too_long";
    public const string SpecialFileSkipped = "special_file_skipped";
    public const string VerifyMismatch = "verify_mismatch";
    public const string IoError = "io_error";
    public const string NoSpace = "no_space_left";
}
