namespace OrleansBackup.Engine;

internal enum CopyStatus
{
    /// <summary>Written and renamed into place.</summary>
    Copied,
    /// <summary>The source changed while it was read; worth a retry.</summary>
    Changed,
    /// <summary>A per-file error (<see cref="CopyAttempt.Code"/>, <see cref="CopyAttempt.Reason"/>).</summary>
    Failed,
    /// <summary>The temporary file could not be created (<see cref="CopyAttempt.Errno"/>).</summary>
    TempCreateFailed,
}

/// <summary>How one attempt to copy one file ended.</summary>
internal readonly record struct CopyAttempt(CopyStatus Status, string? Sha256 = null,
    string? Code = null, string? Reason = null, int Errno = 0)
{
    public static CopyAttempt Fail((string Code, string Reason) e) => new(CopyStatus.Failed, Code: e.Code, Reason: e.Reason);
}
