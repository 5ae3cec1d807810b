using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OrleansBackup.Engine;

/// <summary>Per-directory manifest shards: JSON lines, a header line
/// <c>{"source","dir","runId"}</c> then one line per file or symlink. Shards are immutable once
/// written, so an unchanged directory's shard is hard-linked into the next run. The header names the
/// run that first wrote the shard.</summary>
public static class ManifestShard
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Names are data, not HTML: keep non-ASCII readable instead of \u-escaping it.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary><c>&lt;repositoryRoot&gt;/manifests/&lt;runId&gt;/&lt;2 hex&gt;/&lt;30 hex&gt;.jsonl</c>,
    /// hex = lower-case SHA-256 of UTF-8 <c>sourceName + "\0" + relativeDir</c>.</summary>
    public static string PathFor(string repositoryRoot, string runId, string sourceName, string relativeDir)
    {
        var (dir, name) = Locate(runId, sourceName, relativeDir);
        return Path.Join(repositoryRoot, dir, name);
    }

    /// <summary>The shard's folder relative to the repository root (<c>manifests/&lt;runId&gt;/&lt;2 hex&gt;</c>)
    /// and its file name, for walking there with <see cref="SafeDirectory"/>.</summary>
    internal static (string Dir, string Name) Locate(string runId, string sourceName, string relativeDir)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(sourceName + "\0" + relativeDir), hash);
        var hex = Convert.ToHexStringLower(hash[..16]);
        return ($"manifests/{runId}/{hex[..2]}", hex[2..] + ".jsonl");
    }

    /// <summary>Reads a shard's entries by name; null when the shard does not exist or is unreadable
    /// (then the destination files are the baseline).</summary>
    public static Dictionary<string, ManifestEntry>? TryRead(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return TryParse(bytes);
    }

    /// <summary>As <see cref="TryRead(string)"/>, for a shard inside an open directory (never follows a symlink).</summary>
    internal static Dictionary<string, ManifestEntry>? TryRead(SafeDirectory dir, string name)
    {
        using var handle = dir.OpenFile(name, Native.ORdOnly, 0, out _);
        if (handle is null) return null;
        try
        {
            var bytes = new byte[RandomAccess.GetLength(handle)];
            return TryParse(bytes.AsSpan(0, FileCopier.ReadFully(handle, bytes, 0)));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static Dictionary<string, ManifestEntry>? TryParse(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return Parse(bytes);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    internal static Dictionary<string, ManifestEntry> Parse(ReadOnlySpan<byte> bytes)
    {
        var entries = new Dictionary<string, ManifestEntry>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true });
        bool header = true;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("object expected");
            string? name = null, type = null, sha = null, target = null;
            long size = 0, mtime = 0;
            int mode = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var prop = reader.GetString();
                reader.Read();
                switch (prop)
                {
                    case "name": name = reader.GetString(); break;
                    case "type": type = reader.GetString(); break;
                    case "size": size = reader.GetInt64(); break;
                    case "mtimeNs": mtime = reader.GetInt64(); break;
                    // Octal string ("0644"); records written before that hold a decimal number.
                    case "mode": mode = reader.TokenType == JsonTokenType.String ? ParseOctal(reader.GetString()) : reader.GetInt32(); break;
                    case "sha256": sha = reader.GetString(); break;
                    case "target": target = reader.GetString(); break;
                    default: reader.Skip(); break;
                }
            }
            if (header) { header = false; continue; }
            if (name is null) throw new JsonException("entry without a name");
            entries[name] = new ManifestEntry(name, type == "symlink", size, mtime, mode, sha, target);
        }
        return entries;
    }

    /// <summary>Permission bits as <c>chmod</c> takes them: at least 4 octal digits ("0644", "4755").</summary>
    public static string FormatMode(int mode) => Convert.ToString(mode, 8).PadLeft(4, '0');

    private static int ParseOctal(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Length > 7 || text.Any(c => c is < '0' or > '7')) throw new JsonException($"mode '{text}' is not an octal number");
        return Convert.ToInt32(text, 8);
    }

    /// <summary>Serialises a shard: header, then the entries in ordinal name order.</summary>
    internal static void Serialize(ArrayBufferWriter<byte> buffer, string sourceName, string relativeDir,
        string runId, List<ManifestEntry> entries)
    {
        entries.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        using var w = new Utf8JsonWriter(buffer, WriterOptions);
        w.WriteStartObject();
        w.WriteString("source"u8, sourceName);
        w.WriteString("dir"u8, relativeDir);
        w.WriteString("runId"u8, runId);
        w.WriteEndObject();
        foreach (var e in entries)
        {
            w.Flush();
            buffer.Write("\n"u8);
            w.Reset(buffer);
            w.WriteStartObject();
            w.WriteString("name"u8, e.Name);
            w.WriteString("type"u8, e.IsSymlink ? "symlink"u8 : "file"u8);
            w.WriteNumber("size"u8, e.Size);
            w.WriteNumber("mtimeNs"u8, e.MtimeNs);
            w.WriteString("mode"u8, FormatMode(e.Mode));
            if (e.Sha256 is not null) w.WriteString("sha256"u8, e.Sha256);
            if (e.Target is not null) w.WriteString("target"u8, e.Target);
            w.WriteEndObject();
        }
        w.Flush();
        buffer.Write("\n"u8);
    }
}
