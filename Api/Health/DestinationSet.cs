using Microsoft.Extensions.Options;
using OrleansBackup.Api.Hosting;
using OrleansBackup.Api.Jobs;

namespace OrleansBackup.Api.Health;

/// <summary>The destinations the service writes to: the configured default (<c>BACKUP_DEST</c>) and
/// every defined job's, each with the jobs that use it. Read per health request (a catalog read and one
/// definition read per job); without a cluster only the configured one is known.</summary>
internal sealed class DestinationSet(IJobs jobs, IOptions<ApiOptions> options)
{
    /// <summary>How long the job lookup may take before the check goes on with what it knows.</summary>
    public static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Path -> ids of the jobs writing there ("(default)" marks BACKUP_DEST), and whether
    /// the job list could be read.</summary>
    public async Task<(SortedDictionary<string, List<string>> Destinations, bool JobsKnown)> ListAsync(CancellationToken ct)
    {
        var result = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        if (options.Value.Settings.Destination is { } configured) Add(result, configured, ConfiguredMarker);
        try
        {
            var ids = await jobs.Catalog().ListAsync().WaitAsync(LookupTimeout, ct);
            var definitions = await Task.WhenAll(ids.Select(id => jobs.Job(id).GetDefinitionAsync())).WaitAsync(LookupTimeout, ct);
            foreach (var d in definitions)
                if (d is not null) Add(result, d.Destination, d.JobId);
            return (result, true);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The cluster check reports why; the configured destination is still checked.
            return (result, false);
        }
    }

    /// <summary>Stands for the configured default destination in a destination's job list.</summary>
    public const string ConfiguredMarker = "(BACKUP_DEST)";

    private static void Add(SortedDictionary<string, List<string>> result, string path, string job)
    {
        var key = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (!result.TryGetValue(key, out var list)) result[key] = list = [];
        list.Add(job);
    }
}
