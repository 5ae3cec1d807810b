using System.Globalization;
using System.Text;
using OrleansBackup.Contracts;

namespace OrleansBackup.Silo.Cli.Client;

/// <summary>A job's status as text for a terminal (<c>status</c> without <c>--json</c>).</summary>
public static class StatusText
{
    /// <summary>Errors listed in text output; <c>--json</c> has every listed one.</summary>
    public const int ErrorsShown = 10;

    public static string Render(JobStatus s)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"job {s.JobId}: {s.State}{(s.RunId is { } run ? $", run {run}" : "")}");
        if (s.Sources.Length > 0 || s.Destination is not null)
            text.AppendLine(CultureInfo.InvariantCulture, $"  {string.Join(", ", s.Sources)} -> {s.Destination} ({s.Mode}, {s.Dispatch})");
        if (s.RunId is null)
        {
            if (s.NextScheduledRunAt is { } next) text.AppendLine(CultureInfo.InvariantCulture, $"  next scheduled run: {next:u}");
            return text.ToString();
        }
        text.AppendLine("  " + ProgressLine.Render(s));
        text.AppendLine(CultureInfo.InvariantCulture,
            $"  copied {s.FilesCopied} ({Size.Format(s.BytesCopied)}), unchanged {s.FilesSkipped}, failed {s.FilesFailed}; directories {s.DirectoriesDone} done, {s.DirectoriesQueued} queued");
        foreach (var d in s.ActiveDirectories)
            text.AppendLine(CultureInfo.InvariantCulture, $"  active {d.Path} on {d.Silo}: {d.FilesDone} files{(d.CurrentFile is { } f ? ", copying " + f : "")}");
        if (s.NextDirectories.Length > 0) text.AppendLine("  next: " + string.Join(", ", s.NextDirectories));
        foreach (var e in s.Errors.Take(ErrorsShown)) text.AppendLine(CultureInfo.InvariantCulture, $"  error {e.Path}: {e.Reason} ({e.Code})");
        if (s.ErrorCount > Math.Min(ErrorsShown, s.Errors.Length))
            text.AppendLine(CultureInfo.InvariantCulture, $"  ... {s.ErrorCount} errors in all (status --json lists the first {s.Errors.Length})");
        if (s.Message is { } message) text.AppendLine("  " + message);
        return text.ToString();
    }

    /// <summary>The closing lines after a followed run.</summary>
    public static string Summary(JobStatus s)
    {
        var took = s.StartedAt is { } a && s.FinishedAt is { } b ? ProgressLine.Duration(b - a) : "-";
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{s.State}: {s.FilesCopied} copied ({Size.Format(s.BytesCopied)}), {s.FilesSkipped} unchanged, {s.FilesFailed} failed, {s.ErrorCount} errors in {took}");
        foreach (var e in s.Errors.Take(ErrorsShown)) text.AppendLine(CultureInfo.InvariantCulture, $"  error {e.Path}: {e.Reason} ({e.Code})");
        if (s.Message is { } message) text.AppendLine("  " + message);
        return text.ToString();
    }
}
