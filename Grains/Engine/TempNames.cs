namespace OrleansBackup.Engine;

/// <summary>Temporary names <c>.&lt;name&gt;.obk-tmp-&lt;8 hex&gt;</c>: hidden, next to the real
/// name (so the rename stays on one file system), and recognisable so a crash's leftovers can be
/// removed without touching the user's own files.</summary>
internal static class TempNames
{
    private const string Marker = ".obk-tmp-";
    private const int HexLength = 8;

    /// <summary>Longest name kept whole in a temporary name: 255 (NAME_MAX) minus our 18 extra
    /// characters, with room for multi-byte UTF-8. Longer names are shortened, so a long but legal
    /// name does not fail with ENAMETOOLONG on its temporary.</summary>
    private const int MaxKeptName = 100;

    public static string For(string name) =>
        "." + (name.Length > MaxKeptName ? name[..MaxKeptName] : name) + Marker
        + ((uint)Random.Shared.NextInt64()).ToString("x8");

    /// <summary>True only for names this engine creates.</summary>
    public static bool IsTemp(ReadOnlySpan<char> name)
    {
        int suffix = Marker.Length + HexLength;
        if (name.Length < 2 + suffix || name[0] != '.') return false;
        if (!name[^suffix..^HexLength].SequenceEqual(Marker)) return false;
        foreach (char c in name[^HexLength..])
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) return false;
        return true;
    }

    /// <summary>Deletes leftover temporaries in <paramref name="directory"/>; returns how many.</summary>
    public static int DeleteStale(SafeDirectory directory)
    {
        int deleted = 0;
        foreach (var name in directory.ListNames(static n => IsTemp(n)))
            if (directory.Unlink(name) == 0) deleted++;
        return deleted;
    }
}
