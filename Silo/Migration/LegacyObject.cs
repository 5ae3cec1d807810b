using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansBackup.Silo.Migration;

/// <summary>One JSON object of the old server's files, read tolerantly: a field is found under any
/// of its names in snake_case or camelCase (<c>files_copied</c>, <c>filesCopied</c>), a missing field
/// is null, and every field nobody asked for is kept for <see cref="Unread"/>. A value of the wrong
/// kind is refused with the file and its JSON path.</summary>
internal sealed class LegacyObject
{
    private readonly string _file;
    private readonly string _path;
    private readonly Dictionary<string, (string Name, JsonElement Value)> _fields = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public LegacyObject(string file, string path, JsonElement element)
    {
        _file = file;
        _path = path;
        if (element.ValueKind != JsonValueKind.Object) throw Refuse(path, $"expected an object, found {Describe(element)}");
        foreach (var property in element.EnumerateObject())
            _fields.TryAdd(Normalize(property.Name), (property.Name, property.Value));
    }

    public string Path => _path;

    /// <summary>Field names compare without case, underscores or dashes: <c>files_copied</c> = <c>filesCopied</c>.</summary>
    public static string Normalize(string name) =>
        string.Concat(name.Where(c => c is not ('_' or '-' or ' ')).Select(char.ToLowerInvariant));

    public string? String(params string[] names)
    {
        if (Find(names) is not var (name, value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            _ => throw Refuse(At(name), $"expected a text, found {Describe(value)}"),
        };
    }

    /// <summary>A count: a whole number from 0 up (a number written as text is taken too).</summary>
    public long? Count(params string[] names)
    {
        if (Find(names) is not var (name, value)) return null;
        if (value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n >= 0) return n;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && d >= 0 && d == Math.Floor(d) && d <= long.MaxValue) return (long)d;
        if (value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s)) return s;
        throw Refuse(At(name), $"expected a whole number from 0 up, found {Describe(value)}");
    }

    /// <summary>A list of texts (a single text counts as a list of one).</summary>
    public IReadOnlyList<string>? Strings(params string[] names)
    {
        if (Find(names) is not var (name, value)) return null;
        switch (value.ValueKind)
        {
            case JsonValueKind.Null: return null;
            case JsonValueKind.String: return [value.GetString()!];
            case JsonValueKind.Array:
                var list = new List<string>();
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String) throw Refuse($"{At(name)}[{i}]", $"expected a text, found {Describe(item)}");
                    list.Add(item.GetString()!);
                    i++;
                }
                return list;
            default: throw Refuse(At(name), $"expected a list of texts, found {Describe(value)}");
        }
    }

    /// <summary>A point in time: ISO 8601 with or without a zone (without one: <paramref name="zone"/>),
    /// or Unix seconds (a number, or a number written as text).</summary>
    public DateTimeOffset? Time(TimeZoneInfo zone, params string[] names)
    {
        if (Find(names) is not var (name, value)) return null;
        var place = At(name);
        return value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.Number => FromUnix(place, value.GetDouble()),
            JsonValueKind.String => LegacyTime.Parse(value.GetString()!, zone) ?? throw Refuse(place,
                $"'{Shorten(value.GetString()!)}' is not a time: write ISO 8601 (2024-03-01T10:00:00, a zone may follow) or Unix seconds"),
            _ => throw Refuse(place, $"expected a time, found {Describe(value)}"),
        };
    }

    /// <summary>The raw value of a field, for shapes the caller reads itself (errors may be texts or objects).</summary>
    public (string Place, JsonElement Value)? Raw(params string[] names) =>
        Find(names) is var (name, value) ? (At(name), value) : null;

    /// <summary>The fields no getter asked for, as a JSON object text; null when every field was read.</summary>
    public string? Unread(params string[] alsoKeep)
    {
        var keep = alsoKeep.Select(Normalize).ToHashSet(StringComparer.Ordinal);
        var rest = new JsonObject();
        foreach (var (key, (name, value)) in _fields)
            if (!_read.Contains(key) || keep.Contains(key)) rest[name] = JsonNode.Parse(value.GetRawText());
        return rest.Count == 0 ? null : rest.ToJsonString();
    }

    public MigrationInputException Refuse(string place, string problem) => new(_file, place, problem);

    private DateTimeOffset FromUnix(string place, double seconds)
    {
        // Unix seconds from 1970 to 9999; milliseconds (13 digits) are a different unit: refuse them.
        if (double.IsNaN(seconds) || seconds < 0 || seconds > 253402300799)
            throw Refuse(place, $"{seconds.ToString(CultureInfo.InvariantCulture)} is not Unix seconds between 1970 and 9999");
        return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
    }

    private (string Name, JsonElement Value)? Find(string[] names)
    {
        foreach (var name in names)
        {
            var key = Normalize(name);
            _read.Add(key);
            if (_fields.TryGetValue(key, out var field)) return field;
        }
        return null;
    }

    private string At(string name) => $"{_path}.{name}";

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    internal static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the text '{Shorten(value.GetString()!)}'",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"{value.GetRawText()}",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "an object",
        _ => "null",
    };
}
