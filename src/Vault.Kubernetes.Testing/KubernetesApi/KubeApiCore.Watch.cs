// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace Vault.Kubernetes.Testing.KubernetesApi;

/// <summary>
/// <c>?watch=true</c>: one JSON event per line, flushed as it happens. A missing or "0" resourceVersion replays the
/// current objects as ADDED; a newer one resumes from the bounded history, and one older than the history gets a single
/// ERROR event with a 410 Expired Status (as the API server's watch cache answers). <c>timeoutSeconds</c> runs on the server clock.
/// </summary>
internal sealed partial class KubeApiCore
{
    private async Task WatchAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ResourceType type = request.Type;
        var labels = LabelSelector.Parse(request.Query("labelSelector"));
        var fields = FieldSelector.Parse(request.Query("fieldSelector"), type);
        string? version = request.Query("resourceVersion");
        long? from = null;
        if (version is not null && version != "0")
        {
            from = long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out long parsed)
                ? parsed
                : throw KubeApiException.BadRequest($"invalid resource version: {version}");
        }

        Watcher? watcher;
        long oldest;
        long current;
        lock (Store.Sync)
        {
            watcher = Store.Watch(type, request.Namespace, obj => labels.Matches(obj) && fields.Matches(obj), from, out oldest);
            current = Store.ResourceVersion;
        }

        var response = request.Http.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-cache, private";
        await response.StartAsync(cancellationToken).ConfigureAwait(false);

        // Headers go out at once, as the API server flushes them: clients return from the call before any event.
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (watcher is null)
        {
            var expired = ApiResult.Status(KubeApiException.Gone($"too old resource version: {from} ({oldest})"));
            await WriteLineAsync(response.Body, Watcher.Line("ERROR", expired.Body), cancellationToken).ConfigureAwait(false);
            return;
        }

        using (watcher)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, watcher.Dropped);
            if (request.Query("timeoutSeconds") is { } seconds && int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out int limit) && limit > 0)
            {
                _ = CloseAfterAsync(timeout, TimeSpan.FromSeconds(limit));
            }

            try
            {
                if (request.Flag("allowWatchBookmarks"))
                {
                    // An early bookmark tells the client where it stands, and unblocks clients that wait for a first line.
                    await WriteLineAsync(response.Body, Bookmark(type, current), timeout.Token).ConfigureAwait(false);
                }

                await foreach (byte[] line in watcher.Lines.Reader.ReadAllAsync(timeout.Token).ConfigureAwait(false))
                {
                    await WriteLineAsync(response.Body, line, timeout.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                if (watcher.Dropped.IsCancellationRequested)
                {
                    request.Http.Abort();
                }
            }
            finally
            {
                lock (Store.Sync)
                {
                    Store.Unwatch(watcher);
                }
            }
        }
    }

    private static byte[] Bookmark(ResourceType type, long resourceVersion)
    {
        var obj = new JsonObject
        {
            ["kind"] = type.Kind,
            ["apiVersion"] = type.GroupVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) },
        };
        return Watcher.Line("BOOKMARK", Encoding.UTF8.GetBytes(KubeJson.Write(obj)));
    }

    private static async Task WriteLineAsync(System.IO.Stream body, byte[] line, CancellationToken cancellationToken)
    {
        await body.WriteAsync(line, cancellationToken).ConfigureAwait(false);
        await body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task CloseAfterAsync(CancellationTokenSource source, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, Clock, source.Token).ConfigureAwait(false);
            await source.CancelAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The watch ended first.
        }
        catch (ObjectDisposedException)
        {
            // The watch ended first and disposed its token source.
        }
    }
}
