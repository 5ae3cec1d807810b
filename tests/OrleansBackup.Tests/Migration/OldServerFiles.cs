using OrleansBackup.Tests.Support;

namespace OrleansBackup.Tests.Migration;

/// <summary>A directory holding the old server's two files, made from a fixture under
/// <c>Migration/Fixtures/</c> (with SOURCE_A, SOURCE_B and DEST replaced by real paths) or from text.</summary>
public sealed class OldServerFiles : IDisposable
{
    public const string Status = "backup_status.json";
    public const string History = "backup_history.json";

    private readonly TempTree _tree = new("obk-mig");

    public OldServerFiles()
    {
        Directory.CreateDirectory(Dir);
        SourceA = Directory.CreateDirectory(_tree.Path_("src", "a")).FullName;
        SourceB = Directory.CreateDirectory(_tree.Path_("src", "b")).FullName;
        Destination = Directory.CreateDirectory(_tree.Path_("dest")).FullName;
    }

    public string Root => _tree.Root;
    public string Dir => _tree.Path_("old");
    public string SourceA { get; }
    public string SourceB { get; }
    public string Destination { get; }
    public TempTree Tree => _tree;

    public static OldServerFiles FromFixture(string name)
    {
        var files = new OldServerFiles();
        var fixture = Path.Combine(AppContext.BaseDirectory, "Migration", "Fixtures", name);
        foreach (var file in new[] { Status, History })
            files.Write(file, File.ReadAllText(Path.Combine(fixture, file)));
        return files;
    }

    /// <summary>Writes one of the two files, with the placeholders replaced.</summary>
    public string Write(string file, string text)
    {
        var path = Path.Combine(Dir, file);
        File.WriteAllText(path, text.Replace("SOURCE_A", SourceA).Replace("SOURCE_B", SourceB).Replace("DEST", Destination));
        return path;
    }

    public string Read(string file) => File.ReadAllText(Path.Combine(Dir, file));

    public void Dispose() => _tree.Dispose();
}
