using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using OrleansBackup.Contracts;
using OrleansBackup.Repository;

namespace OrleansBackup.Tests.Repository;

public sealed class RepositoryStoreTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 12, 30, 0, TimeSpan.Zero);
    private readonly TempDir _tmp = new();
    private readonly FakeTimeProvider _time = new(T0);
    private readonly RepositoryStore _store;

    public RepositoryStoreTests() => _store = new RepositoryStore(_time);

    public void Dispose() => _tmp.Dispose();

    private static RunRecord Record(string runId, RunState state, DateTimeOffset? finishedAt = null) => new(
        RunId: runId,
        JobId: "nightly",
        Mode: BackupMode.Mirror,
        Sources: [new SourceRecord("photos", "/src/photos", "/dest/nightly/current/photos"), new SourceRecord("docs", "/src/docs", "/dest/nightly/current/docs")],
        State: state,
        StartedAt: T0,
        FinishedAt: finishedAt,
        FilesCopied: 10,
        FilesSkipped: 20,
        FilesFailed: 1,
        BytesCopied: 12345,
        PreviousRunId: "20250531-120000-aaaaaa",
        Message: null);

    [Fact]
    public async Task Initialize_creates_the_repository()
    {
        var dest = _tmp.Combine("usb", "backups");
        await _store.InitializeAsync(dest, CancellationToken.None);

        var repo = Path.Join(dest, ".orleans-backup");
        Assert.Equal(
            [Path.Join(repo, "FORMAT.md"), Path.Join(repo, "manifests"), Path.Join(repo, "repo.json"), Path.Join(repo, "snapshots")],
            Directory.EnumerateFileSystemEntries(repo).Order(StringComparer.Ordinal)); // no temp or probe file left

        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Join(repo, "repo.json")));
        var root = doc.RootElement;
        Assert.Equal(["formatVersion", "createdAt", "layout", "hash", "manifest"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, root.GetProperty("formatVersion").GetInt32());
        Assert.Equal(T0, root.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal("orleans-backup/1", root.GetProperty("layout").GetString());
        Assert.Equal("sha256", root.GetProperty("hash").GetString());
        Assert.Equal("jsonl-per-directory", root.GetProperty("manifest").GetString());
    }

    [Fact]
    public async Task Second_initialize_keeps_repo_json()
    {
        var dest = _tmp.Dir("dest");
        await _store.InitializeAsync(dest, CancellationToken.None);
        var repoJson = Path.Join(dest, ".orleans-backup", "repo.json");
        var first = await File.ReadAllBytesAsync(repoJson);

        _time.Advance(TimeSpan.FromDays(3));
        await _store.InitializeAsync(dest, CancellationToken.None);

        Assert.Equal(first, await File.ReadAllBytesAsync(repoJson));
        using var doc = JsonDocument.Parse(first);
        Assert.Equal(T0, doc.RootElement.GetProperty("createdAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Destination_under_a_file_is_not_writable()
    {
        _tmp.File("file.txt", 1);
        var dest = _tmp.Combine("file.txt", "dest");
        var ex = await Assert.ThrowsAsync<BackupException>(() => _store.InitializeAsync(dest, CancellationToken.None));
        Assert.Equal(ErrorCodes.DestinationNotWritable, ex.Code);
        Assert.StartsWith($"destination '{dest}' is not writable: ", ex.Message);
        Assert.True(ex.Message.Length > $"destination '{dest}' is not writable: ".Length, "the OS reason is missing");
    }

    [Fact]
    public async Task Newer_format_is_refused_and_nothing_is_created()
    {
        var dest = _tmp.Dir("dest");
        var repo = _tmp.Dir("dest", ".orleans-backup");
        await File.WriteAllTextAsync(Path.Join(repo, "repo.json"), """{"formatVersion":2,"createdAt":"2030-01-01T00:00:00+00:00","layout":"orleans-backup/2"}""");

        var ex = await Assert.ThrowsAsync<BackupException>(() => _store.InitializeAsync(dest, CancellationToken.None));
        Assert.Equal(ErrorCodes.DestinationNotWritable, ex.Code);
        Assert.Equal($"destination repository '{Path.Join(repo, "repo.json")}' has format 2, which is newer than this service supports (1)", ex.Message);
        Assert.Equal([Path.Join(repo, "repo.json")], Directory.EnumerateFileSystemEntries(repo));
    }

    [Fact]
    public async Task Corrupt_repo_json_is_refused()
    {
        var dest = _tmp.Dir("dest");
        var repo = _tmp.Dir("dest", ".orleans-backup");
        await File.WriteAllTextAsync(Path.Join(repo, "repo.json"), "{ not json");

        var ex = await Assert.ThrowsAsync<BackupException>(() => _store.InitializeAsync(dest, CancellationToken.None));
        Assert.Equal(ErrorCodes.DestinationNotWritable, ex.Code);
        Assert.StartsWith($"destination repository file '{Path.Join(repo, "repo.json")}' is not valid JSON", ex.Message);
    }

    [Fact]
    public async Task Run_record_round_trips()
    {
        var dest = _tmp.Dir("dest");
        await _store.InitializeAsync(dest, CancellationToken.None);
        var record = Record("20250601-123000-abcdef", RunState.Running);

        await _store.WriteRunRecordAsync(dest, record, final: false, CancellationToken.None);
        var read = await _store.ReadRunRecordAsync(dest, record.RunId, CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal(record.Sources.ToArray(), read.Sources.ToArray());
        Assert.Equal(record, read with { Sources = record.Sources }); // ImmutableArray compares by reference
        Assert.False(read.Sources.IsDefault);
    }

    [Fact]
    public async Task Run_record_json_is_camel_case_with_enum_names_and_no_manifest_until_final()
    {
        var dest = _tmp.Dir("dest");
        await _store.InitializeAsync(dest, CancellationToken.None);
        var record = Record("20250601-123000-abcdef", RunState.CompletedWithWarnings, T0.AddMinutes(5));

        await _store.WriteRunRecordAsync(dest, record, final: false, CancellationToken.None);

        var path = Path.Join(dest, ".orleans-backup", "snapshots", "20250601-123000-abcdef.json");
        var text = await File.ReadAllTextAsync(path);
        Assert.Contains("\n  \"runId\": ", text); // indented
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;
        Assert.Equal(
            ["runId", "jobId", "mode", "sources", "state", "startedAt", "finishedAt", "filesCopied", "filesSkipped", "filesFailed", "bytesCopied", "previousRunId", "message", "resumes", "resumedAt"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Mirror", root.GetProperty("mode").GetString());
        Assert.Equal("CompletedWithWarnings", root.GetProperty("state").GetString());
        Assert.Equal("photos", root.GetProperty("sources")[0].GetProperty("name").GetString());
        Assert.Equal("/dest/nightly/current/docs", root.GetProperty("sources")[1].GetProperty("target").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("message").ValueKind);
    }

    [Fact]
    public async Task Final_record_lists_manifest_shards_sorted()
    {
        var dest = _tmp.Dir("dest");
        await _store.InitializeAsync(dest, CancellationToken.None);
        const string runId = "20250601-123000-abcdef";
        var manifests = Path.Join(dest, ".orleans-backup", "manifests", runId);
        foreach (var shard in new[] { "ab/cdef0123.jsonl", "00/ffff.jsonl", "ab/0001.jsonl", "root.jsonl" })
        {
            _tmp.File(Path.GetRelativePath(_tmp.Path, Path.Join(manifests, shard)), 2);
        }

        _tmp.File(Path.GetRelativePath(_tmp.Path, Path.Join(manifests, "ab", ".0001.jsonl.tmp-1234")), 2); // a writer's temporary
        _tmp.File("dest/.orleans-backup/manifests/20250101-000000-000000/zz.jsonl", 2); // another run

        await _store.WriteRunRecordAsync(dest, Record(runId, RunState.Completed, T0.AddHours(1)), final: true, CancellationToken.None);

        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Join(dest, ".orleans-backup", "snapshots", runId + ".json")));
        var manifest = doc.RootElement.GetProperty("manifest");
        Assert.Equal(["dir", "shards"], manifest.EnumerateObject().Select(p => p.Name));
        Assert.Equal("manifests/20250601-123000-abcdef", manifest.GetProperty("dir").GetString());
        Assert.Equal(
            ["00/ffff.jsonl", "ab/0001.jsonl", "ab/cdef0123.jsonl", "root.jsonl"],
            manifest.GetProperty("shards").EnumerateArray().Select(s => s.GetString()));

        var read = await _store.ReadRunRecordAsync(dest, runId, CancellationToken.None);
        Assert.Equal(RunState.Completed, read!.State);
    }

    [Fact]
    public async Task Final_record_without_manifests_has_no_shards()
    {
        var dest = _tmp.Dir("dest");
        await _store.InitializeAsync(dest, CancellationToken.None);
        await _store.WriteRunRecordAsync(dest, Record("r1", RunState.Failed), final: true, CancellationToken.None);

        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Join(dest, ".orleans-backup", "snapshots", "r1.json")));
        Assert.Equal("manifests/r1", doc.RootElement.GetProperty("manifest").GetProperty("dir").GetString());
        Assert.Equal(0, doc.RootElement.GetProperty("manifest").GetProperty("shards").GetArrayLength());
    }

    [Fact]
    public async Task Rewriting_a_record_replaces_it_and_leaves_no_temporaries()
    {
        var dest = _tmp.Dir("dest");
        await _store.InitializeAsync(dest, CancellationToken.None);
        await _store.WriteRunRecordAsync(dest, Record("r1", RunState.Running), final: false, CancellationToken.None);
        await _store.WriteRunRecordAsync(dest, Record("r1", RunState.Stopped, T0.AddMinutes(1)), final: true, CancellationToken.None);

        Assert.Equal(RunState.Stopped, (await _store.ReadRunRecordAsync(dest, "r1", CancellationToken.None))!.State);
        Assert.Equal([Path.Join(dest, ".orleans-backup", "snapshots", "r1.json")], Directory.EnumerateFileSystemEntries(Path.Join(dest, ".orleans-backup", "snapshots")));
    }

    [Fact]
    public async Task Default_sources_are_written_as_empty()
    {
        var dest = _tmp.Dir("dest");
        await _store.InitializeAsync(dest, CancellationToken.None);
        await _store.WriteRunRecordAsync(dest, Record("r1", RunState.Running) with { Sources = default }, final: false, CancellationToken.None);
        var read = await _store.ReadRunRecordAsync(dest, "r1", CancellationToken.None);
        Assert.Equal(ImmutableArray<SourceRecord>.Empty, read!.Sources);
    }

    [Fact]
    public async Task Missing_record_reads_as_null()
    {
        var dest = _tmp.Dir("dest");
        await _store.InitializeAsync(dest, CancellationToken.None);
        Assert.Null(await _store.ReadRunRecordAsync(dest, "20250101-000000-000000", CancellationToken.None));
    }

    [Fact]
    public async Task Writing_into_an_unwritable_destination_is_destination_not_writable()
    {
        _tmp.File("file.txt", 1);
        var dest = _tmp.Combine("file.txt", "dest");
        var ex = await Assert.ThrowsAsync<BackupException>(() => _store.WriteRunRecordAsync(dest, Record("r1", RunState.Running), false, CancellationToken.None));
        Assert.Equal(ErrorCodes.DestinationNotWritable, ex.Code);
    }

    [Fact]
    public void Free_bytes_of_existing_and_not_yet_existing_destinations()
    {
        var free = RepositoryStore.FreeBytes(_tmp.Path);
        Assert.NotNull(free);
        Assert.True(free > 0, $"free bytes {free}");
        Assert.NotNull(RepositoryStore.FreeBytes(_tmp.Combine("not", "yet")));
    }
}
