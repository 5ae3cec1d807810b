using Orleans.Runtime.MembershipService.SiloMetadata;

namespace OrleansBackup.Grains.Placement;

/// <summary>The active silos and their profiles, as this silo sees them now. Lets the job grain
/// refuse work no silo can do before dispatching it, with a message naming what is missing.</summary>
public sealed class ClusterProfiles(IClusterMembershipService membership, ISiloMetadataCache metadata)
{
    public IReadOnlyList<(SiloAddress Silo, SiloProfile Profile)> ActiveSilos() =>
        membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => (m.SiloAddress, SiloProfile.FromMetadata(metadata.GetSiloMetadata(m.SiloAddress).Metadata)))
            .ToList();

    public bool AnySatisfies(WorkNeeds needs) => ActiveSilos().Any(s => s.Profile.Satisfies(needs));

    /// <summary>The status of a silo, by the address string directory grains report.</summary>
    public SiloStatus StatusOf(string parsableAddress) =>
        membership.CurrentSnapshot.GetSiloStatus(SiloAddress.FromParsableString(parsableAddress));

    public SiloProfile ProfileOf(SiloAddress silo) => SiloProfile.FromMetadata(metadata.GetSiloMetadata(silo).Metadata);
}
