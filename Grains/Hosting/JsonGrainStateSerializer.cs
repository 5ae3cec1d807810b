using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Storage;

namespace OrleansBackup.Grains.Hosting;

/// <summary>Grain state as plain JSON, chosen on purpose: no .NET type names in the payload (the
/// Orleans default for ADO.NET storage embeds them), so a renamed state type still reads its old
/// rows; properties are matched by name, so added properties take their defaults and removed ones
/// are ignored; enums are written by name, so rows stay readable in psql.</summary>
public sealed class JsonGrainStateSerializer : IGrainStorageSerializer
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(), new ImmutableArrayJsonConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Ignore what a newer version wrote that this one does not know, rather than fail.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    public T? Deserialize<T>(BinaryData input) => input.ToMemory().Length == 0
        ? default
        : JsonSerializer.Deserialize<T>(input.ToMemory().Span, Options);
}
