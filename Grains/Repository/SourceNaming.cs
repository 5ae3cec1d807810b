namespace OrleansBackup.Repository;

/// <summary>Gives each source of a job a unique, filesystem-safe folder name inside the destination.</summary>
public static class SourceNaming
{
    /// <summary>The name used for the filesystem root ("/"), which has no last segment.</summary>
    public const string RootName = "root";

    /// <summary>One name per source, in the same order: the last path segment ("/" becomes
    /// <c>root</c>); a repeated name gets "-2", "-3", ... in order of appearance.</summary>
    /// <remarks>Names are compared ignoring case: the destination may be a case-insensitive
    /// filesystem (a FAT or exFAT USB disk), where "Photos" and "photos" would be one folder.</remarks>
    public static IReadOnlyList<string> Assign(IReadOnlyList<string> sourcePaths)
    {
        ArgumentNullException.ThrowIfNull(sourcePaths);
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new string[sourcePaths.Count];
        for (var i = 0; i < names.Length; i++)
        {
            var baseName = BaseName(sourcePaths[i]);
            var name = baseName;
            // Loop rather than trust a counter: "a", "a", "a-2" must not produce two "a-2".
            for (var n = 2; !taken.Add(name); n++)
            {
                name = $"{baseName}-{n}";
            }

            names[i] = name;
        }

        return names;
    }

    private static string BaseName(string path)
    {
        var trimmed = (path ?? "").TrimEnd('/', '\\');
        var name = Path.GetFileName(trimmed);
        return name is "" or "." or ".." ? RootName : name;
    }
}
