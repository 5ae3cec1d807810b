using System.Globalization;

namespace OrleansBackup.Tests.Drills;

/// <summary>How big the drills are: small in CI, larger on request through the environment
/// (documented in the README): <c>OBK_FUZZ_REQUESTS</c>, <c>OBK_FUZZ_SEED</c>, <c>OBK_ESCAPE_ROUNDS</c>,
/// <c>OBK_ESCAPE_SEED</c>.</summary>
internal static class DrillSize
{
    /// <summary>Generated requests of the fuzz drill (default 2,000).</summary>
    public static int FuzzRequests => Number("OBK_FUZZ_REQUESTS", 2000);

    /// <summary>Runs during which the escape drill swaps symlinks in (default 3).</summary>
    public static int EscapeRounds => Number("OBK_ESCAPE_ROUNDS", 3);

    /// <summary>The seed named by <paramref name="variable"/>, or a new one (printed by the drill, so a
    /// failure can be replayed with the variable set).</summary>
    public static int Seed(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } text
            ? int.Parse(text, CultureInfo.InvariantCulture)
            : Random.Shared.Next();

    private static int Number(string variable, int fallback)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(text)) return fallback;
        Assert.True(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0,
            $"{variable} must be a positive whole number, not '{text}'");
        return n;
    }
}
