// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Vault.Kubernetes.Operator.Diagnostics;

namespace Vault.Kubernetes.Operator.Kube;

/// <summary>List, then watch from the list's resourceVersion; relist on 410 Gone; reconnect with jittered backoff. Holds no objects itself.</summary>
/// <remarks>
/// The handler sees each object as it arrives and keeps only what it needs (the controller keeps a few fields per resource), so watching
/// owned Secrets costs no full-object cache. After each (re)list, <c>onListed</c> receives the keys present, so deletions missed while
/// disconnected are noticed.
/// </remarks>
internal sealed class KubeWatcher
{
    private const int PageSize = 500;
    private readonly KubeApiClient _api;
    private readonly string _collectionPath;
    private readonly string? _labelSelector;
    private readonly Func<string, JsonObject, CancellationToken, Task> _onEvent;
    private readonly Func<IReadOnlySet<string>, CancellationToken, Task> _onListed;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _firstList = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public KubeWatcher(
        KubeApiClient api,
        string collectionPath,
        string? labelSelector,
        Func<string, JsonObject, CancellationToken, Task> onEvent,
        Func<IReadOnlySet<string>, CancellationToken, Task> onListed,
        ILogger logger)
    {
        _api = api;
        _collectionPath = collectionPath;
        _labelSelector = labelSelector;
        _onEvent = onEvent;
        _onListed = onListed;
        _logger = logger;
    }

    /// <summary>Gets a task that completes once the first full list has been handled.</summary>
    public Task FirstList => _firstList.Task;

    /// <summary>Runs until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        int failures = 0;
        string? resourceVersion = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                resourceVersion ??= await ListAsync(cancellationToken).ConfigureAwait(false);
                _firstList.TrySetResult();
                string path = Query(("watch", "1"), ("allowWatchBookmarks", "true"), ("resourceVersion", resourceVersion), ("timeoutSeconds", "300"));
                await foreach ((string type, JsonObject obj) in _api.WatchAsync(path, cancellationToken).ConfigureAwait(false))
                {
                    failures = 0;
                    resourceVersion = (string?)obj["metadata"]?["resourceVersion"] ?? resourceVersion;
                    if (type != "BOOKMARK")
                    {
                        await _onEvent(type, obj, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (KubeApiException ex) when (ex.StatusCode == 410)
            {
                // History compacted past our resourceVersion: start over from a fresh list.
                resourceVersion = null;
            }
            catch (Exception ex) when (ex is KubeApiException or HttpRequestException or IOException or System.Text.Json.JsonException or TimeoutException or OperationCanceledException)
            {
                failures++;
                TimeSpan delay = TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(failures, 8))) * (0.8 + (0.4 * Random.Shared.NextDouble())));
                _logger.WatchFailed(_collectionPath, delay, ex.Message);
                try
                {
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<string> ListAsync(CancellationToken cancellationToken)
    {
        var present = new HashSet<string>(StringComparer.Ordinal);
        string? continueToken = null;
        string resourceVersion;
        do
        {
            string path = Query(("limit", PageSize.ToString(CultureInfo.InvariantCulture)), ("continue", continueToken));
            JsonObject list = await _api.GetAsync(path, cancellationToken).ConfigureAwait(false)
                ?? throw new KubeApiException(404, "NotFound", $"{_collectionPath} is not served (is the CRD installed?)");
            resourceVersion = (string?)list["metadata"]?["resourceVersion"] ?? "0";
            continueToken = (string?)list["metadata"]?["continue"];
            if (list["items"] is JsonArray items)
            {
                foreach (JsonNode? node in items)
                {
                    if (node is JsonObject obj)
                    {
                        present.Add(KubeObject.Key(obj));
                        await _onEvent("ADDED", obj, cancellationToken).ConfigureAwait(false);
                    }
                }

                // Let the page go: 10,000 objects need not all be alive at once.
                items.Clear();
            }
        }
        while (!string.IsNullOrEmpty(continueToken));

        await _onListed(present, cancellationToken).ConfigureAwait(false);
        return resourceVersion;
    }

    private string Query(params (string Name, string? Value)[] parameters)
    {
        var query = new List<string>();
        if (_labelSelector is not null)
        {
            query.Add("labelSelector=" + Uri.EscapeDataString(_labelSelector));
        }

        foreach ((string name, string? value) in parameters)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        return query.Count == 0 ? _collectionPath : _collectionPath + "?" + string.Join('&', query);
    }
}
