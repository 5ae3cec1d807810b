using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansBackup.Repository;

/// <summary>The one JSON shape of everything written to a destination: camelCase, enums as their
/// names, indented (people read these files when restoring without the service). The relaxed
/// encoder writes times as plain ISO 8601 (<c>+00:00</c>, not <c>\u002B00:00</c>) and names as they are.</summary>
internal static class RepositoryJson
{
    internal static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };
}
