using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrleansBackup.Tests.Drills;

/// <summary>One generated request, shown exactly enough to replay it by hand.</summary>
internal sealed record FuzzRequest(HttpMethod Method, string Path, string? Body, string? ContentType)
{
    public override string ToString()
    {
        var body = Body is null ? "" : Body.Length > 300 ? $" {Body[..300]}... ({Body.Length} chars)" : $" {Body}";
        return $"{Method} {(Path.Length > 300 ? Path[..300] + "..." : Path)} [{ContentType ?? "no content type"}]{body}";
    }
}

/// <summary>What the fuzzer knows of the service: its endpoints (from the OpenAPI document, so new
/// ones are fuzzed too), job ids that exist, paths inside and outside the allowed roots.</summary>
internal sealed record FuzzWorld(
    IReadOnlyList<(HttpMethod Method, string Template)> Endpoints,
    IReadOnlyList<string> JobIds,
    IReadOnlyList<string> GoodSources,
    IReadOnlyList<string> GoodDestinations,
    IReadOnlyList<string> OutsidePaths);

/// <summary>Seeded hostile requests: malformed JSON, wrong types, huge and odd strings, control
/// characters, odd numbers, random transitions. The same seed gives the same requests.</summary>
internal sealed class RequestFuzzer(int seed, FuzzWorld world)
{
    private static readonly string[] Fields =
    [
        "jobId", "sources", "directories", "destination", "action", "schedule", "excludes",
        "maxConcurrentDirectories", "mode", "dispatch", "durability", "verifyAfterCopy",
        "maxWorkers", "maxBytesPerSecond", "debug", "path", "runId", "id", "jsonrpc", "method", "params",
    ];

    private static readonly string[] Actions = ["start", "pause", "resume", "stop", "START", "jump", "", "start "];

    private static readonly string[] Schedules =
    [
        "every 5m", "every 6h", "0 3 * * *", "every 25000000d", "every 5\u0661m", "every 99999999h", "every 0m",
        "every 30s", "0 0 30 2 *", "* * * * * *", "@every 1d", "every -5m", "every 5m\n", "",
    ];

    private static readonly string[] OddStrings =
    [
        "", " ", "\0", "\n", "\r\n", "\u001b[2J", "\u0085", "\u2028", "\ud83d\ude00", "%00", "%2e%2e%2f", "../../etc/passwd",
        "/", "//", "/./", "C:\\Windows", "~", "$HOME", "null", "undefined", "NaN", "\u202e", "é", "\uFEFF", "'; DROP TABLE x; --",
        "<script>", "{\"a\":1}",
    ];

    private static readonly string[] OddNumbers =
    [
        "0", "-1", "1", "8", "1024", "1025", "2147483647", "2147483648", "-2147483649", "9223372036854775807",
        "9223372036854775808", "1e308", "1e309", "-0", "0.5", "1e-400", "00", "1.0", "-9999999999999999999999",
    ];

    private readonly Random _random = new(seed);

    public FuzzRequest Next()
    {
        var roll = _random.NextDouble();
        if (roll < 0.08) return OddPath();
        if (roll < 0.30) return Definition();
        var (method, template) = world.Endpoints[_random.Next(world.Endpoints.Count)];
        if (roll < 0.14) method = Pick([HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Post, HttpMethod.Get, HttpMethod.Options]);
        var path = FillTemplate(template);
        if (_random.NextDouble() < 0.1) path += "?" + Uri.EscapeDataString(RandomString()) + "=" + Uri.EscapeDataString(RandomString());
        if (method == HttpMethod.Get || method == HttpMethod.Delete || method == HttpMethod.Options)
            return new FuzzRequest(method, path, _random.NextDouble() < 0.05 ? Body() : null, null);
        return new FuzzRequest(method, path, Body(), ContentType());
    }

    /// <summary>A valid control request for a known job: transitions in a random order.</summary>
    public FuzzRequest Transition(string? jobId = null)
    {
        var id = jobId ?? Pick(world.JobIds);
        var action = Pick(["start", "pause", "resume", "stop"]);
        return id == "default"
            ? new FuzzRequest(HttpMethod.Post, "/api/control", $"{{\"action\":\"{action}\"}}", "application/json")
            : new FuzzRequest(HttpMethod.Post, $"/api/jobs/{id}/control", $"{{\"action\":\"{action}\"}}", "application/json");
    }

    public string PickJob() => Pick(world.JobIds);

    /// <summary>A well-formed definition of a known job with one or two fields gone odd, so the
    /// request gets past the shape checks to the grain's own.</summary>
    private FuzzRequest Definition()
    {
        var id = Pick(world.JobIds);
        var body = new JsonObject
        {
            ["sources"] = new JsonArray(Pick(world.GoodSources)),
            ["destination"] = Pick(world.GoodDestinations),
            ["schedule"] = _random.NextDouble() < 0.5 ? Pick(Schedules) : null,
        };
        foreach (var field in new[] { "destination", "sources", "excludes", "maxConcurrentDirectories", "schedule", "dispatch", "durability", "mode" }
                     .OrderBy(_ => _random.Next()).Take(_random.Next(1, 3)))
            body[field] = Plausible(field);
        if (id == "default")
        {
            body["directories"] = body["sources"]?.DeepClone();
            body.Remove("sources");
            return new FuzzRequest(HttpMethod.Post, "/api/select", Serialize(body), "application/json");
        }
        body["jobId"] = id;
        return new FuzzRequest(HttpMethod.Post, "/api/jobs", Serialize(body), "application/json");
    }

    private FuzzRequest OddPath()
    {
        var path = Pick(new Func<string>[]
        {
            () => "/api/jobs/" + Uri.EscapeDataString(RandomString()),
            () => "/api/jobs/" + Uri.EscapeDataString(RandomString()) + "/" + Uri.EscapeDataString(RandomString()),
            () => "/api/" + new string('a', _random.Next(1, 9000)),
            () => "/api/jobs/%00/definition",
            () => "/api/jobs/..%2f..%2fetc/runs",
            () => "/%ff%fe",
            () => "/api/status/../control",
            () => "/" + Uri.EscapeDataString(RandomString()),
        })();
        var method = Pick([HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete]);
        return new FuzzRequest(method, path, method == HttpMethod.Get ? null : Body(), ContentType());
    }

    private string FillTemplate(string template)
    {
        var path = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0) { path.Append(template, i, template.Length - i); break; }
            path.Append(template, i, open - i);
            var close = template.IndexOf('}', open);
            path.Append(_random.NextDouble() < 0.7 ? Pick(world.JobIds) : Uri.EscapeDataString(RandomString()));
            i = close + 1;
        }
        return path.ToString();
    }

    private string? ContentType() => _random.NextDouble() switch
    {
        < 0.85 => "application/json",
        < 0.90 => "text/plain",
        < 0.93 => "application/json; charset=iso-8859-1",
        < 0.96 => "application/x-www-form-urlencoded",
        _ => null,
    };

    private string Body()
    {
        var roll = _random.NextDouble();
        if (roll < 0.12) return MalformedJson();
        if (roll < 0.20) return Serialize(RandomJson(depth: 0));
        var body = new JsonObject();
        foreach (var field in Fields.OrderBy(_ => _random.Next()).Take(_random.Next(0, 7)))
            body[field] = _random.NextDouble() < 0.7 ? Plausible(field) : RandomJson(depth: 0);
        return Serialize(body);
    }

    private JsonNode? Plausible(string field) => field switch
    {
        "jobId" => _random.NextDouble() < 0.6 ? Pick(world.JobIds) : RandomString(),
        "sources" or "directories" => new JsonArray([.. Enumerable.Range(0, _random.Next(0, 4)).Select(_ => (JsonNode?)AnyPath())]),
        "destination" or "path" => AnyPath(),
        "action" => Pick(Actions),
        "schedule" => Pick(Schedules),
        "excludes" => new JsonArray([.. Enumerable.Range(0, _random.Next(0, 5)).Select(_ => (JsonNode?)Pick(["*.tmp", "cache/**", "", "[", "**/**/**", RandomString()]))]),
        "mode" => Pick(["Mirror", "mirror", "Snapshot", "snapshot", "bogus"]),
        "dispatch" => Pick(["parallel", "sequential", "Parallel", "bogus"]),
        "durability" => Pick(["fsync", "relaxed", "bogus"]),
        "verifyAfterCopy" or "debug" => _random.NextDouble() < 0.5,
        _ => Number(),
    };

    /// <summary>A number as raw text, even one JSON does not allow ("00", "1e309"): a marker that
    /// <see cref="Serialize"/> replaces by the text itself.</summary>
    private JsonNode Number() => JsonValue.Create($"{NumberMarker}{Pick(OddNumbers)}{NumberMarker}");

    private const string NumberMarker = "@@num@@";

    private string AnyPath() => _random.NextDouble() switch
    {
        < 0.35 => Pick(world.GoodSources),
        < 0.60 => Pick(world.GoodDestinations),
        < 0.80 => Pick(world.OutsidePaths),
        < 0.90 => Pick(world.GoodDestinations) + Pick(OddStrings),
        _ => RandomString(),
    };

    private JsonNode? RandomJson(int depth)
    {
        var roll = _random.Next(depth > 3 ? 5 : 7);
        return roll switch
        {
            0 => null,
            1 => _random.NextDouble() < 0.5,
            2 => Number(),
            3 or 4 => RandomString(),
            5 => new JsonArray([.. Enumerable.Range(0, _random.Next(0, 4)).Select(_ => RandomJson(depth + 1))]),
            _ => new JsonObject(Enumerable.Range(0, _random.Next(0, 4))
                .Select(_ => KeyValuePair.Create(Pick(Fields) + (_random.NextDouble() < 0.2 ? "x" : ""), RandomJson(depth + 1)))
                .DistinctBy(p => p.Key)),
        };
    }

    private string RandomString() => _random.Next(8) switch
    {
        0 => Pick(OddStrings),
        1 => new string('x', _random.Next(1000, 50_000)),
        2 => string.Concat(Enumerable.Range(0, _random.Next(1, 40)).Select(_ => (char)_random.Next(0, 0x80))),
        3 => string.Concat(Enumerable.Range(0, _random.Next(1, 40)).Select(_ => (char)_random.Next(0x80, 0xD7FF))),
        4 => Pick(world.GoodDestinations) + "/" + Pick(OddStrings),
        5 => _random.Next().ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToHexStringLower(BitConverter.GetBytes(_random.NextInt64()))[.._random.Next(1, 16)],
    };

    private string MalformedJson()
    {
        var valid = Serialize(new JsonObject { ["action"] = "start", ["sources"] = new JsonArray(Pick(world.GoodSources)), ["destination"] = Pick(world.GoodDestinations) });
        return _random.Next(9) switch
        {
            0 => valid[.._random.Next(valid.Length)],
            1 => new string('[', _random.Next(65, 5000)),
            2 => "{" + string.Concat(Enumerable.Repeat("\"a\":{", _random.Next(60, 300))),
            3 => Encoding.Latin1.GetString(Enumerable.Range(0, _random.Next(1, 200)).Select(_ => (byte)_random.Next(256)).ToArray()),
            4 => valid.Replace("\"", "'"),
            5 => "{\"action\":\"start\",}",
            6 => "{\"sources\":[\"\\ud800\"],\"destination\":\"\\udfff\"}",
            7 => "{\"maxConcurrentDirectories\": 1e999999}",
            _ => "\uFEFF" + valid + valid,
        };
    }

    private static string Serialize(JsonNode? node) => System.Text.RegularExpressions.Regex.Replace(
        node?.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null",
        $"\"{NumberMarker}(.*?){NumberMarker}\"", "$1");

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
