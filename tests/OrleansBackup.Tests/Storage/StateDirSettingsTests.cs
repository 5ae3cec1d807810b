using OrleansBackup.Hosting; // the Api's copy of Silo/Hosting/Shared (the Silo reference is aliased)
using OrleansBackup.Tests.Support;

namespace OrleansBackup.Tests.Storage;

/// <summary>BACKUP_STATE_DIR: where single-machine mode keeps its embedded store.</summary>
public sealed class StateDirSettingsTests : IDisposable
{
    private readonly TempTree _tree = new("obk-statedir");

    public void Dispose() => _tree.Dispose();

    private static BackupSettings Load(string? value, params string[] args) =>
        SettingsLoader.Load(args, new Dictionary<string, string?>(StringComparer.Ordinal) { ["BACKUP_STATE_DIR"] = value });

    [Fact]
    public void Defaults_to_state_in_the_working_directory() => Assert.Equal("state", Load(null).StateDir);

    [Fact]
    public void Environment_and_command_line_set_it()
    {
        Assert.Equal("/var/lib/orleans-backup", Load("/var/lib/orleans-backup").StateDir);
        Assert.Equal("/srv/state", Load("/var/lib/orleans-backup", "--state-dir", "/srv/state").StateDir);
    }

    [Fact]
    public void A_control_character_or_a_file_is_refused_naming_the_key()
    {
        var control = Assert.Throws<SettingsException>(() => Load("/var/lib/a\nb"));
        Assert.Equal(["BACKUP_STATE_DIR (StateDir): the path holds a control character"], control.Errors);

        var file = _tree.WriteText("not-a-dir", "x");
        var notDir = Assert.Throws<SettingsException>(() => Load(file));
        Assert.Equal([$"BACKUP_STATE_DIR (StateDir): '{file}' is a file, not a directory"], notDir.Errors);
    }
}
