namespace OrleansBackup.Api.Health;

/// <summary>Finds the directory that decides whether a destination can be written: the
/// destination itself, or its nearest existing parent when it does not exist yet.</summary>
internal static class DestinationProbe
{
    public static string? NearestExisting(string path)
    {
        for (var dir = Path.GetFullPath(path); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(dir))
            {
                return dir;
            }
        }

        return null;
    }
}
