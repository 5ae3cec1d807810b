using OrleansBackup.Contracts;

namespace OrleansBackup.Api.Errors;

/// <summary>The one mapping from <see cref="ErrorCodes"/> to HTTP. The rule: the request's shape is
/// wrong (malformed JSON, fields, job id, schedule) -> 400; a path outside the allowed roots -> 403 (policy: the caller may not touch it);
/// well-formed but semantically impossible paths -> 422; unknown job -> 404; the job's state forbids
/// it -> 409; the cluster (or a silo able to do the work) cannot be reached -> 503; anything else -> 500.</summary>
public static class ErrorCatalog
{
    /// <summary>Base of the <c>type</c> URI of every problem; the code is appended.</summary>
    public const string TypeBase = "https://orleans-backup.dev/errors/";

    private static readonly Dictionary<string, ErrorEntry> Entries = new()
    {
        [ErrorCodes.InvalidJson] = new(StatusCodes.Status400BadRequest, "The request body is not valid JSON"),
        [ErrorCodes.InvalidRequest] = new(StatusCodes.Status400BadRequest, "The request is invalid"),
        [ErrorCodes.UnknownAction] = new(StatusCodes.Status400BadRequest, "Unknown action"),
        [ErrorCodes.InvalidJobId] = new(StatusCodes.Status400BadRequest, "Invalid job id"),
        [ErrorCodes.InvalidSchedule] = new(StatusCodes.Status400BadRequest, "Invalid schedule"),
        [ErrorCodes.PathOutsideAllowedRoots] = new(StatusCodes.Status403Forbidden, "Path outside the allowed roots"),
        [ErrorCodes.SourceNotFound] = new(StatusCodes.Status422UnprocessableEntity, "Source not found"),
        [ErrorCodes.SourceNotDirectory] = new(StatusCodes.Status422UnprocessableEntity, "Source is not a directory"),
        [ErrorCodes.DestinationInsideSource] = new(StatusCodes.Status422UnprocessableEntity, "Destination inside a source"),
        [ErrorCodes.SourceInsideDestination] = new(StatusCodes.Status422UnprocessableEntity, "Source inside the destination"),
        [ErrorCodes.DestinationNotWritable] = new(StatusCodes.Status422UnprocessableEntity, "Destination not writable"),
        [ErrorCodes.DestinationSymlink] = new(StatusCodes.Status422UnprocessableEntity, "Symlink inside the destination"),
        [ErrorCodes.Unauthorized] = new(StatusCodes.Status401Unauthorized, "A bearer token is required"),
        [ErrorCodes.JobNotFound] = new(StatusCodes.Status404NotFound, "Job not found"),
        [ErrorCodes.NoSelection] = new(StatusCodes.Status409Conflict, "Nothing selected"),
        [ErrorCodes.InvalidTransition] = new(StatusCodes.Status409Conflict, "Not allowed in the job's current state"),
        [ErrorCodes.JobBusy] = new(StatusCodes.Status409Conflict, "The job is running"),
        [ErrorCodes.ClusterUnavailable] = new(StatusCodes.Status503ServiceUnavailable, "The backup cluster is unavailable"),
        // No active silo has the capabilities or reaches the roots the work needs: a service condition.
        [ErrorCodes.NoCapableSilo] = new(StatusCodes.Status503ServiceUnavailable, "No capable silo"),
        [ErrorCodes.Internal] = new(StatusCodes.Status500InternalServerError, "Internal error"),
    };

    /// <summary>Status and title of a code; an unknown code (a newer grain's) is a 500 under its own code.</summary>
    public static ErrorEntry Lookup(string code) =>
        Entries.TryGetValue(code, out var entry) ? entry : Entries[ErrorCodes.Internal];

    /// <summary>Every catalogued code, for tests and documentation.</summary>
    public static IReadOnlyCollection<string> Codes => Entries.Keys;
}

/// <summary>How one error code is answered over HTTP.</summary>
public sealed record ErrorEntry(int Status, string Title);
