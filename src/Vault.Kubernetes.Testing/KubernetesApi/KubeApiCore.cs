// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Vault.Kubernetes.Testing.Kubernetes;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>The HTTP pipeline of the Kubernetes dev server: faults → authentication → routing → handler → Status on failure.</summary>
internal sealed partial class KubeApiCore : IDisposable
{
    private const long MaxBodySize = 8L * 1024 * 1024;
    private readonly List<KubernetesRequestLogEntry> _requestLog = [];
    private readonly Lock _logSync = new();
    private readonly bool _ownsIssuer;

    /// <param name="options">The server options.</param>
    /// <param name="clusterCaPem">The CA of the HTTPS listener, published in each namespace's <c>kube-root-ca.crt</c>; null without TLS.</param>
    public KubeApiCore(KubernetesDevServerOptions options, string? clusterCaPem)
    {
        Options = options;
        ClusterCaPem = clusterCaPem;
        Clock = options.TimeProvider;
        AdminToken = options.AdminToken ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _ownsIssuer = options.TokenIssuer is null;
        Issuer = options.TokenIssuer ?? new ServiceAccountTokenIssuer(Clock);
        Store = new ObjectStore(options.WatchHistoryLimit);
        Faults.OnDropWatches(() =>
        {
            lock (Store.Sync)
            {
                return Store.DropWatches();
            }
        });
        lock (Store.Sync)
        {
            foreach (string name in options.Namespaces)
            {
                Create(Catalog.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } }, Clock.GetUtcNow());
            }
        }
    }

    public KubernetesDevServerOptions Options { get; }

    public TimeProvider Clock { get; }

    public string AdminToken { get; }

    public string? ClusterCaPem { get; }

    public ServiceAccountTokenIssuer Issuer { get; }

    public ObjectStore Store { get; }

    public ResourceCatalog Catalog { get; } = new();

    public KubernetesDevServerFaults Faults { get; } = new();

    /// <summary>Gets the base address once the listener is bound (TokenRequest and discovery mention it).</summary>
    public Uri? Address { get; set; }

    public IReadOnlyList<KubernetesRequestLogEntry> RequestLog
    {
        get
        {
            lock (_logSync)
            {
                return _requestLog.ToList();
            }
        }
    }

    public void ClearRequestLog()
    {
        lock (_logSync)
        {
            _requestLog.Clear();
        }
    }

    public async Task HandleHttpAsync(HttpContext context)
    {
        CancellationToken cancellationToken = context.RequestAborted;
        DateTimeOffset now = Clock.GetUtcNow();
        string method = context.Request.Method.ToUpperInvariant();
        string path = context.Request.Path.Value ?? "/";
        string query = context.Request.QueryString.HasValue ? context.Request.QueryString.Value![1..] : string.Empty;

        TimeSpan latency = Faults.GetLatency(path);
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, Options.LatencyTimeProvider, cancellationToken).ConfigureAwait(false);
        }

        ApiResult result;
        if (Faults.Decide(path) is { } fault)
        {
            if (fault.StatusCode == 0)
            {
                Log(method, path, query, 0, now);
                context.Abort();
                return;
            }

            if (fault.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            result = ApiResult.Status(InjectedFault(fault.StatusCode));
        }
        else if (!IsAnonymousPath(path) && !Authenticate(context.Request.Headers.Authorization.ToString()))
        {
            result = ApiResult.Status(new KubeApiException(401, "Unauthorized", "Unauthorized"));
        }
        else
        {
            try
            {
                ApiResult? handled = await RouteAsync(context, method, path, now, cancellationToken).ConfigureAwait(false);
                if (handled is null)
                {
                    // A watch wrote its own streaming response.
                    Log(method, path, query, 200, now);
                    return;
                }

                result = handled;
            }
            catch (KubeApiException ex)
            {
                result = ApiResult.Status(ex);
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException)
            {
                // A JSON value of the wrong kind (a number where a name belongs) surfaces here: the client's mistake.
                result = ApiResult.Status(KubeApiException.BadRequest($"the request could not be decoded: {ex.Message}"));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Anything else is this server's bug: answer as the API server would rather than dropping the connection.
                result = ApiResult.Status(new KubeApiException(500, "InternalError", $"Internal error occurred: {ex.GetType().Name}: {ex.Message}"));
            }
        }

        Log(method, path, query, result.StatusCode, now);
        if (context.Response.HasStarted)
        {
            // A watch failed mid-stream: its status line is gone, so end the stream as a broken connection would.
            context.Abort();
            return;
        }

        context.Response.StatusCode = result.StatusCode;
        context.Response.ContentType = result.ContentType;
        context.Response.ContentLength = result.Body.Length;
        await context.Response.Body.WriteAsync(result.Body, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (_ownsIssuer)
        {
            Issuer.Dispose();
        }
    }

    private static KubeApiException InjectedFault(int statusCode) => statusCode switch
    {
        429 => new KubeApiException(429, "TooManyRequests", "Too many requests, please try again later."),
        500 => new KubeApiException(500, "InternalError", "Internal error occurred: injected fault"),
        503 => new KubeApiException(503, "ServiceUnavailable", "The server is currently unable to handle the request"),
        504 => new KubeApiException(504, "Timeout", "The server was unable to return a response in the time allotted"),
        _ => new KubeApiException(statusCode, "InternalError", "injected fault"),
    };

    private static bool IsAnonymousPath(string path) => path is "/version" or "/healthz" or "/livez" or "/readyz";

    private static async Task<JsonNode?> ReadBodyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength is > MaxBodySize)
        {
            throw new KubeApiException(413, "RequestEntityTooLarge", "Request entity too large");
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (buffer.Length == 0)
        {
            return null;
        }

        if ((context.Request.ContentType ?? string.Empty).StartsWith(ProtobufBody.MediaType, StringComparison.Ordinal))
        {
            return ProtobufBody.Decode(buffer.ToArray());
        }

        try
        {
            return JsonNode.Parse(buffer.ToArray());
        }
        catch (JsonException ex)
        {
            string contentType = context.Request.ContentType ?? string.Empty;
            string hint = contentType.Contains("yaml", StringComparison.Ordinal) ? " (this dev server reads apply bodies as JSON only)" : string.Empty;
            throw KubeApiException.BadRequest($"the request body could not be decoded: {ex.Message}{hint}");
        }
    }

    private bool Authenticate(string header)
    {
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string token = header["Bearer ".Length..].Trim();
        if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(token), System.Text.Encoding.UTF8.GetBytes(AdminToken)))
        {
            return true;
        }

        // Service-account tokens authenticate as on a real cluster (Vault's token_reviewer_jwt is one).
        lock (Store.Sync)
        {
            return ReviewToken(token, audiences: null).Authenticated;
        }
    }

    private void Log(string method, string path, string query, int status, DateTimeOffset now)
    {
        lock (_logSync)
        {
            _requestLog.Add(new KubernetesRequestLogEntry(method, path, query, status, now));
        }
    }
}
