using System.Collections.Immutable;

namespace OrleansBackup.Grains.Placement;

/// <summary>What a piece of work needs from the silo that runs it. The caller puts it in the
/// RequestContext of the call that activates the grain; the placement filter reads it there.</summary>
public sealed record WorkNeeds(ImmutableArray<string> Capabilities, ImmutableArray<string> Paths)
{
    public const string RequestContextKey = "obk.needs";

    public static readonly WorkNeeds None = new([], []);

    public string Encode() => string.Join(',', Capabilities) + "\n" + string.Join('\n', Paths);

    public static WorkNeeds Decode(string encoded)
    {
        var lines = encoded.Split('\n');
        return new WorkNeeds([.. lines[0].Split(',', StringSplitOptions.RemoveEmptyEntries)],
            [.. lines.Skip(1).Where(l => l.Length > 0)]);
    }

    public WorkNeeds With(params string[] capabilities) =>
        this with { Capabilities = [.. Capabilities.Union(capabilities, StringComparer.Ordinal)] };

    /// <summary>"capability backup.parallel and access to /data, /mnt/usb", for error messages.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Capabilities.Length > 0) parts.Add($"capability {string.Join(" + ", Capabilities)}");
        if (Paths.Length > 0) parts.Add($"access to {string.Join(", ", Paths)}");
        return parts.Count == 0 ? "nothing" : string.Join(" and ", parts);
    }

    /// <summary>Runs <paramref name="call"/> with these needs in the RequestContext (AsyncLocal, so
    /// concurrent calls each keep their own).</summary>
    public async Task<T> PlaceAsync<T>(Func<Task<T>> call)
    {
        RequestContext.Set(RequestContextKey, Encode());
        try { return await call(); }
        finally { RequestContext.Remove(RequestContextKey); }
    }

    public async Task PlaceAsync(Func<Task> call)
    {
        RequestContext.Set(RequestContextKey, Encode());
        try { await call(); }
        finally { RequestContext.Remove(RequestContextKey); }
    }
}
