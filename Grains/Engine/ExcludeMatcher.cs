using System.Text;
using System.Text.RegularExpressions;

namespace OrleansBackup.Engine;

/// <summary>Exclude globs, matched like rsync/gitignore against '/'-separated paths relative to the
/// source root: <c>*</c> and <c>?</c> stay within one path segment, <c>**</c> crosses segments; a
/// pattern without '/' matches the entry's name at any depth; a pattern containing '/' is anchored at
/// the source root (a leading '/' is allowed); a trailing '/' matches directories only. An excluded
/// directory excludes everything below it. Thread-safe and immutable.</summary>
public sealed class ExcludeMatcher
{
    private readonly Rule[] _rules;

    private readonly record struct Rule(Regex Regex, bool Anchored, bool DirectoryOnly);

    /// <summary>Matches nothing.</summary>
    public static ExcludeMatcher None { get; } = new([]);

    public ExcludeMatcher(IEnumerable<string> globs)
    {
        ArgumentNullException.ThrowIfNull(globs);
        var rules = new List<Rule>();
        foreach (var raw in globs)
        {
            var glob = raw?.Trim() ?? "";
            bool dirOnly = glob.EndsWith('/');
            glob = glob.TrimEnd('/');
            bool anchored = glob.Contains('/');
            glob = glob.TrimStart('/');
            if (glob.Length == 0) continue;
            // Compiled: a matcher is built once per job (cached by the copier) and runs per entry.
            var regex = new Regex(ToRegex(glob), RegexOptions.CultureInvariant | RegexOptions.Compiled);
            rules.Add(new Rule(regex, anchored, dirOnly));
            // "dir/**" excludes everything inside dir: the directory itself would only be left
            // behind empty, so it is excluded too (as a directory, matched where the pattern is).
            if (glob.EndsWith("/**", StringComparison.Ordinal) && glob.Length > 3)
            {
                var parent = glob[..^3];
                var parentRegex = new Regex(ToRegex(parent), RegexOptions.CultureInvariant | RegexOptions.Compiled);
                rules.Add(new Rule(parentRegex, anchored, DirectoryOnly: true));
            }
        }
        _rules = [.. rules];
    }

    /// <summary>True when no pattern was given.</summary>
    public bool IsEmpty => _rules.Length == 0;

    /// <summary>True when <paramref name="relativePath"/> or one of its parent directories is excluded.</summary>
    /// <param name="relativePath">'/'-separated, relative to the source root, e.g. "a/b/c.txt".</param>
    /// <param name="isDirectory">Whether the path itself is a directory (for patterns ending in '/').</param>
    public bool IsExcluded(string relativePath, bool isDirectory)
    {
        if (_rules.Length == 0) return false;
        if (MatchesSelf(relativePath, isDirectory)) return true;
        for (int i = relativePath.IndexOf('/'); i > 0; i = relativePath.IndexOf('/', i + 1))
            if (MatchesSelf(relativePath[..i], true)) return true;
        return false;
    }

    /// <summary>Matches the path itself only: the copier never descends into an excluded directory,
    /// so it need not test the parents again for every entry.</summary>
    internal bool MatchesSelf(string relativePath, bool isDirectory)
    {
        if (_rules.Length == 0) return false;
        int slash = relativePath.LastIndexOf('/');
        var name = slash < 0 ? relativePath : relativePath[(slash + 1)..];
        foreach (var rule in _rules)
        {
            if (rule.DirectoryOnly && !isDirectory) continue;
            if (rule.Regex.IsMatch(rule.Anchored ? relativePath : name)) return true;
        }
        return false;
    }

    private static string ToRegex(string glob)
    {
        var sb = new StringBuilder("^");
        for (int i = 0; i < glob.Length; i++)
        {
            char c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                bool slashAfter = i + 2 < glob.Length && glob[i + 2] == '/';
                // "**/" is zero or more whole segments; a trailing or inner "**" is anything.
                sb.Append(slashAfter ? "(?:.*/)?" : ".*");
                i += slashAfter ? 2 : 1;
            }
            else if (c == '*') sb.Append("[^/]*");
            else if (c == '?') sb.Append("[^/]");
            else if (c == '[')
            {
                int end = glob.IndexOf(']', i + 1);
                if (end < 0) { sb.Append(@"\["); continue; }
                var body = glob[(i + 1)..end];
                if (body.StartsWith('!')) body = "^" + body[1..];
                sb.Append('[').Append(body.Replace(@"\", @"\\")).Append(']');
                i = end;
            }
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return sb.Append('$').ToString();
    }
}
