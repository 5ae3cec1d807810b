using OrleansBackup.Engine;

namespace OrleansBackup.Tests.Engine;

public sealed class ExcludeMatcherTests
{
    [Theory]
    [InlineData("*.tmp", "a.tmp", false, true)]
    [InlineData("*.tmp", "deep/er/a.tmp", false, true)]
    [InlineData("*.tmp", "a.tmpx", false, false)]
    [InlineData("node_modules", "x/node_modules", true, true)]
    [InlineData("node_modules", "x/node_modules/pkg/i.js", false, true)] // inside an excluded dir
    [InlineData("/build", "build", true, true)]
    [InlineData("/build", "sub/build", true, false)]
    [InlineData("docs/*.md", "docs/a.md", false, true)]
    [InlineData("docs/*.md", "docs/sub/a.md", false, false)]
    [InlineData("docs/**/*.md", "docs/sub/deeper/a.md", false, true)]
    [InlineData("docs/**/*.md", "docs/a.md", false, true)]
    [InlineData("**/cache", "a/b/cache", true, true)]
    [InlineData("cache/", "a/cache", false, false)] // directory-only pattern, and this is a file
    [InlineData("cache/", "a/cache", true, true)]
    [InlineData("file?.txt", "file1.txt", false, true)]
    [InlineData("file?.txt", "file12.txt", false, false)]
    [InlineData("logs/**", "logs/2024/x.log", false, true)]
    [InlineData("logs/**", "logs", true, true)] // its whole contents excluded: no empty directory left
    [InlineData("logs/**", "logs", false, false)] // a file named logs is not inside anything
    [InlineData("logs/**", "sub/logs", true, false)] // anchored, like the pattern
    [InlineData("**/__pycache__/**", "lib/pkg/__pycache__", true, true)]
    [InlineData("**/__pycache__/**", "lib/pkg/__pycache__.py", false, false)]
    public void Globs_match_like_gitignore(string glob, string path, bool isDirectory, bool excluded) =>
        Assert.Equal(excluded, new ExcludeMatcher([glob]).IsExcluded(path, isDirectory));

    [Fact]
    public void None_excludes_nothing() => Assert.False(ExcludeMatcher.None.IsExcluded("anything/at/all", false));
}
