// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Configuration.Internal;
using Vault.Kubernetes.Leases;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Configuration;

/// <summary>Exposes Vault secrets as configuration and keeps them fresh: KV refresh, lease renewal and rotation, reload only on change.</summary>
/// <remarks>
/// The provider is one sync target of Core's engine: its secrets in declaration order (the merge order), read as the configured identity.
/// <see cref="Load"/> logs in once and reads every secret in parallel; the engine writes the target only when every secret is present, so
/// the data is swapped in one step. Afterwards, whenever the merged data really changes, a new dictionary replaces the old one and
/// <see cref="ConfigurationProvider.OnReload"/> fires. Never dump this provider's data (for example with
/// <c>IConfigurationRoot.GetDebugView()</c>) into logs: it holds secret values.
/// </remarks>
public sealed class VaultConfigurationProvider : ConfigurationProvider, IDisposable
{
    private readonly VaultConfigurationSource _source;
    private readonly VaultKubernetesOptions _options;
    private readonly ConfigurationDataSink _sink;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, (string Path, string Section)> _specs = new(StringComparer.Ordinal);
    private readonly Dictionary<int, IReadOnlyList<string>> _folders = [];
    private readonly SemaphoreSlim _listGate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private ExponentialBackoff? _listBackoff;
    private int _listFailures;
    private ITimer? _folderTimer;
    private Task _folderSync = Task.CompletedTask;
    private VaultSessionCache? _sessions;
    private VaultIdentity? _identity;
    private IVaultSecretSource? _listingSource;
    private SecretSyncEngine? _engine;
    private bool _loaded;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="VaultConfigurationProvider"/> class.</summary>
    /// <param name="source">The source that describes the Vault server, identity and secrets.</param>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is <see langword="null"/>.</exception>
    public VaultConfigurationProvider(VaultConfigurationSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _options = source.Options;
        _sink = new ConfigurationDataSink(OnDataMerged);
        _logger = (source.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<VaultConfigurationProvider>();
    }

    /// <summary>Occurs when a Vault-backed part of configuration changed, rotated, was renewed or failed to refresh; never carries values.</summary>
    public event EventHandler<VaultSecretChangedEventArgs>? SecretChanged;

    private string TargetName => _source.SectionName;

    /// <summary>Loads the secrets: on the first call, logs in and reads every secret; on later calls, re-lists folders and re-reads them all now.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid; every failure is listed with its configuration key.</exception>
    /// <exception cref="VaultConfigurationLoadException">A secret could not be read and <see cref="VaultKubernetesOptions.Optional"/> is off.</exception>
    public override void Load()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_engine is not null)
        {
            // IConfigurationRoot.Reload(): re-list folders and re-read everything now; the engine's schedules carry on afterwards.
            SecretSyncEngine engine = _engine;
            Task.Run(async () =>
            {
                await SyncFoldersAsync(CancellationToken.None).ConfigureAwait(false);
                await engine.SyncAllAsync().ConfigureAwait(false);
            }).GetAwaiter().GetResult();
            return;
        }

        ValidateOptionsResult validation = new VaultKubernetesOptionsValidator(_source.SectionName, _source.EnvironmentVariables).Validate(null, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(_source.SectionName, typeof(VaultKubernetesOptions), validation.Failures);
        }

        InitialLoad();
    }

    /// <summary>Returns the sync state of every secret, for health checks and diagnostics; it holds no secret values.</summary>
    /// <returns>One state per configured secret.</returns>
    public IReadOnlyList<SecretSyncState> GetSecretStates() => _engine?.GetStates() ?? [];

    /// <summary>Returns a task that completes when no secret is being read or renewed; useful in tests with a fake clock.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the provider's background work is idle.</returns>
    public async Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        await _folderSync.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_engine is { } engine)
        {
            await engine.WhenIdleAsync(cancellationToken).ConfigureAwait(false);
        }

        // The session's own work (a renewal or re-login the clock started) counts too; a re-login schedules re-issues in the engine.
        if (_sessions is { } sessions)
        {
            await sessions.WhenIdleAsync(cancellationToken).ConfigureAwait(false);
            if (_engine is { } after)
            {
                await after.WhenIdleAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Returns the provider's target state (health with its reason), or <see langword="null"/> before the first load.</summary>
    internal SecretTargetState? GetTargetState() => _engine?.GetTargetState(TargetName);

    /// <summary>Stops all background work and, when <see cref="VaultKubernetesOptions.RevokeOnShutdown"/> is set, revokes the leases and the token.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Task.Run(StopAsync).GetAwaiter().GetResult();
    }

    /// <inheritdoc/>
    public override string ToString() => $"{GetType().Name} ({_options.Secrets.Count} secret(s))";

    private void InitialLoad()
    {
        // Specs first: a template error fails start-up before anything connects or runs in the background.
        for (int i = 0; i < _options.Secrets.Count; i++)
        {
            if (!_options.Secrets[i].Recursive)
            {
                _ = CreateSpec(i);
            }
        }

        var engineOptions = new SecretSyncEngineOptions
        {
            MaxConcurrency = _options.MaxConcurrency,
            RevokeLeasesOnDispose = _options.RevokeOnShutdown,
            LeasePlan = { RefreshInterval = _options.RefreshInterval },
        };
        if (_source.SecretSource is { } secretSource)
        {
            _engine = new SecretSyncEngine(secretSource, _sink, engineOptions, _source.LoggerFactory, _source.TimeProvider, _source.Random);
        }
        else
        {
            // One identity: its session closes with the provider (revoking the token when asked), not after an idle period.
            _identity = VaultIdentity.FromOptions(_options, _source.EnvironmentVariables);
            var cacheOptions = new VaultSessionCacheOptions { IdleTimeout = TimeSpan.Zero, Session = { RevokeOnDispose = _options.RevokeOnShutdown } };
            _sessions = new VaultSessionCache(cacheOptions, _source.LoggerFactory, _source.TimeProvider, _source.Random);
            _engine = new SecretSyncEngine(_sessions, _sink, engineOptions, _source.LoggerFactory, _source.TimeProvider, _source.Random);
        }

        _engine.SyncEvent += OnSyncEvent;
        _listBackoff = new ExponentialBackoff(TimeSpan.FromSeconds(1), _options.RefreshInterval);

        SecretSyncEngine engine = _engine;
        string address = _options.ResolveAddress(_source.EnvironmentVariables) ?? "(the configured secret source)";
        KeyValuePair<string, string>[] failures = Task.Run(async () =>
        {
            using var startup = new StartupWait(engine, address, $"{_source.SectionName}:StartupTimeout", _options.StartupTimeout, _options.Optional, _source.TimeProvider, _logger);
            List<KeyValuePair<string, string>> listFailures = await ListFoldersAsync(startup.Deadline).ConfigureAwait(false);
            ApplyTarget();

            // A secret that was read but waits for a failed one is not a failure of its own.
            List<KeyValuePair<string, string>> readFailures = await startup.WaitAsync().ConfigureAwait(false);
            return readFailures.Concat(listFailures).ToArray();
        }).GetAwaiter().GetResult();
        _loaded = true;
        if (failures.Length > 0 && !_options.Optional)
        {
            Task.Run(StopAsync).GetAwaiter().GetResult();
            throw new VaultConfigurationLoadException(failures);
        }

        if (failures.Length > 0)
        {
            _logger.ConfigurationStartedWithout(failures.Length, string.Join(", ", failures.Select(f => f.Key)));
        }

        _logger.ConfigurationLoaded(_engine.GetStates().Count(s => s.HasValue), Data.Count);
        if (!_options.ReloadOnChange)
        {
            Task.Run(StopAsync).GetAwaiter().GetResult();
        }
        else if (_options.Secrets.Any(s => s.Recursive))
        {
            // Folders are re-listed on the refresh interval (sooner, with backoff, after a failed listing): secrets added under them appear, removed ones disappear.
            ScheduleFolderSync(_options.RefreshInterval);
        }
    }

    private SecretSpec CreateSpec(int index, string? relativePath = null)
    {
        VaultSecretOptions secret = _options.Secrets[index];
        SecretSpec spec = VaultSecretSpecs.Create(index, secret, _options.KeyPrefix, _source.SectionName, _options.Optional, relativePath);
        _specs[spec.Name] = (spec.Path, ConfigurationKeys.Combine(_options.KeyPrefix, secret.Section, relativePath));
        return spec;
    }

    /// <summary>Hands the engine the provider's target: every secret in declaration order, folders expanded in name order.</summary>
    private void ApplyTarget()
    {
        var specs = new List<SecretSpec>();
        for (int i = 0; i < _options.Secrets.Count; i++)
        {
            if (!_options.Secrets[i].Recursive)
            {
                specs.Add(CreateSpec(i));
            }
            else if (_folders.TryGetValue(i, out IReadOnlyList<string>? found))
            {
                specs.AddRange(found.Select(relative => CreateSpec(i, relative)));
            }
        }

        SecretSyncEngine? engine = _engine;
        if (engine is null)
        {
            return;
        }

        if (specs.Count == 0)
        {
            // Nothing to read (an empty folder): the destination holds no Vault keys.
            _ = engine.RemoveAsync(TargetName);
            return;
        }

        engine.AddOrUpdate(new SecretSyncTarget(TargetName, specs, _identity));
    }

    private void ScheduleFolderSync(TimeSpan delay)
    {
        // One-shot and re-armed after each run: listings never overlap.
        ITimer timer = _source.TimeProvider.CreateTimer(_ => _folderSync = SyncFoldersInBackgroundAsync(), null, delay, Timeout.InfiniteTimeSpan);
        Interlocked.Exchange(ref _folderTimer, timer)?.Dispose();
    }

    private async Task SyncFoldersInBackgroundAsync()
    {
        try
        {
            await SyncFoldersAsync(_stopping.Token).ConfigureAwait(false);
            TimeSpan next = _listFailures == 0 ? _options.RefreshInterval : _listBackoff!.GetDelay(_listFailures, (_source.Random ?? Random.Shared.NextDouble)());
            if (!_stopping.IsCancellationRequested)
            {
                ScheduleFolderSync(next);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>Re-lists each recursive folder and, when a listing changed, hands the engine the new target.</summary>
    private async Task SyncFoldersAsync(CancellationToken cancellationToken)
    {
        if (_options.Secrets.Any(s => s.Recursive) && _engine is not null)
        {
            List<KeyValuePair<string, string>> failures = await ListFoldersAsync(cancellationToken).ConfigureAwait(false);
            _listFailures = failures.Count == 0 ? 0 : _listFailures + 1;
        }
    }

    /// <summary>Lists each recursive folder; a folder that cannot be listed keeps its current secrets (last known good).</summary>
    /// <returns>The folders that could not be listed, with the reason.</returns>
    private async Task<List<KeyValuePair<string, string>>> ListFoldersAsync(CancellationToken cancellationToken)
    {
        var failures = new List<KeyValuePair<string, string>>();
        IVaultSecretSource? source = _source.SecretSource;
        await _listGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            bool changed = false;
            for (int i = 0; i < _options.Secrets.Count; i++)
            {
                VaultSecretOptions secret = _options.Secrets[i];
                if (!secret.Recursive)
                {
                    continue;
                }

                IReadOnlyList<string> found;
                try
                {
                    found = await KvFolderLister.ListAsync(source ?? ListingSource(), secret.Path!, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _logger.FolderListFailed(secret.Path!, ex.Message);
                    failures.Add(new KeyValuePair<string, string>(secret.Path!, ex.Message));
                    continue;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !_stopping.IsCancellationRequested)
                {
                    // The start-up timeout ran out while Vault said nothing.
                    failures.Add(new KeyValuePair<string, string>(secret.Path!, $"listing the folder did not finish within the start-up timeout ({_source.SectionName}:StartupTimeout)."));
                    continue;
                }

                if (!_folders.TryGetValue(i, out IReadOnlyList<string>? held) || !held.SequenceEqual(found, StringComparer.Ordinal))
                {
                    _folders[i] = found;
                    changed = true;
                }
            }

            if (changed && _loaded)
            {
                ApplyTarget();
            }
        }
        finally
        {
            _listGate.Release();
        }

        return failures;
    }

    // Listing reads as the provider's identity, through the session the engine shares.
    private IVaultSecretSource ListingSource() => _listingSource ??= new VaultSecretSource(_sessions!.Acquire(_identity!).Client, _source.TimeProvider);

    private async Task StopAsync()
    {
        Interlocked.Exchange(ref _folderTimer, null)?.Dispose();
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _folderSync.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The folder sync was cancelled by the stop itself.
        }

        SecretSyncEngine? engine = Interlocked.Exchange(ref _engine, null);
        if (engine is not null)
        {
            engine.SyncEvent -= OnSyncEvent;
            await engine.DisposeAsync().ConfigureAwait(false);
        }

        VaultSessionCache? sessions = Interlocked.Exchange(ref _sessions, null);
        if (sessions is not null)
        {
            await sessions.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void OnDataMerged(Dictionary<string, string?> merged)
    {
        if (Data.Count == merged.Count && merged.All(p => Data.TryGetValue(p.Key, out string? value) && string.Equals(value, p.Value, StringComparison.Ordinal)))
        {
            return;
        }

        Data = merged;
        if (_loaded)
        {
            _logger.ConfigurationReloaded(merged.Count);
            OnReload();
        }
    }

    private void OnSyncEvent(object? sender, SecretSyncEventArgs e)
    {
        if (e.Kind is SecretSyncEventKind.Unchanged || !_specs.TryGetValue(e.SpecName, out (string Path, string Section) spec))
        {
            return;
        }

        // Named by the secret itself, also for one found under a folder.
        SecretChanged?.Invoke(this, new VaultSecretChangedEventArgs(spec.Path, spec.Section, e.Kind, e.Timestamp));
    }
}
