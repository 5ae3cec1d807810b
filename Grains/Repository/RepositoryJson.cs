using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansBackup.Repository;

/// <summary>The one JSON shape of everything written to a destination: camelCase, enums as their
/// names, indented (people read these files when restoring without the service).</summary>
internal static class RepositoryJson
{
    internal static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };
}
