// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>The HTTP pipeline: faults → parse → authenticate → ACL (before routing) → route → backend → filters → write.</summary>
internal sealed partial class VaultCore
{
    private const long MaxRequestSize = 32L * 1024 * 1024;

    /// <summary>Handles one HTTP request (Kestrel terminal middleware).</summary>
    public async Task HandleHttpAsync(HttpContext context)
    {
        CancellationToken cancellationToken = context.RequestAborted;
        DateTimeOffset now = Clock.GetUtcNow();
        string method = context.Request.Method.ToUpperInvariant();
        string rawPath = context.Request.Path.Value ?? "/";
        string path = rawPath.StartsWith("/v1/", StringComparison.Ordinal) ? rawPath[4..] : rawPath.TrimStart('/');

        TimeSpan latency = Faults.GetLatency(path);
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, Options.LatencyTimeProvider, cancellationToken).ConfigureAwait(false);
        }

        FaultDecision fault = Faults.Decide(path);
        if (fault.Kind == FaultKind.Drop)
        {
            LogRequest(method, path, 0, now);
            context.Abort();
            return;
        }

        VaultResponse response;
        string requestId = Ids.Uuid();
        string mountType = string.Empty;
        if (fault.Kind == FaultKind.Status)
        {
            response = VaultResponse.Error(fault.StatusCode, fault.Errors);
            if (fault.RetryAfter is { } retryAfter)
            {
                response.Headers["Retry-After"] = Durations.Seconds(retryAfter).ToString(CultureInfo.InvariantCulture);
            }
        }
        else if (!rawPath.StartsWith("/v1/", StringComparison.Ordinal))
        {
            response = VaultResponse.NotFound();
        }
        else if (Faults.StandbyActiveAddress is { } active && !IsHealthPath(path))
        {
            response = new VaultResponse { StatusCode = 307, Kind = VaultResponseKind.Empty };
            response.Headers["Location"] = new Uri(active, rawPath + context.Request.QueryString.Value).ToString();
        }
        else if (Faults.IsSealed && !IsHealthPath(path))
        {
            response = VaultResponse.Error(503, VaultErrors.Sealed);
        }
        else
        {
            (VaultRequest? request, VaultResponse? parseError) = await ParseAsync(context, method, path, requestId, now, cancellationToken).ConfigureAwait(false);
            if (parseError is not null)
            {
                response = parseError;
            }
            else
            {
                using (await EnterAsync(cancellationToken).ConfigureAwait(false))
                {
                    response = await DispatchAsync(request!, cancellationToken).ConfigureAwait(false);
                    mountType = request!.Mount?.Type ?? string.Empty;
                }
            }
        }

        LogRequest(method, path, response.StatusCode, now);
        await VaultResponseWriter.WriteAsync(context, response, requestId, mountType, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Authenticates, checks the ACL (before routing), routes and runs the backend and response filters.
    /// Callers hold the gate. In-process handles call this with a request whose token is the root token.
    /// </summary>
    public async Task<VaultResponse> DispatchAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        Tokens.Tidy();
        Leases.Tidy();

        MountEntry? mount = Mounts.Match(request.Path, out string relativePath);
        bool unauthenticated = mount is not null && IsUnauthenticated(mount.Backend, relativePath);
        if (!unauthenticated)
        {
            if (string.IsNullOrEmpty(request.ClientToken))
            {
                return VaultResponse.Error(403, VaultErrors.PermissionDenied);
            }

            TokenEntry? token = Tokens.Lookup(request.ClientToken);
            if (token is null)
            {
                return VaultResponse.Error(403, VaultErrors.Multi(VaultErrors.PermissionDenied, VaultErrors.InvalidToken));
            }

            request.Token = token;
            TokenStore.Use(token);
            request.Capabilities = Policies.Evaluate(token.Policies, request.Path);
            request.Mount = mount;
            request.RelativePath = relativePath;
            Capabilities required = RequiredCapability(request, mount);
            if ((request.Capabilities & required) == 0)
            {
                Tokens.RevokeIfUsedUp(token);
                return VaultResponse.PermissionDenied();
            }
        }
        else
        {
            request.Token = Tokens.Lookup(request.ClientToken);
        }

        if (mount is null)
        {
            return VaultResponse.Error(404, VaultErrors.NoHandler(request.Path));
        }

        request.Mount = mount;
        request.RelativePath = relativePath;
        VaultResponse response;
        try
        {
            response = await mount.Backend.HandleAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (VaultRequestException ex)
        {
            response = VaultResponse.Error(ex.StatusCode, ex.Message);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            // Malformed field values (e.g. "max_versions":"abc") are the caller's fault, as in Vault's field parsing.
            response = VaultResponse.BadRequest(ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A backend bug must still answer like Vault does (500 with an errors body), not with an empty 500.
            response = VaultResponse.Error(500, VaultErrors.InternalError);
        }

        foreach (Func<VaultRequest, VaultResponse, VaultResponse> filter in ResponseFilters)
        {
            response = filter(request, response);
        }

        if (request.Token is { } used)
        {
            Tokens.RevokeIfUsedUp(used);
        }

        return response;
    }

    private static Capabilities RequiredCapability(VaultRequest request, MountEntry? mount) => request.Operation switch
    {
        VaultOperation.Read => Capabilities.Read,
        VaultOperation.List => Capabilities.List,
        VaultOperation.Delete => Capabilities.Delete,
        VaultOperation.Patch => Capabilities.Patch,
        _ => mount is null || mount.Backend.Exists(request) ? Capabilities.Update : Capabilities.Create,
    };

    private static bool IsUnauthenticated(IVaultBackend backend, string relativePath) =>
        backend.UnauthenticatedPaths.Any(p => p.EndsWith('*')
            ? relativePath.StartsWith(p[..^1], StringComparison.Ordinal)
            : relativePath.TrimEnd('/') == p);

    private static bool IsHealthPath(string path) => path is "sys/health" or "sys/seal-status" or "sys/leader";

    private async Task<(VaultRequest? Request, VaultResponse? Error)> ParseAsync(
        HttpContext context, string method, string path, string requestId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> pair in context.Request.Query)
        {
            query[pair.Key] = pair.Value.ToString();
        }

        VaultOperation operation;
        switch (method)
        {
            case "GET":
                operation = VaultOperation.Read;
                if (query.TryGetValue("list", out string? list))
                {
                    if (!bool.TryParse(list, out bool isList) && list is not ("1" or "0" or "t" or "f" or "T" or "F"))
                    {
                        return (null, VaultResponse.Error(400));
                    }

                    if (isList || list is "1" or "t" or "T")
                    {
                        operation = VaultOperation.List;
                    }
                }

                break;
            case "LIST":
                operation = VaultOperation.List;
                break;
            case "POST" or "PUT":
                operation = VaultOperation.Write;
                break;
            case "DELETE":
                operation = VaultOperation.Delete;
                break;
            case "PATCH":
                operation = VaultOperation.Patch;
                string contentType = context.Request.ContentType ?? string.Empty;
                if (!contentType.StartsWith("application/merge-patch+json", StringComparison.OrdinalIgnoreCase))
                {
                    return (null, VaultResponse.Error(415, "PATCH requires Content-Type of application/merge-patch+json, provided " + contentType));
                }

                break;
            case "HEAD" when path == "sys/health":
                operation = VaultOperation.Read;
                break;
            default:
                return (null, VaultResponse.Error(405, VaultErrors.Multi(VaultErrors.UnsupportedOperation)));
        }

        if (operation == VaultOperation.List && !path.EndsWith('/'))
        {
            path += "/";
        }

        if (operation is VaultOperation.Write or VaultOperation.Patch && path.EndsWith('/'))
        {
            return (null, VaultResponse.BadRequest(VaultErrors.CannotWriteTrailingSlash));
        }

        if (context.Request.ContentLength > MaxRequestSize)
        {
            return (null, VaultResponse.Error(413, "http: request body too large"));
        }

        JsonObject data;
        if (operation is VaultOperation.Write or VaultOperation.Patch)
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (buffer.Length > MaxRequestSize)
            {
                return (null, VaultResponse.Error(413, "http: request body too large"));
            }

            if (buffer.Length == 0 || buffer.ToArray().All(b => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t'))
            {
                data = [];
            }
            else
            {
                try
                {
                    // Vault (Go's decoder) takes bodies nested thousands of levels deep; System.Text.Json stops at 64 unless told otherwise.
                    data = JsonNode.Parse(buffer.ToArray(), documentOptions: new JsonDocumentOptions { MaxDepth = DeepJson.MaxDepth }) as JsonObject
                        ?? throw new JsonException("the body is not a JSON object");
                }
                catch (JsonException ex)
                {
                    return (null, VaultResponse.BadRequest("failed to parse JSON input: " + ex.Message));
                }
            }
        }
        else
        {
            data = [];
            foreach ((string key, string value) in query)
            {
                if (key != "list")
                {
                    data[key] = value;
                }
            }
        }

        string? token = context.Request.Headers["X-Vault-Token"].FirstOrDefault();
        string? authorization = context.Request.Headers.Authorization.FirstOrDefault();
        if (string.IsNullOrEmpty(token) && authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = authorization["Bearer ".Length..].Trim();
        }

        TimeSpan? wrapTtl = null;
        string? wrapHeader = context.Request.Headers["X-Vault-Wrap-TTL"].FirstOrDefault();
        if (!string.IsNullOrEmpty(wrapHeader))
        {
            if (!Durations.TryParse(wrapHeader, out TimeSpan parsed) || parsed < TimeSpan.Zero)
            {
                return (null, VaultResponse.BadRequest("error parsing wrap TTL header: " + wrapHeader));
            }

            wrapTtl = parsed;
        }

        return (new VaultRequest
        {
            Method = method,
            Operation = operation,
            Path = path,
            Query = query,
            Data = data,
            ClientToken = token,
            RequestId = requestId,
            Now = now,
            WrapTtl = wrapTtl,
            HttpContext = context,
        }, null);
    }
}
