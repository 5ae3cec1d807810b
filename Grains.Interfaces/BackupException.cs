namespace OrleansBackup.Contracts;

/// <summary>An error with a stable <see cref="ErrorCodes"/> code, thrown by grains and caught by
/// the Api, which turns it into ProblemDetails. Serializable, so it crosses silo boundaries.</summary>
[GenerateSerializer, Alias("OrleansBackup.BackupException")]
public sealed class BackupException : Exception
{
    public BackupException(string code, string message) : base(message) => Code = code;

    /// <summary>The stable code, e.g. <c>invalid_transition</c>.</summary>
    [Id(0)]
    public string Code { get; init; }
}
