using System.Collections.Immutable;
using System.Text.Json;
using Orleans.Storage;
using OrleansBackup.Contracts;
using OrleansBackup.Grains.Hosting;
using OrleansBackup.Grains.Jobs;

namespace OrleansBackup.Tests.Storage;

/// <summary>ONE suite for every grain storage and reminder table this service runs on (the
/// embedded SQLite store and PostgreSQL): each store's test class derives from this and only says
/// how to start a silo on it. What a grain relies on: missing state reads as a fresh state, writes
/// round-trip as JSON, a stale ETag is refused (lost updates are impossible), a clear forgets the
/// state but not the version, the largest state a job keeps fits, reminders upsert/read/remove and
/// answer hash-range queries, and everything is there again after the store is closed and reopened.</summary>
public abstract class StorageConformance : IAsyncLifetime
{
    private const string StateName = "job";

    protected abstract StoreSilo CreateSilo();

    protected StoreSilo Silo { get; private set; } = null!;
    private IGrainStorage Storage => Silo.Storage;
    private IReminderTable Reminders => Silo.Reminders;

    public async Task InitializeAsync()
    {
        Silo = CreateSilo();
        await Silo.StartAsync();
    }

    public virtual async Task DisposeAsync() => await Silo.DisposeAsync();

    private static GrainId NewGrain() => GrainId.Create("obk-conformance", Guid.NewGuid().ToString("N"));

    private static JobState SampleState(string tag) => new()
    {
        Definition = new JobDefinition($"job-{tag}", ["/data/photos", "/data/mail"], "/mnt/usb")
        {
            Excludes = ["*.tmp"],
            Schedule = "every 6h",
        },
        History = [new RunSummary("20260101-000000-abcdef", RunState.CompletedWithWarnings, DateTimeOffset.Parse("2026-01-01T00:00:00Z"),
            DateTimeOffset.Parse("2026-01-01T00:10:00Z"), 10, 20, 1, 12345, 1, "one file unreadable")],
        BaselineRunId = "20260101-000000-abcdef",
        NextScheduledRunAt = DateTimeOffset.Parse("2026-01-02T06:00:00Z"),
    };

    private async Task<StateSlot> ReadAsync(GrainId grain, string stateName = StateName)
    {
        var state = new StateSlot();
        await Storage.ReadStateAsync(stateName, grain, state);
        return state;
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, JsonGrainStateSerializer.Options);

    [Fact]
    public async Task Missing_state_reads_as_a_fresh_state_with_no_record()
    {
        var state = await ReadAsync(NewGrain());
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
        Assert.Null(state.State.Definition);
        Assert.Empty(state.State.History);
    }

    [Fact]
    public async Task Written_state_reads_back_equal_and_each_write_moves_the_etag_on()
    {
        var grain = NewGrain();
        var written = new StateSlot(SampleState("a"));
        await Storage.WriteStateAsync(StateName, grain, written);
        Assert.True(written.RecordExists);
        Assert.NotNull(written.ETag);
        var first = written.ETag;

        var read = await ReadAsync(grain);
        Assert.True(read.RecordExists);
        Assert.Equal(first, read.ETag);
        Assert.Equal(Json(written.State), Json(read.State));

        read.State.BaselineRunId = "20260102-000000-fedcba";
        await Storage.WriteStateAsync(StateName, grain, read);
        Assert.NotEqual(first, read.ETag);
        Assert.Equal("20260102-000000-fedcba", (await ReadAsync(grain)).State.BaselineRunId);

        // Another state name of the same grain is another record.
        Assert.False((await ReadAsync(grain, "catalog")).RecordExists);
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_changes_nothing()
    {
        var grain = NewGrain();
        await Storage.WriteStateAsync(StateName, grain, new StateSlot(SampleState("first")));
        var a = await ReadAsync(grain);
        var b = await ReadAsync(grain);

        a.State.BaselineRunId = "by-a";
        await Storage.WriteStateAsync(StateName, grain, a);
        b.State.BaselineRunId = "by-b";
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, b));
        Assert.Equal("by-a", (await ReadAsync(grain)).State.BaselineRunId);

        // Two "first" writes of one grain: the second is refused too.
        var fresh = NewGrain();
        await Storage.WriteStateAsync(StateName, fresh, new StateSlot(SampleState("x")));
        await Assert.ThrowsAsync<InconsistentStateException>(() =>
            Storage.WriteStateAsync(StateName, fresh, new StateSlot(SampleState("y"))));
        Assert.Equal("job-x", (await ReadAsync(fresh)).State.Definition!.JobId);
    }

    [Fact]
    public async Task A_clear_forgets_the_state_but_refuses_writers_from_before_it()
    {
        var grain = NewGrain();
        var state = new StateSlot(SampleState("c"));
        await Storage.WriteStateAsync(StateName, grain, state);
        var before = await ReadAsync(grain);

        await Storage.ClearStateAsync(StateName, grain, state);
        Assert.False(state.RecordExists);
        var cleared = await ReadAsync(grain);
        Assert.False(cleared.RecordExists);
        Assert.Null(cleared.State.Definition);

        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, before));
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.ClearStateAsync(StateName, grain, before));

        // The grain that cleared writes on from where it is.
        state.State = SampleState("after");
        await Storage.WriteStateAsync(StateName, grain, state);
        Assert.Equal("job-after", (await ReadAsync(grain)).State.Definition!.JobId);

        // Clearing what was never written is no error.
        await Storage.ClearStateAsync(StateName, NewGrain(), new StateSlot());
    }

    [Fact]
    public async Task The_largest_state_a_job_keeps_round_trips()
    {
        var state = LargestJobState();
        var json = Json(state);
        Assert.True(json.Length > 4_000_000, $"the sample must be large: {json.Length} characters");
        var grain = NewGrain();
        await Storage.WriteStateAsync(StateName, grain, new StateSlot(state));
        Assert.Equal(json, Json((await ReadAsync(grain)).State));
    }

    /// <summary>Every bounded list at its bound with the longest paths (4096 bytes, Linux's PATH_MAX),
    /// and a queue of 20,000 directories.</summary>
    private static JobState LargestJobState()
    {
        static string LongPath(int i) => $"/src/{i:00000}/" + new string('p', 4000);
        var definition = new JobDefinition("large", [LongPath(0)], "/mnt/usb");
        var run = new RunProgress { RunId = "20260101-000000-000001", State = RunState.Running, Definition = definition, SourceNames = ["src"] };
        for (var i = 0; i < 20_000; i++) run.Queue.Enqueue(new WorkItem(0, $"dir/{i:000000}/" + new string('q', 80)));
        for (var i = 0; i < 1024; i++)
        {
            var item = new WorkItem(0, LongPath(i), Attempt: 2, PreviousSilo: "127.0.0.1:11111@1");
            run.InFlight[item.WorkId] = new InFlightWork { Item = item, Silo = "127.0.0.1:11111@2" };
        }
        for (var i = 0; i < RunProgress.ErrorLimit; i++) run.Errors.Add(new FileError(LongPath(i), "permission denied", ErrorCodes.PermissionDenied));
        for (var i = 0; i < RunProgress.RecentLimit; i++)
            run.RecentDirectories.Add(new CompletedDirectory(LongPath(i), "127.0.0.1:11111@2", 1, i, DateTimeOffset.Parse("2026-01-01T00:00:00Z")));
        var history = Enumerable.Range(0, JobState.HistoryLimit).Select(i => new RunSummary($"20250101-000000-{i:000000}",
            RunState.Completed, DateTimeOffset.Parse("2025-01-01T00:00:00Z"), null, i, i, 0, i, 0, new string('m', 2000))).ToList();
        return new JobState { Definition = definition, Run = run, History = history };
    }

    private static ReminderEntry Reminder(GrainId grain, string name, int periodMinutes) => new()
    {
        GrainId = grain,
        ReminderName = name,
        // A day ahead, so the silo's own reminder service never fires these test rows.
        StartAt = DateTime.UtcNow.Date.AddDays(1).AddHours(3),
        Period = TimeSpan.FromMinutes(periodMinutes),
    };

    [Fact]
    public async Task Reminders_upsert_read_and_remove_by_etag()
    {
        var grain = NewGrain();
        Assert.Null(await Reminders.ReadRow(grain, "tick"));

        var entry = Reminder(grain, "tick", 5);
        var etag = await Reminders.UpsertRow(entry);
        Assert.False(string.IsNullOrEmpty(etag));
        var read = await Reminders.ReadRow(grain, "tick");
        Assert.NotNull(read);
        Assert.Equal(grain, read.GrainId);
        Assert.Equal("tick", read.ReminderName);
        Assert.Equal(entry.StartAt, read.StartAt.ToUniversalTime());
        Assert.Equal(TimeSpan.FromMinutes(5), read.Period);
        Assert.Equal(etag, read.ETag);

        var updated = await Reminders.UpsertRow(Reminder(grain, "tick", 7));
        Assert.NotEqual(etag, updated);
        Assert.Equal(TimeSpan.FromMinutes(7), (await Reminders.ReadRow(grain, "tick"))!.Period);
        await Reminders.UpsertRow(Reminder(grain, "tock", 9));
        Assert.Equal(["tick", "tock"], (await Reminders.ReadRows(grain)).Reminders.Select(r => r.ReminderName).Order(StringComparer.Ordinal));

        Assert.False(await Reminders.RemoveRow(grain, "tick", etag!));       // stale ETag
        Assert.NotNull(await Reminders.ReadRow(grain, "tick"));
        Assert.True(await Reminders.RemoveRow(grain, "tick", updated!));
        Assert.Null(await Reminders.ReadRow(grain, "tick"));
        Assert.False(await Reminders.RemoveRow(grain, "tick", updated!));    // already gone
        Assert.Equal(["tock"], (await Reminders.ReadRows(grain)).Reminders.Select(r => r.ReminderName));
    }

    [Fact]
    public async Task Reminder_range_queries_answer_the_half_open_hash_range_and_wrap_around()
    {
        var grains = Enumerable.Range(0, 40).Select(_ => NewGrain()).ToList();
        foreach (var grain in grains) await Reminders.UpsertRow(Reminder(grain, "range", 10));
        var hashes = grains.ToDictionary(g => g, g => g.GetUniformHashCode());
        var sorted = hashes.Values.Order().ToArray();
        // Bounds on the grains' own hashes: the lower is excluded, the upper included.
        var (low, high) = (sorted[5], sorted[30]);

        async Task<HashSet<GrainId>> InRange(uint begin, uint end) =>
            (await Reminders.ReadRows(begin, end)).Reminders.Select(r => r.GrainId).Where(hashes.ContainsKey).ToHashSet();

        var inside = await InRange(low, high);
        Assert.Equal(grains.Where(g => hashes[g] > low && hashes[g] <= high).ToHashSet(), inside);
        Assert.Equal(25, inside.Count);

        var wrapped = await InRange(high, low);
        Assert.Equal(grains.Where(g => hashes[g] > high || hashes[g] <= low).ToHashSet(), wrapped);
        Assert.Equal(15, wrapped.Count);

        Assert.Equal(40, (await InRange(0, uint.MaxValue)).Count + grains.Count(g => hashes[g] == 0));
    }

    [Fact]
    public async Task State_and_reminders_are_there_again_after_the_store_is_closed_and_reopened()
    {
        var grain = NewGrain();
        var state = new StateSlot(SampleState("durable"));
        await Storage.WriteStateAsync(StateName, grain, state);
        var etag = await Reminders.UpsertRow(Reminder(grain, "keepalive", 1));

        await Silo.RestartAsync();

        var read = await ReadAsync(grain);
        Assert.True(read.RecordExists);
        Assert.Equal(state.ETag, read.ETag);
        Assert.Equal(Json(state.State), Json(read.State));
        var reminder = await Reminders.ReadRow(grain, "keepalive");
        Assert.Equal(etag, reminder?.ETag);
        Assert.Equal(TimeSpan.FromMinutes(1), reminder!.Period);

        // And the reopened store goes on with the same version contract.
        read.State.BaselineRunId = "after-reopen";
        await Storage.WriteStateAsync(StateName, grain, read);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Storage.WriteStateAsync(StateName, grain, state));
    }
}

/// <summary>A grain's state as the runtime hands it to storage.</summary>
internal sealed class StateSlot(JobState? state = null) : IGrainState<JobState>
{
    private JobState _state = state ?? new JobState();

    /// <summary>A store must hand back a state object, never null (grains read it at once).</summary>
    [System.Diagnostics.CodeAnalysis.AllowNull]
    public JobState State
    {
        get => _state;
        set => _state = value ?? throw new InvalidOperationException("the store set a null state");
    }
    public string? ETag { get; set; }
    public bool RecordExists { get; set; }
}
