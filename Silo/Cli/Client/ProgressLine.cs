using System.Globalization;
using OrleansBackup.Contracts;

namespace OrleansBackup.Silo.Cli.Client;

/// <summary>One line of a running job, restic style:
/// <c>[0:12] 45.2%  1234 / 2730 files  1.20 GiB / 2.60 GiB  85.1 MiB/s  ETA 0:17  data/a/x.bin</c>.</summary>
public static class ProgressLine
{
    public static string Render(JobStatus s)
    {
        var parts = new List<string> { $"[{Elapsed(s)}]" };
        if (s.BytesTotal is > 0 && s.FilesTotal is { } filesTotal)
        {
            parts.Add(Percent(s.BytesDone, s.BytesTotal.Value));
            parts.Add($"{s.FilesDone} / {filesTotal} files");
            parts.Add($"{Size.Format(s.BytesDone)} / {Size.Format(s.BytesTotal.Value)}");
        }
        else if (s.FilesTotal is { } files)
        {
            parts.Add(files == 0 ? "100.0%" : Percent(s.FilesDone, files));
            parts.Add($"{s.FilesDone} / {files} files");
        }
        else
        {
            parts.Add($"{s.FilesDone} files");
            parts.Add($"{Size.Format(s.BytesDone)} (counting)");
        }

        if (s.State == RunState.Paused) parts.Add("paused");
        else if (s.State == RunState.Running)
        {
            parts.Add($"{Size.Format((long)s.ThroughputBytesPerSecond)}/s");
            if (s.EtaSeconds is { } eta) parts.Add($"ETA {Duration(TimeSpan.FromSeconds(eta))}");
        }
        else parts.Add(s.State.ToString());
        if (s.ErrorCount > 0) parts.Add($"{s.ErrorCount} errors");
        var current = s.Workers.Select(w => w.CurrentFile).FirstOrDefault(f => f is not null)
            ?? s.ActiveDirectories.Select(d => d.CurrentFile).FirstOrDefault(f => f is not null);
        if (s.State == RunState.Running && current is not null) parts.Add(current);
        return string.Join("  ", parts);
    }

    public static string Duration(TimeSpan t) => t.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}")
        : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}:{t.Seconds:00}");

    private static string Elapsed(JobStatus s) => s.StartedAt is { } started
        ? Duration(((s.FinishedAt ?? s.UpdatedAt) - started) is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero)
        : "-";

    private static string Percent(long done, long total) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Min(100.0, total == 0 ? 100.0 : 100.0 * done / total):0.0}%");
}

/// <summary>Byte counts the way people read them: 1.20 GiB.</summary>
public static class Size
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    public static string Format(long bytes)
    {
        double value = bytes;
        int unit = 0;
        while (Math.Abs(value) >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.00} {Units[unit]}");
    }
}
