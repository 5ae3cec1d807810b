using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using OrleansBackup.Api.Errors;
using OrleansBackup.Contracts;

namespace OrleansBackup.Api.Hosting;

/// <summary>Every call from outside loopback must carry <c>Authorization: Bearer &lt;BACKUP_API_TOKEN&gt;</c>
/// (compared in constant time); otherwise 401 <c>unauthorized</c>. Loopback callers and
/// <c>GET /api/health</c> (for probes) pass. One token with every scope: finer scopes are not built yet.</summary>
internal sealed class BearerTokenGuard(RequestDelegate next, IOptions<ApiOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (IsLocal(context.Connection.RemoteIpAddress) || IsHealthProbe(context.Request) || HasToken(context.Request))
        {
            await next(context);
            return;
        }
        context.Response.Headers.WWWAuthenticate = "Bearer";
        await Problems.For(ErrorCodes.Unauthorized, "Calls from outside this machine need 'Authorization: Bearer <token>' (BACKUP_API_TOKEN).")
            .ExecuteAsync(context);
    }

    // No address at all is an in-process test server.
    private static bool IsLocal(IPAddress? address) => address is null || IPAddress.IsLoopback(address);

    private static bool IsHealthProbe(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Path.Equals("/api/health", StringComparison.OrdinalIgnoreCase);

    private bool HasToken(HttpRequest request)
    {
        var expected = options.Value.Settings.ApiToken;
        var header = request.Headers.Authorization.ToString();
        if (expected is null || !header.StartsWith("Bearer ", StringComparison.Ordinal)) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()), Encoding.UTF8.GetBytes(expected));
    }
}
