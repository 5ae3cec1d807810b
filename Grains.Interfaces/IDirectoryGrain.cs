namespace OrleansBackup.Contracts;

/// <summary>One directory work item of one run, keyed "{jobId}/{runId}/{workId}". Copies its files
/// through the silo's copy executor and reports back to the job in batches.</summary>
[Alias("OrleansBackup.IDirectoryGrain")]
public interface IDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Accepts the work and returns at once with the address of the silo doing it; the
    /// result arrives later through <see cref="IBackupJobGrain.CompleteDirectoryAsync"/>. A repeated
    /// start of work already under way is not started twice.</summary>
    [Alias("Start")]
    Task<string> StartAsync(DirectoryWork work);

    /// <summary>No new file starts; copies in flight finish.</summary>
    [Alias("Pause"), AlwaysInterleave]
    Task PauseAsync();

    [Alias("Resume"), AlwaysInterleave]
    Task ResumeAsync();

    /// <summary>Cancels copies in flight, waits until their temporaries are gone, and returns the
    /// partial result (null when no work was running). The job is not called back for it.</summary>
    [Alias("Cancel"), AlwaysInterleave]
    Task<DirectoryResult?> CancelAsync();
}
