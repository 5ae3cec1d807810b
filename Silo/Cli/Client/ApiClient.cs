using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OrleansBackup.Silo.Cli.Client;

/// <summary>The client commands' way to the service: its REST Api (the same contract the web page
/// and scripts use, with the same bearer token and error codes).</summary>
public sealed class ApiClient(Uri baseAddress, string? token) : IDisposable
{
    /// <summary>Per request; the Api answers status reads in milliseconds.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly HttpClient _http = Create(baseAddress, token);

    public Uri BaseAddress => baseAddress;

    /// <summary>GET <paramref name="path"/>: the answer's JSON text, or throws <see cref="ApiCallException"/>.</summary>
    public Task<string> GetAsync(string path, CancellationToken ct) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path), ct);

    /// <summary>POST <paramref name="body"/> as JSON to <paramref name="path"/>.</summary>
    public Task<string> PostAsync(string path, object body, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Json) }, ct);

    private async Task<string> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, ct);
            }
            catch (HttpRequestException e)
            {
                throw new ApiCallException(CliExitCodes.Unreachable, "api_unreachable",
                    $"cannot reach the Api at {baseAddress} ({e.GetBaseException().Message}); is the service running? (set --api or {ClientOptions.ApiUrlVariable})");
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new ApiCallException(CliExitCodes.Unreachable, "api_timeout", $"the Api at {baseAddress} did not answer within {RequestTimeout.TotalSeconds:0} s");
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(ct);
                if (response.IsSuccessStatusCode) return text;
                throw FromProblem(response.StatusCode, text);
            }
        }
    }

    private static ApiCallException FromProblem(HttpStatusCode status, string text)
    {
        string? code = null, detail = null;
        try
        {
            if (JsonNode.Parse(text) is JsonObject problem)
            {
                code = (string?)problem["code"];
                detail = (string?)problem["detail"] ?? (string?)problem["title"];
            }
        }
        catch (JsonException)
        {
        }
        var exit = status == HttpStatusCode.ServiceUnavailable ? CliExitCodes.Unreachable : CliExitCodes.Failed;
        return new ApiCallException(exit, code ?? $"http_{(int)status}", detail ?? $"the Api answered {(int)status} {status}");
    }

    private static HttpClient Create(Uri baseAddress, string? token)
    {
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = RequestTimeout };
        if (token is { Length: > 0 }) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A call the Api refused or could not take, with the exit code it means.</summary>
public sealed class ApiCallException(int exitCode, string code, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>The Api's stable error code (e.g. <c>job_not_found</c>), or <c>api_unreachable</c>.</summary>
    public string Code { get; } = code;
}
