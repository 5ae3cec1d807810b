using OrleansBackup.Contracts;
using OrleansBackup.Grains.Jobs;

namespace OrleansBackup.Tests.Grains;

/// <summary>The run state machine, table-driven: every pair of states, allowed or not.</summary>
public sealed class RunStateMachineTests
{
    private static readonly (RunState From, RunState To)[] Allowed =
    [
        (RunState.Idle, RunState.Running),
        (RunState.Running, RunState.Paused),
        (RunState.Running, RunState.Completed),
        (RunState.Running, RunState.CompletedWithWarnings),
        (RunState.Running, RunState.Failed),
        (RunState.Running, RunState.Stopped),
        (RunState.Paused, RunState.Running),
        (RunState.Paused, RunState.Stopped),
        (RunState.Paused, RunState.Failed),
        (RunState.Completed, RunState.Running),
        (RunState.CompletedWithWarnings, RunState.Running),
        (RunState.Failed, RunState.Running),
        (RunState.Stopped, RunState.Running),
    ];

    public static TheoryData<RunState, RunState> AllPairs()
    {
        var data = new TheoryData<RunState, RunState>();
        foreach (var from in Enum.GetValues<RunState>())
            foreach (var to in Enum.GetValues<RunState>())
                data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Only_the_documented_transitions_are_allowed(RunState from, RunState to)
    {
        var expected = Allowed.Contains((from, to));
        Assert.Equal(expected, RunStateMachine.CanTransition(from, to));
        if (expected)
        {
            RunStateMachine.Ensure(from, to, "act");
        }
        else
        {
            var ex = Assert.Throws<BackupException>(() => RunStateMachine.Ensure(from, to, "act"));
            Assert.Equal(ErrorCodes.InvalidTransition, ex.Code);
            Assert.Equal($"Cannot act: the job is {from}.", ex.Message);
        }
    }

    [Theory]
    [InlineData(RunState.Running, true, false)]
    [InlineData(RunState.Paused, true, false)]
    [InlineData(RunState.Idle, false, false)]
    [InlineData(RunState.Completed, false, true)]
    [InlineData(RunState.CompletedWithWarnings, false, true)]
    [InlineData(RunState.Failed, false, true)]
    [InlineData(RunState.Stopped, false, true)]
    public void Active_and_terminal_states(RunState state, bool active, bool terminal)
    {
        Assert.Equal(active, RunStateMachine.IsActive(state));
        Assert.Equal(terminal, RunStateMachine.IsTerminal(state));
    }
}
