namespace OrleansBackup.Silo.Migration;

/// <summary>An old state file that cannot be imported as it is: names the file and the place in it
/// (line and column for broken JSON, the JSON path for a value that does not fit). Nothing is
/// imported when one is thrown.</summary>
public sealed class MigrationInputException(string file, string place, string problem)
    : Exception($"{file}: {place}: {problem}")
{
    public string File { get; } = file;

    /// <summary>"line 3, column 14" or a JSON path such as <c>$[2].start_time</c>.</summary>
    public string Place { get; } = place;

    public string Problem { get; } = problem;
}
