namespace OrleansBackup.Tests.Postgres;

/// <summary>A grain with persistent state and a reminder, to exercise the PostgreSQL providers.</summary>
[Alias("OrleansBackup.Tests.Postgres.INoteGrain")]
public interface INoteGrain : IGrainWithStringKey
{
    [Alias("Write")] Task WriteAsync(string text);
    [Alias("Read")] Task<NoteState> ReadAsync();
    [Alias("Where")] Task<SiloAddress> WhereAsync();
    [Alias("Remind")] Task RemindAsync(string name, TimeSpan period);
    [Alias("Forget")] Task ForgetAsync(string name);
}

[GenerateSerializer, Immutable, Alias("OrleansBackup.Tests.Postgres.NoteState")]
public sealed record NoteState
{
    [Id(0)] public string Text { get; init; } = "";
    [Id(1)] public int Writes { get; init; }
}

public sealed class NoteGrain(
    [PersistentState("note")] IPersistentState<NoteState> state,
    ILocalSiloDetails silo) : Grain, INoteGrain, IRemindable
{
    public async Task WriteAsync(string text)
    {
        state.State = state.State with { Text = text, Writes = state.State.Writes + 1 };
        await state.WriteStateAsync();
    }

    public Task<NoteState> ReadAsync() => Task.FromResult(state.State);

    public Task<SiloAddress> WhereAsync() => Task.FromResult(silo.SiloAddress);

    public Task RemindAsync(string name, TimeSpan period)
        => this.RegisterOrUpdateReminder(name, period, period);

    public async Task ForgetAsync(string name)
    {
        if (await this.GetReminder(name) is { } reminder) await this.UnregisterReminder(reminder);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
