namespace OrleansBackup.Tests.Support;

/// <summary>Waits for a condition by polling with a deadline; never a fixed sleep.</summary>
public static class Poll
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last = await probe();
        while (!done(last))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0}s waiting for {what}. Last value: {Describe(last)}");
            await Task.Delay(50);
            last = await probe();
        }
        return last;
    }

    private static string Describe<T>(T value) => value is null ? "null" : System.Text.Json.JsonSerializer.Serialize(value);
}
