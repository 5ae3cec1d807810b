using System.Collections.Immutable;

namespace OrleansBackup.Grains.Placement;

/// <summary>What a silo declares about itself (its capabilities and the roots it can reach),
/// carried in Orleans silo metadata so every silo's placement sees every other silo's profile.</summary>
public sealed record SiloProfile(ImmutableArray<string> Capabilities, ImmutableArray<string> Roots)
{
    public const string CapabilitiesKey = "obk.capabilities";
    public const string RootsKey = "obk.roots";

    /// <summary>A silo that published no profile (e.g. a plain test silo) can do everything.</summary>
    public static readonly SiloProfile Unrestricted = new([.. OrleansBackup.Contracts.Capabilities.All], ["/"]);

    public Dictionary<string, string> ToMetadata() => new()
    {
        [CapabilitiesKey] = string.Join(',', Capabilities),
        [RootsKey] = string.Join('\n', Roots),
    };

    public static SiloProfile FromMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(CapabilitiesKey, out var caps) || !metadata.TryGetValue(RootsKey, out var roots))
            return Unrestricted;
        return new SiloProfile(
            [.. caps.Split(',', StringSplitOptions.RemoveEmptyEntries)],
            [.. roots.Split('\n', StringSplitOptions.RemoveEmptyEntries)]);
    }

    /// <summary>True when the silo holds every capability and reaches every path the work needs.</summary>
    public bool Satisfies(WorkNeeds needs) =>
        needs.Capabilities.All(Capabilities.Contains) && needs.Paths.All(Reaches);

    public bool Reaches(string path) => Roots.Any(root =>
        root == "/" || path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal));
}
