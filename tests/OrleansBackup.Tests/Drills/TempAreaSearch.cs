namespace OrleansBackup.Tests.Drills;

/// <summary>Searches the whole temporary area (the system temp folder, symlinks not followed) for
/// entries whose names carry a drill's token: every file a drill's source holds carries it, so a copy
/// anywhere outside the destination shows up, wherever a followed link would have put it.</summary>
internal static class TempAreaSearch
{
    public static List<string> Find(string token)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true, MatchType = MatchType.Simple,
        };
        return [.. Directory.EnumerateFileSystemEntries(Path.GetTempPath(), $"*{token}*", options)];
    }

    /// <summary>Every entry carrying <paramref name="token"/> that lies outside all of <paramref name="allowed"/>.</summary>
    public static List<string> Outside(string token, params string[] allowed) =>
        [.. Find(token).Where(path => !allowed.Any(root =>
            path.StartsWith(Path.TrimEndingDirectorySeparator(root) + "/", StringComparison.Ordinal)))];
}
