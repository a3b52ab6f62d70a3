// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>Maps URLs to discovery documents and resource handlers.</summary>
internal sealed partial class KubeApiCore
{
    private async Task<ApiResult?> RouteAsync(HttpContext context, string method, string path, DateTimeOffset now, CancellationToken cancellationToken)
    {
        string[] segments = path.Trim('/').Split('/');
        if (method == "GET" && Discovery(path, segments, context.Request.Headers.Accept.ToString()) is { } document)
        {
            return document;
        }

        ApiRequest request = Parse(context, method, segments, now);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.ContentType = context.Request.ContentType ?? string.Empty;
            request.Body = await ReadBodyAsync(context, cancellationToken).ConfigureAwait(false);
        }
        else if (method == "DELETE")
        {
            request.Body = await ReadBodyAsync(context, cancellationToken).ConfigureAwait(false);
        }

        if (method == "GET" && request.Name is null && request.Flag("watch"))
        {
            await WatchAsync(request, cancellationToken).ConfigureAwait(false);
            return null;
        }

        lock (Store.Sync)
        {
            return Dispatch(request);
        }
    }

    private ApiRequest Parse(HttpContext context, string method, string[] segments, DateTimeOffset now)
    {
        string group;
        string version;
        int rest;
        if (segments.Length >= 3 && segments[0] == "api")
        {
            (group, version, rest) = (string.Empty, segments[1], 2);
        }
        else if (segments.Length >= 4 && segments[0] == "apis")
        {
            (group, version, rest) = (segments[1], segments[2], 3);
        }
        else
        {
            throw KubeApiException.NoResource();
        }

        string? ns = null;
        ReadOnlySpan<string> tail = segments.AsSpan(rest);

        // /namespaces/{ns}/{plural}/... is a namespaced resource; /namespaces/{name}[/status|/finalize] is a Namespace.
        if (tail.Length >= 3 && tail[0] == "namespaces" && !(tail.Length == 3 && tail[2] is "status" or "finalize"))
        {
            ns = tail[1];
            tail = tail[2..];
        }

        if (tail.Length is 0 or > 3)
        {
            throw KubeApiException.NoResource();
        }

        ResourceType type;
        lock (Store.Sync)
        {
            type = Catalog.Find(group, version, tail[0]) ?? throw KubeApiException.NoResource();
        }

        if (ns is not null && !type.Namespaced)
        {
            throw KubeApiException.NoResource();
        }

        string? subresource = tail.Length == 3 ? tail[2] : null;
        bool knownSubresource = subresource is null
            || (subresource == "status" && type.HasStatus)
            || (subresource == "token" && type.Plural == "serviceaccounts" && type.Group.Length == 0)
            || (subresource == "finalize" && type.Plural == "namespaces")
            || (subresource == "scale" && HasScale(type));
        if (!knownSubresource)
        {
            throw KubeApiException.NoResource();
        }

        return new ApiRequest
        {
            Http = context,
            Method = method,
            Type = type,
            Namespace = ns,
            Name = tail.Length >= 2 ? tail[1] : null,
            Subresource = subresource,
            Now = now,
        };
    }

    /// <summary>Runs a resource request; the caller holds the store lock.</summary>
    private ApiResult Dispatch(ApiRequest request)
    {
        ResourceType type = request.Type;
        if (type.Namespaced && request.Namespace is null && request.Method != "GET")
        {
            throw KubeApiException.NoResource();
        }

        if (!type.Stored)
        {
            return request.Method == "POST" && request.Name is null
                ? TokenReview(request)
                : throw KubeApiException.MethodNotAllowed($"the server does not allow this method on the requested resource");
        }

        if (request.Subresource == "scale")
        {
            return Scale(request, request.Name!);
        }

        if (request.Subresource == "token")
        {
            return request.Method == "POST" ? TokenRequest(request) : throw KubeApiException.MethodNotAllowed("the server does not allow this method on the requested resource");
        }

        return (request.Method, request.Name) switch
        {
            ("GET", null) => List(request),
            ("GET", { } name) => ApiResult.Of(200, Require(type, request.Namespace, name)),
            ("POST", null) => ApiResult.Of(201, Create(type, request.Namespace, Body(request), request.Now, request.Write)),
            ("PUT", { } name) => Replace(request, name),
            ("PATCH", { } name) => Patch(request, name),
            ("DELETE", { } name) => Delete(request, name),
            ("DELETE", null) => DeleteCollection(request),
            _ => throw KubeApiException.MethodNotAllowed("the server does not allow this method on the requested resource"),
        };
    }

    private static JsonObject Body(ApiRequest request) =>
        request.Body as JsonObject ?? throw KubeApiException.BadRequest("the request body must be a JSON object");

    private StoredObject Require(ResourceType type, string? ns, string name) =>
        Store.Get(type, ns, name) ?? throw KubeApiException.NotFound(type, name);
}
