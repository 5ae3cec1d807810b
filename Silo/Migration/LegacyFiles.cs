using System.Text.Json;

namespace OrleansBackup.Silo.Migration;

/// <summary>Reads one of the old server's JSON files, refusing a missing, empty, truncated or
/// otherwise broken one with the file and the line and column of the problem.</summary>
internal static class LegacyFiles
{
    public const string StatusFile = "backup_status.json";
    public const string HistoryFile = "backup_history.json";

    /// <summary>Old state files larger than this are refused rather than read into memory.</summary>
    public const long MaxBytes = 256L * 1024 * 1024;

    public static JsonDocument Read(string directory, string name)
    {
        var path = System.IO.Path.Combine(directory, name);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw new MigrationInputException(name, "the file", $"not found in {directory}");
            if (info.Length > MaxBytes) throw new MigrationInputException(name, "the file", $"is {info.Length} bytes, more than the {MaxBytes} this reads");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MigrationInputException(name, "the file", $"cannot be read: {ex.Message}");
        }

        if (bytes.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
            throw new MigrationInputException(name, "the file", "is empty (the old server writes at least {} or [])");
        try
        {
            return JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            var place = $"line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1}";
            throw new MigrationInputException(name, place, $"not valid JSON ({FirstSentence(ex.Message)}); is the file truncated?");
        }
    }

    private static string FirstSentence(string message)
    {
        foreach (var cut in new[] { " LineNumber:", " Path:" })
        {
            var at = message.IndexOf(cut, StringComparison.Ordinal);
            if (at > 0) message = message[..at];
        }
        return message.Trim().TrimEnd('.');
    }
}
