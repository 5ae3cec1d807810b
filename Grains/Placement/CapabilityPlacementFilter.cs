using System.Globalization;
using Orleans.Metadata;
using Orleans.Placement;
using Orleans.Runtime.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace OrleansBackup.Grains.Placement;

/// <summary>Places a grain only on silos that hold what its work needs: the capabilities named on
/// the attribute, plus the capabilities and paths the activating call carries in its
/// RequestContext (<see cref="WorkNeeds.RequestContextKey"/>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class CapabilityPlacementFilterAttribute(params string[] capabilities)
    : PlacementFilterAttribute(new CapabilityPlacementFilterStrategy(capabilities));

public sealed class CapabilityPlacementFilterStrategy : PlacementFilterStrategy
{
    private const string CapabilitiesProperty = "capabilities";

    public CapabilityPlacementFilterStrategy() : this([]) { }

    public CapabilityPlacementFilterStrategy(string[] capabilities) : base(order: 0) => Capabilities = capabilities;

    /// <summary>Capabilities every activation of the grain type needs.</summary>
    public string[] Capabilities { get; private set; }

    public override void AdditionalInitialize(GrainProperties properties)
    {
        var value = GetPlacementFilterGrainProperty(CapabilitiesProperty, properties) ?? "";
        Capabilities = value.Split(',', StringSplitOptions.RemoveEmptyEntries);
    }

    protected override IEnumerable<KeyValuePair<string, string>> GetAdditionalGrainProperties(
        IServiceProvider services, Type grainClass, GrainType grainType, IReadOnlyDictionary<string, string> existingProperties)
    {
        yield return new(CapabilitiesProperty, string.Join(',', Capabilities).ToString(CultureInfo.InvariantCulture));
    }
}

public sealed class CapabilityPlacementFilterDirector(ISiloMetadataCache metadata) : IPlacementFilterDirector
{
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos)
    {
        var strategy = filterStrategy as CapabilityPlacementFilterStrategy
            ?? throw new ArgumentException($"Expected {nameof(CapabilityPlacementFilterStrategy)}.", nameof(filterStrategy));
        var needs = target.RequestContextData is { } data && data.TryGetValue(WorkNeeds.RequestContextKey, out var encoded) && encoded is string s
            ? WorkNeeds.Decode(s)
            : WorkNeeds.None;
        needs = needs.With(strategy.Capabilities);
        return silos.Where(silo => SiloProfile.FromMetadata(metadata.GetSiloMetadata(silo).Metadata).Satisfies(needs));
    }
}
