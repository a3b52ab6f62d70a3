// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Operator.Diagnostics;
using Vault.Kubernetes.Operator.Kube;
using Vault.Kubernetes.Operator.Resources;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Operator.Controller;

/// <summary>The reconcile loop: each VaultStaticSecret or VaultDynamicSecret becomes a target in Core's sync engine, written to its Secret by the sink.</summary>
/// <remarks>
/// <para>
/// The host adapts, it does not schedule: lease renewal, re-issue, KV version checks, backoff and last-known-good come from the engine.
/// The controller turns watch events into targets, engine writes into Secret writes and rollout restarts, and engine state into
/// status conditions and Events. Status is written only when it differs from what was last written, so a refresh that finds nothing
/// new costs no API write.
/// </para>
/// <para>
/// Memory: only owned Secrets are watched (label selector), and no object is kept after its event is handled; per resource the
/// controller keeps a <see cref="ResourceRecord"/>.
/// </para>
/// </remarks>
internal sealed class SecretController : IAsyncDisposable
{
    private readonly KubeApiClient _api;
    private readonly ControllerOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Func<double>? _random;
    private readonly OperatorMetrics _metrics;
    private readonly VaultSessionCache _sessions;
    private readonly IdentityResolver _identities;
    private readonly DestinationWriter _writer;
    private readonly RolloutRestarter _restarter;
    private readonly EventRecorder _events;
    private readonly ConcurrentDictionary<string, ResourceRecord> _records = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _targetsByUid = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, SecretSyncEngine> _engines = new();
    private readonly ConcurrentDictionary<string, byte> _ownedSecrets = new(StringComparer.Ordinal);
    private readonly Channel<string> _statusQueue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, byte> _statusPending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _applyLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[]? _hashKey;
    private readonly Lock _backlogLock = new();
    private int _statusBacklog;
    private TaskCompletionSource _statusIdle = CompletedSignal();

    public SecretController(KubeApiClient api, ControllerOptions options, ILoggerFactory loggerFactory, TimeProvider? time = null, Func<double>? random = null)
    {
        _api = api;
        _options = options;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SecretController>();
        _time = time ?? TimeProvider.System;
        _random = random;
        _metrics = new OperatorMetrics(() => _records.Count);
        _sessions = new VaultSessionCache(new VaultSessionCacheOptions { IdleTimeout = options.SessionIdleTimeout }, loggerFactory, _time, random);
        _identities = new IdentityResolver(api, options.OperatorNamespace, options.VaultRequestRetries);
        _writer = new DestinationWriter(api);
        _restarter = new RolloutRestarter(api, _time);
        _events = new EventRecorder(api, _time, _logger);
    }

    /// <summary>Gets a task that completes once every watch has listed and the resources are tracked (readiness).</summary>
    public Task Ready => _ready.Task;

    /// <summary>Gets the number of resources tracked.</summary>
    public int ResourceCount => _records.Count;

    /// <summary>Gets the engines (one per renewal percent), for tests and diagnostics.</summary>
    internal IReadOnlyCollection<SecretSyncEngine> Engines => _engines.Values.ToArray();

    /// <summary>Gets the session cache, for tests and diagnostics.</summary>
    internal VaultSessionCache Sessions => _sessions;

    /// <summary>Returns a task that completes when every engine is idle and every pending status has been written.</summary>
    internal async Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        // Engine writes enqueue status updates and status updates never wake the engine, so a few rounds settle both.
        for (int round = 0; round < 100; round++)
        {
            // Sessions first: a renewal or login the clock started must finish before the engines' state means anything.
            await _sessions.WhenIdleAsync(cancellationToken).ConfigureAwait(false);
            foreach (SecretSyncEngine engine in _engines.Values)
            {
                await engine.WhenIdleAsync(cancellationToken).ConfigureAwait(false);
            }

            Task statusIdle;
            lock (_backlogLock)
            {
                statusIdle = _statusIdle.Task;
            }

            await statusIdle.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (_engines.Values.All(e => e.WhenIdleAsync(cancellationToken).IsCompleted) && _sessions.WhenIdleAsync(cancellationToken).IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>Watches until cancelled: VaultConnections and VaultAuths first, then owned Secrets, then the secret resources.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        CancellationToken ct = linked.Token;
        _hashKey = await LoadHashKeyAsync(ct).ConfigureAwait(false);
        Task status = WriteStatusesAsync(ct);
        var connections = Watcher(KubePaths.Custom("vaultconnections"), null, (type, obj, _) => OnReferenceAsync(type, obj, connection: true));
        var auths = Watcher(KubePaths.Custom("vaultauths"), null, (type, obj, _) => OnReferenceAsync(type, obj, connection: false));
        var secrets = Watcher("api/v1/secrets", DestinationWriter.OwnedSelector, OnSecretAsync, OnSecretsListedAsync);
        var statics = Watcher(KubePaths.Custom(ResourceKind.Static.Plural), null, (t, o, c) => OnResourceAsync(ResourceKind.Static, t, o, c));
        var dynamics = Watcher(KubePaths.Custom(ResourceKind.Dynamic.Plural), null, (t, o, c) => OnResourceAsync(ResourceKind.Dynamic, t, o, c));
        var running = new List<Task> { status };

        // References and owned Secrets are known before any resource is tracked, so the first reconcile can resolve and trust status.secretMAC.
        foreach (KubeWatcher watcher in new[] { connections, auths, secrets })
        {
            running.Add(watcher.RunAsync(ct));
            await Task.WhenAny(watcher.FirstList, Task.Delay(Timeout.Infinite, ct)).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
        }

        running.Add(statics.RunAsync(ct));
        running.Add(dynamics.RunAsync(ct));
        _ = Task.WhenAll(statics.FirstList, dynamics.FirstList).ContinueWith(_ => _ready.TrySetResult(), TaskScheduler.Default);
        try
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (SecretSyncEngine engine in _engines.Values)
        {
            await engine.DisposeAsync().ConfigureAwait(false);
        }

        await _sessions.DisposeAsync().ConfigureAwait(false);
        _metrics.Dispose();
        _stopping.Dispose();
    }

    /// <summary>The sink's write: under the resource's write lock, write the Secret, then restart targets if the content really changed.</summary>
    internal async Task WriteDestinationAsync(SecretTargetContent content, CancellationToken cancellationToken)
    {
        if (!_records.TryGetValue(content.Target.Name, out ResourceRecord? record) || record.Removed)
        {
            return;
        }

        SyncResource resource = record.Resource;
        await record.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            SortedDictionary<string, string> data = SecretData.Build(content, resource.Destination);
            long started = Stopwatch.GetTimestamp();
            try
            {
                await _writer.WriteAsync(resource, data, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is KubeApiException or InvalidOperationException or HttpRequestException)
            {
                record.WriteError = ex.Message;
                _metrics.Errors.Add(1, new(nameof(resource.Kind), resource.Kind.Kind), new("reason", Reasons.SecretWriteError));
                _logger.SecretWriteFailed(resource.TargetName, resource.Namespace, resource.Destination.Name, ex.Message);
                await _events.RecordAsync(record, Reasons.SecretWriteError, ex.Message, warning: true, cancellationToken).ConfigureAwait(false);
                EnqueueStatus(resource.TargetName);
                throw;
            }

            _metrics.WriteDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            _metrics.SecretWrites.Add(1, new("kind", resource.Kind.Kind), new("cause", "sync"));
            record.WriteError = null;
            string? previous = record.DestinationHash;
            record.DestinationHash = content.ContentHash;
            _logger.SecretWritten(resource.TargetName, resource.Namespace, resource.Destination.Name, data.Count);
            await _events.RecordAsync(record, Reasons.SecretSynced, $"Secret {resource.Destination.Name} written ({data.Count} keys).", warning: false, cancellationToken).ConfigureAwait(false);

            // A first sync is not a change (VSO's rule); with hmacSecretData off VSO cannot tell changes apart, so it never restarts.
            if (previous is not null && previous != content.ContentHash && resource.HmacSecretData)
            {
                await RestartTargetsAsync(record, cancellationToken).ConfigureAwait(false);
            }

            // No status write here: the engine has not yet marked the spec synced, so a status now would say Pending and the
            // engine's Changed event right after would write it again. That event writes it once, with secretMAC.
        }
        finally
        {
            record.WriteLock.Release();
        }
    }

    private KubeWatcher Watcher(string path, string? selector, Func<string, JsonObject, CancellationToken, Task> onEvent, Func<IReadOnlySet<string>, CancellationToken, Task>? onListed = null) =>
        new(_api, path, selector, onEvent, onListed ?? ((_, _) => Task.CompletedTask), _logger);

    private async Task OnReferenceAsync(string type, JsonObject obj, bool connection)
    {
        bool deleted = type == "DELETED";
        if (connection)
        {
            _identities.SetConnection(obj, deleted);
        }
        else
        {
            _identities.SetAuth(obj, deleted);
        }

        // Resources waiting for this reference, or using an older version of it, are resolved again.
        if (_ready.Task.IsCompleted)
        {
            foreach (ResourceRecord record in _records.Values)
            {
                await ApplyAsync(record, record.Resource, force: true, _stopping.Token).ConfigureAwait(false);
            }
        }
    }

    private async Task OnResourceAsync(ResourceKind kind, string type, JsonObject obj, CancellationToken cancellationToken)
    {
        string targetName = $"{kind.Kind}/{KubeObject.Namespace(obj)}/{KubeObject.Name(obj)}";
        _metrics.Reconciles.Add(1, new("kind", kind.Kind), new("event", type));
        try
        {
            if (type == "DELETED")
            {
                await RemoveAsync(targetName, revoke: false, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (KubeObject.IsDeleting(obj))
            {
                if (KubeObject.HasFinalizer(obj, kind.Finalizer))
                {
                    bool revoked = await RemoveAsync(targetName, revoke: true, cancellationToken).ConfigureAwait(false);
                    await SetFinalizerAsync(kind, obj, add: false, cancellationToken).ConfigureAwait(false);
                    _logger.ResourceRemoved(targetName, revoked);
                }

                return;
            }

            SyncResource resource;
            try
            {
                resource = SpecParser.Parse(kind, obj);
            }
            catch (SpecException ex)
            {
                resource = Placeholder(kind, obj);
                ResourceRecord invalid = _records.GetOrAdd(targetName, _ => new ResourceRecord(resource));
                invalid.Resource = resource;
                await FailSpecAsync(invalid, ex, cancellationToken).ConfigureAwait(false);
                return;
            }

            // Revoke on delete needs a finalizer so the leases are revoked before the object goes.
            if (resource.Revoke && !KubeObject.HasFinalizer(obj, kind.Finalizer))
            {
                await SetFinalizerAsync(kind, obj, add: true, cancellationToken).ConfigureAwait(false);
            }

            ResourceRecord record = _records.GetOrAdd(targetName, _ => new ResourceRecord(resource) { DestinationHash = KnownHash(resource) });
            _targetsByUid[resource.Uid] = targetName;
            await ApplyAsync(record, resource, force: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is KubeApiException or HttpRequestException or IOException)
        {
            // The next watch event (or the engine's own retries) reconciles it again.
            _logger.ReconcileFailed(targetName, ex.Message);
        }
    }

    private async Task ApplyAsync(ResourceRecord record, SyncResource resource, bool force, CancellationToken cancellationToken)
    {
        await _applyLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (record.Removed)
            {
                return;
            }

            bool unchangedSpec = record.Engine is not null && record.Resource.Generation == resource.Generation && record.Resource.Uid == resource.Uid && !force;
            if (unchangedSpec)
            {
                return;
            }

            VaultIdentity identity;
            try
            {
                identity = await _identities.ResolveAsync(resource, cancellationToken).ConfigureAwait(false);
            }
            catch (SpecException ex)
            {
                record.Resource = resource;
                await FailSpecAsync(record, ex, cancellationToken).ConfigureAwait(false);
                return;
            }

            SecretSyncEngine engine = EngineFor(resource.RenewalPercent);
            if (record.Engine == engine && Equals(record.Identity, identity) && record.Resource.Generation == resource.Generation && record.Resource.Uid == resource.Uid && record.SpecError is null)
            {
                return;
            }

            if (record.Engine is not null && record.Engine != engine)
            {
                await record.Engine.RemoveAsync(resource.TargetName, cancellationToken).ConfigureAwait(false);
            }

            bool hadSpecError = record.SpecError is not null;
            record.Resource = resource;
            record.SpecError = null;
            record.Identity = identity;
            record.Engine = engine;
            var specs = new SecretSpec[resource.Paths.Count];
            for (int i = 0; i < specs.Length; i++)
            {
                VaultPathSpec path = resource.Paths[i];
                specs[i] = new SecretSpec(i == 0 ? "path" : $"path{i}", path.FullPath, path.Kind)
                {
                    Version = path.Version,
                    UseWrite = path.UseWrite,
                    Body = path.Params,
                    RefreshInterval = resource.RefreshAfter ?? (path.Kind is SecretSourceKind.KvV1 or SecretSourceKind.KvV2 ? _options.DefaultRefreshInterval : null),
                };
            }

            _logger.ResourceTracked(resource.TargetName, specs.Length, identity.Subject);
            engine.AddOrUpdate(new SecretSyncTarget(resource.TargetName, specs, identity)
            {
                KnownContentHash = record.DestinationHash,
                RevokeOnRemove = resource.Revoke,
            });
            if (hadSpecError)
            {
                EnqueueStatus(resource.TargetName);
            }
        }
        finally
        {
            _applyLock.Release();
        }
    }

    private string? KnownHash(SyncResource resource)
    {
        // status.secretMAC only says what the Secret holds if the Secret is still there; an owned Secret deleted while the operator was down is written again.
        if (resource.SecretMac is null || (resource.Destination.Create && !_ownedSecrets.ContainsKey(resource.Namespace + "/" + resource.Destination.Name)))
        {
            return null;
        }

        return resource.SecretMac;
    }

    private async Task FailSpecAsync(ResourceRecord record, SpecException error, CancellationToken cancellationToken)
    {
        bool known = record.SpecError?.Message == error.Message;
        record.SpecError = error;
        if (known)
        {
            return;
        }

        _logger.ResourceInvalid(record.Resource.TargetName, error.Message);
        _metrics.Errors.Add(1, new("kind", record.Resource.Kind.Kind), new("reason", Reasons.InvalidSpec));
        if (record.Engine is { } engine)
        {
            // The last good Secret stays; the engine stops refreshing it until the spec is fixed.
            record.Engine = null;
            await engine.RemoveAsync(record.Resource.TargetName, cancellationToken).ConfigureAwait(false);
        }

        await _events.RecordAsync(record, Reasons.InvalidSpec, error.Message, warning: true, cancellationToken).ConfigureAwait(false);
        EnqueueStatus(record.Resource.TargetName);
    }

    private async Task<bool> RemoveAsync(string targetName, bool revoke, CancellationToken cancellationToken)
    {
        if (!_records.TryRemove(targetName, out ResourceRecord? record))
        {
            return false;
        }

        record.Removed = true;
        _targetsByUid.TryRemove(record.Resource.Uid, out _);
        if (record.Engine is { } engine)
        {
            // RevokeOnRemove was set from spec.revoke when the target was added; the Removed event says whether revoking failed.
            Exception? revokeFailure = null;
            void OnRemoved(object? sender, SecretSyncEventArgs e)
            {
                if (e.Kind == SecretSyncEventKind.Removed && e.TargetName == targetName && e.Error is not null)
                {
                    revokeFailure ??= e.Error;
                }
            }

            engine.SyncEvent += OnRemoved;
            try
            {
                await engine.RemoveAsync(targetName, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                engine.SyncEvent -= OnRemoved;
            }

            if (revoke && record.Resource.Revoke && revokeFailure is null)
            {
                await _events.RecordAsync(record, Reasons.LeasesRevoked, "Leases revoked on deletion.", warning: false, cancellationToken).ConfigureAwait(false);
                return true;
            }

            if (revoke && record.Resource.Revoke)
            {
                // Vault's message names the path and status (often a policy without sys/leases/revoke), never a value.
                await _events.RecordAsync(record, Reasons.LeaseRevokeFailed, $"Revoking the leases on deletion failed; they expire at the end of their TTL: {revokeFailure!.Message}", warning: true, cancellationToken).ConfigureAwait(false);
            }
        }

        return false;
    }

    private async Task SetFinalizerAsync(ResourceKind kind, JsonObject obj, bool add, CancellationToken cancellationToken)
    {
        List<string> finalizers = KubeObject.Finalizers(obj).Where(f => f != kind.Finalizer).ToList();
        if (add)
        {
            finalizers.Add(kind.Finalizer);
        }

        // resourceVersion makes it conditional: a concurrent change to the list wins, and its watch event brings us back here.
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)f).ToArray()),
                ["resourceVersion"] = (string?)obj["metadata"]?["resourceVersion"],
            },
        };
        try
        {
            await _api.PatchAsync(KubePaths.Custom(kind.Plural, KubeObject.Namespace(obj), KubeObject.Name(obj)), patch, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException ex) when (ex.StatusCode is 404 or 409)
        {
        }
    }

    private async Task OnSecretAsync(string type, JsonObject secret, CancellationToken cancellationToken)
    {
        string key = KubeObject.Key(secret);
        if (type == "DELETED")
        {
            _ownedSecrets.TryRemove(key, out _);
        }
        else
        {
            _ownedSecrets[key] = 0;
        }

        if (KubeObject.Label(secret, DestinationWriter.OwnerUidLabel) is not { } uid
            || !_targetsByUid.TryGetValue(uid, out string? targetName)
            || !_records.TryGetValue(targetName, out ResourceRecord? record)
            || record.Engine is not { } engine
            || record.Resource.Destination.Name != KubeObject.Name(secret))
        {
            return;
        }

        if (type == "DELETED")
        {
            await RestoreAsync(record, engine, "deleted", cancellationToken).ConfigureAwait(false);
            return;
        }

        SecretTargetContent? content = engine.GetTarget(targetName);
        if (content is not null && content.ContentHash == record.DestinationHash && !SecretData.Matches(secret, SecretData.Build(content, record.Resource.Destination)))
        {
            await RestoreAsync(record, engine, "edited", cancellationToken).ConfigureAwait(false);
        }
    }

    private Task OnSecretsListedAsync(IReadOnlySet<string> present, CancellationToken cancellationToken)
    {
        foreach (string key in _ownedSecrets.Keys)
        {
            if (!present.Contains(key))
            {
                _ownedSecrets.TryRemove(key, out _);
            }
        }

        return Task.CompletedTask;
    }

    private async Task RestoreAsync(ResourceRecord record, SecretSyncEngine engine, string change, CancellationToken cancellationToken)
    {
        SyncResource resource = record.Resource;
        await record.WriteLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Only the content the Secret is known to hold is put back; newer content is on its way through the sink.
            SecretTargetContent? content = engine.GetTarget(resource.TargetName);
            if (record.Removed || content is null || content.ContentHash != record.DestinationHash)
            {
                return;
            }

            await _writer.WriteAsync(resource, SecretData.Build(content, resource.Destination), cancellationToken).ConfigureAwait(false);
            _metrics.SecretWrites.Add(1, new("kind", resource.Kind.Kind), new("cause", "restore"));
            _logger.SecretRestored(resource.TargetName, resource.Namespace, resource.Destination.Name, change);
            await _events.RecordAsync(record, Reasons.SecretRestored, $"Secret {resource.Destination.Name} was {change}; put back.", warning: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is KubeApiException or InvalidOperationException or HttpRequestException)
        {
            _logger.SecretWriteFailed(resource.TargetName, resource.Namespace, resource.Destination.Name, ex.Message);
        }
        finally
        {
            record.WriteLock.Release();
        }
    }

    private async Task RestartTargetsAsync(ResourceRecord record, CancellationToken cancellationToken)
    {
        SyncResource resource = record.Resource;
        foreach (RolloutTarget target in resource.RolloutRestartTargets)
        {
            try
            {
                await _restarter.RestartAsync(resource.Namespace, target, cancellationToken).ConfigureAwait(false);
                _metrics.Restarts.Add(1, new KeyValuePair<string, object?>("kind", target.Kind));
                _logger.RolloutRestarted(resource.TargetName, target.Kind, target.Name);
                await _events.RecordAsync(record, Reasons.RolloutRestartTriggered, $"Rollout restart of {target.Kind} {target.Name}.", warning: false, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is KubeApiException or HttpRequestException)
            {
                _logger.RolloutRestartFailed(resource.TargetName, target.Kind, target.Name, ex.Message);
                await _events.RecordAsync(record, Reasons.RolloutRestartFailed, $"Rollout restart of {target.Kind} {target.Name} failed: {ex.Message}", warning: true, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private SecretSyncEngine EngineFor(int renewalPercent) => _engines.GetOrAdd(renewalPercent, percent =>
    {
        var engine = new SecretSyncEngine(_sessions, new DestinationSink(this), new SecretSyncEngineOptions
        {
            ContentHashKey = _hashKey,
            MaxConcurrency = _options.MaxConcurrency,
            RetryMinimum = _options.RetryMinimum,
            RetryMaximum = _options.RetryMaximum,
            LeasePlan = { RenewFraction = percent / 100.0, RefreshInterval = _options.DefaultRefreshInterval },
        }, _loggerFactory, _time, _random);
        engine.SyncEvent += OnSyncEvent;
        return engine;
    });

    private void OnSyncEvent(object? sender, SecretSyncEventArgs e)
    {
        if (!_records.TryGetValue(e.TargetName, out ResourceRecord? record))
        {
            return;
        }

        switch (e.Kind)
        {
            case SecretSyncEventKind.Failed:
                _metrics.Errors.Add(1, new("kind", record.Resource.Kind.Kind), new("reason", Reasons.VaultClientError));
                if (record.WriteError is null)
                {
                    // Vault's error text names the path and status, never a value; the write path records its own Event.
                    _ = _events.RecordAsync(record, Reasons.VaultClientError, e.Error?.Message ?? "Vault request failed.", warning: true, _stopping.Token);
                }

                EnqueueStatus(e.TargetName);
                break;
            case SecretSyncEventKind.Rotated:
                _ = _events.RecordAsync(record, Reasons.SecretRotated, $"New credentials issued for {record.Resource.Destination.Name} before the old lease expired.", warning: false, _stopping.Token);
                EnqueueStatus(e.TargetName);
                break;
            case SecretSyncEventKind.Changed or SecretSyncEventKind.Renewed:
                EnqueueStatus(e.TargetName);
                break;
            case SecretSyncEventKind.Unchanged when record.LastReady?.Status != "True":
                EnqueueStatus(e.TargetName);
                break;
        }
    }

    private void EnqueueStatus(string targetName)
    {
        if (_statusPending.TryAdd(targetName, 0))
        {
            lock (_backlogLock)
            {
                if (_statusBacklog++ == 0)
                {
                    _statusIdle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }

            _statusQueue.Writer.TryWrite(targetName);
        }
    }

    private async Task WriteStatusesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (string targetName in _statusQueue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                _statusPending.TryRemove(targetName, out _);
                try
                {
                    if (_records.TryGetValue(targetName, out ResourceRecord? record) && !record.Removed)
                    {
                        await WriteStatusAsync(record, cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    lock (_backlogLock)
                    {
                        if (--_statusBacklog == 0)
                        {
                            _statusIdle.TrySetResult();
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task WriteStatusAsync(ResourceRecord record, CancellationToken cancellationToken)
    {
        SyncResource resource = record.Resource;
        SecretTargetState? state = record.Engine?.GetTargetState(resource.TargetName);
        (string, string, string)? previousReady = record.LastReady;
        JsonObject status = StatusBuilder.Build(record, state, _time.GetUtcNow());
        string text = status.ToJsonString();
        if (text == record.LastStatus)
        {
            return;
        }

        try
        {
            await _api.PatchAsync(KubePaths.Custom(resource.Kind.Plural, resource.Namespace, resource.Name) + "/status", new JsonObject { ["status"] = status }, cancellationToken).ConfigureAwait(false);
            record.LastStatus = text;
            _metrics.StatusWrites.Add(1);
        }
        catch (Exception ex) when (ex is KubeApiException or HttpRequestException or IOException)
        {
            record.LastReady = previousReady;
            _logger.StatusWriteFailed(resource.TargetName, ex.Message);
        }
    }

    private async Task<byte[]> LoadHashKeyAsync(CancellationToken cancellationToken)
    {
        // One key for every replica and restart: status.secretMAC stays comparable, so a restart does not rewrite every Secret.
        string ns = _options.OperatorNamespace;
        for (int attempt = 0; ; attempt++)
        {
            JsonObject? secret = await _api.GetAsync(KubePaths.Secret(ns, _options.HmacKeySecretName), cancellationToken).ConfigureAwait(false);
            if ((string?)secret?["data"]?["key"] is { } encoded && Convert.FromBase64String(encoded) is { Length: >= 32 } key)
            {
                return key;
            }

            var body = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Secret",
                ["metadata"] = new JsonObject
                {
                    ["name"] = _options.HmacKeySecretName,
                    ["namespace"] = ns,
                    ["labels"] = new JsonObject { ["app.kubernetes.io/name"] = "vault-operator-dotnet", ["app.kubernetes.io/component"] = "hmac-key" },
                },
                ["immutable"] = true,
                ["data"] = new JsonObject { ["key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) },
            };
            try
            {
                await _api.CreateAsync(KubePaths.Secrets(ns), body, cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException ex) when (ex.StatusCode == 409 && attempt < 3)
            {
                // Another replica created it first: read theirs.
            }
        }
    }

    private static TaskCompletionSource CompletedSignal()
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        signal.SetResult();
        return signal;
    }

    private static SyncResource Placeholder(ResourceKind kind, JsonObject obj) => new()
    {
        Kind = kind,
        Namespace = KubeObject.Namespace(obj),
        Name = KubeObject.Name(obj),
        Uid = KubeObject.Uid(obj),
        Generation = KubeObject.Generation(obj),
        Paths = [],
        Destination = new Destination { Name = (string?)obj["spec"]?["destination"]?["name"] ?? string.Empty },
    };
}
