using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using OrleansBackup.Contracts;
using OrleansBackup.Engine;
using OrleansBackup.Repository;
using OrleansBackup.Tests.EndToEnd;

namespace OrleansBackup.Tests.Repository;

/// <summary>The destination documents itself: FORMAT.md is written into it (the repository's copy,
/// byte for byte) and names every field the service writes; times are plain ISO 8601; modes are
/// octal strings and old decimal ones still read.</summary>
public sealed class DestinationFormatTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 30, 0, TimeSpan.Zero);
    private readonly TempDir _tmp = new();

    public void Dispose() => _tmp.Dispose();

    private static string RepoCopy => File.ReadAllText(Path.Combine(ServiceProcesses.RepoRoot, "docs", "FORMAT.md"));

    [Fact]
    public async Task The_destination_gets_FORMAT_md_and_it_names_every_field_written()
    {
        var dest = _tmp.Dir("dest");
        var store = new RepositoryStore(new FakeTimeProvider(T0));
        await store.InitializeAsync(dest, CancellationToken.None);
        var record = new RunRecord("20250601-123000-abcdef", "nightly", BackupMode.Mirror,
            [new SourceRecord("photos", "/src/photos", "/dest/nightly/current/photos")], RunState.Completed, T0, T0.AddMinutes(1),
            1, 2, 0, 3, null, null);
        await store.WriteRunRecordAsync(dest, record, final: true, CancellationToken.None);

        var written = await File.ReadAllTextAsync(Path.Combine(dest, ".orleans-backup", "FORMAT.md"));
        Assert.Equal(RepoCopy, written);

        var repoJson = await File.ReadAllTextAsync(Path.Combine(dest, ".orleans-backup", "repo.json"));
        var runJson = await File.ReadAllTextAsync(Path.Combine(dest, ".orleans-backup", "snapshots", record.RunId + ".json"));
        foreach (var text in new[] { repoJson, runJson })
        {
            Assert.DoesNotContain("\\u", text);
            Assert.Contains("T12:30:00+00:00", text);
        }

        var fields = new HashSet<string>();
        Collect(JsonDocument.Parse(repoJson).RootElement, fields);
        Collect(JsonDocument.Parse(runJson).RootElement, fields);
        Collect(JsonDocument.Parse(Shard([new ManifestEntry("a", false, 1, 2, 0b110_100_100, "ab", null),
            new ManifestEntry("l", true, 1, 2, 0b111_111_111, null, "a")]).Split('\n')[0]).RootElement, fields);
        foreach (var line in Shard([new ManifestEntry("a", false, 1, 2, 0b110_100_100, "ab", null), new ManifestEntry("l", true, 1, 2, 511, null, "a")]).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Collect(JsonDocument.Parse(line).RootElement, fields);
        var undocumented = fields.Where(f => !written.Contains($"`{f}`", StringComparison.Ordinal)).ToList();
        Assert.Empty(undocumented);
    }

    [Fact]
    public void Modes_are_written_as_octal_strings_and_decimal_ones_still_read()
    {
        var text = Shard([new ManifestEntry("a.txt", false, 1, 2, 0b110_100_100, "ab", null), new ManifestEntry("run.sh", false, 1, 2, 0b100_111_101_101, "cd", null)]);
        Assert.Contains("\"mode\":\"0644\"", text);
        Assert.Contains("\"mode\":\"4755\"", text);
        Assert.Equal(0b110_100_100, ManifestShard.Parse(Encoding.UTF8.GetBytes(text))["a.txt"].Mode);
        Assert.Equal(0b100_111_101_101, ManifestShard.Parse(Encoding.UTF8.GetBytes(text))["run.sh"].Mode);

        var old = """
            {"source":"s","dir":"","runId":"20250601-123000-abcdef"}
            {"name":"a.txt","type":"file","size":1,"mtimeNs":2,"mode":420,"sha256":"ab"}
            """;
        Assert.Equal(0b110_100_100, ManifestShard.Parse(Encoding.UTF8.GetBytes(old))["a.txt"].Mode);
    }

    private static string Shard(List<ManifestEntry> entries)
    {
        var buffer = new ArrayBufferWriter<byte>();
        ManifestShard.Serialize(buffer, "s", "", "20250601-123000-abcdef", entries);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Collect(JsonElement element, HashSet<string> fields)
    {
        if (element.ValueKind == JsonValueKind.Object)
            foreach (var p in element.EnumerateObject())
            {
                fields.Add(p.Name);
                Collect(p.Value, fields);
            }
        else if (element.ValueKind == JsonValueKind.Array)
            foreach (var item in element.EnumerateArray()) Collect(item, fields);
    }
}
