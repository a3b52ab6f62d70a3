// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Vault.Kubernetes.Operator.Diagnostics;
using Vault.Kubernetes.Operator.Kube;
using Vault.Kubernetes.Operator.Resources;

namespace Vault.Kubernetes.Operator.Controller;

/// <summary>Records core/v1 Events about resources; the message never holds a secret value (callers pass paths, names and Vault's error text).</summary>
internal sealed class EventRecorder
{
    private const string Component = "vault-operator-dotnet";
    private readonly KubeApiClient _api;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public EventRecorder(KubeApiClient api, TimeProvider time, ILogger logger)
    {
        _api = api;
        _time = time;
        _logger = logger;
    }

    /// <summary>Records an Event unless it repeats the resource's previous one (a long outage must not flood the API server).</summary>
    public async Task RecordAsync(ResourceRecord record, string reason, string message, bool warning, CancellationToken cancellationToken)
    {
        string fingerprint = reason + "\n" + message;
        if (record.LastEvent == fingerprint)
        {
            return;
        }

        record.LastEvent = fingerprint;
        SyncResource resource = record.Resource;
        string now = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var body = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["generateName"] = resource.Name + ".", ["namespace"] = resource.Namespace },
            ["involvedObject"] = new JsonObject
            {
                ["apiVersion"] = KubePaths.ApiVersion,
                ["kind"] = resource.Kind.Kind,
                ["namespace"] = resource.Namespace,
                ["name"] = resource.Name,
                ["uid"] = resource.Uid,
            },
            ["reason"] = reason,
            ["message"] = message.Length > 1000 ? message[..1000] : message,
            ["type"] = warning ? "Warning" : "Normal",
            ["source"] = new JsonObject { ["component"] = Component },
            ["reportingComponent"] = Component,
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["count"] = 1,
        };
        try
        {
            await _api.CreateAsync(KubePaths.Events(resource.Namespace), body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is KubeApiException or HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Events are best effort: a lost one must not fail a reconcile.
            _logger.EventWriteFailed(resource.TargetName, reason, ex.Message);
        }
    }
}
