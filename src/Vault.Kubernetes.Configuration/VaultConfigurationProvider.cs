// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Vault.Kubernetes.Configuration.Internal;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Configuration;

/// <summary>Exposes Vault secrets as configuration and keeps them fresh: KV refresh, lease renewal and rotation, reload only on change.</summary>
/// <remarks>
/// <see cref="Load"/> logs in once, reads every secret in parallel and swaps the whole data in one step. Afterwards the sync engine
/// keeps each secret fresh; whenever the merged data really changes, a new dictionary replaces the old one and
/// <see cref="ConfigurationProvider.OnReload"/> fires. Never dump this provider's data (for example with
/// <c>IConfigurationRoot.GetDebugView()</c>) into logs: it holds secret values.
/// </remarks>
public sealed class VaultConfigurationProvider : ConfigurationProvider, IDisposable
{
    private readonly VaultConfigurationSource _source;
    private readonly VaultKubernetesOptions _options;
    private readonly ConfigurationDataSink _sink;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, VaultSecretOptions> _secretsBySpec = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _folderTimer;
    private Task _folderSync = Task.CompletedTask;
    private VaultConnection? _connection;
    private IDisposable? _followSession;
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

    /// <summary>Loads the secrets: on the first call, logs in and reads every secret; on later calls, re-reads them all now.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid; every failure is listed with its configuration key.</exception>
    /// <exception cref="VaultConfigurationLoadException">A secret could not be read and <see cref="VaultKubernetesOptions.Optional"/> is off.</exception>
    public override void Load()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_engine is not null)
        {
            // IConfigurationRoot.Reload(): re-read everything now; the engine's schedules carry on afterwards.
            SecretSyncEngine engine = _engine;
            Task.Run(() => engine.SyncAllAsync()).GetAwaiter().GetResult();
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
    }

    internal VaultIdentityState? GetIdentityState() => _connection?.Identity?.Invoke();

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
        var specs = new List<SecretSpec>(_options.Secrets.Count);
        for (int i = 0; i < _options.Secrets.Count; i++)
        {
            SecretSpec spec = VaultSecretSpecs.Create(i, _options.Secrets[i], _options.KeyPrefix, _source.SectionName);
            if (!_options.Secrets[i].Recursive)
            {
                _secretsBySpec[spec.Name] = _options.Secrets[i];
                specs.Add(spec);
            }
        }

        _connection = _source.CreateConnection();
        var engineOptions = new SecretSyncEngineOptions
        {
            MaxConcurrency = _options.MaxConcurrency,
            RevokeLeasesOnDispose = _options.RevokeOnShutdown,
            LeasePlan = { RefreshInterval = _options.RefreshInterval },
        };
        _engine = new SecretSyncEngine(_connection.Source, _sink, engineOptions, _source.LoggerFactory, _source.TimeProvider, _source.Random);
        _engine.SyncEvent += OnSyncEvent;
        _followSession = _connection.Session is { } session ? _engine.FollowSession(session) : null;

        // Every secret is read in parallel (bounded); the data is published once, as one swap.
        _sink.Deferred = true;
        foreach (SecretSpec spec in specs)
        {
            _engine.AddOrUpdate(spec);
        }

        SecretSyncEngine engine = _engine;
        var listFailures = new List<KeyValuePair<string, string>>();
        Task.Run(async () =>
        {
            listFailures.AddRange(await SyncFoldersAsync(CancellationToken.None).ConfigureAwait(false));
            await engine.WhenIdleAsync().ConfigureAwait(false);
        }).GetAwaiter().GetResult();
        _sink.Deferred = false;
        _sink.Publish();
        _loaded = true;

        KeyValuePair<string, string>[] failures = _engine.GetStates()
            .Where(s => !s.HasValue)
            .Select(s => new KeyValuePair<string, string>(s.Path, s.LastError ?? "not loaded"))
            .Concat(listFailures)
            .ToArray();
        if (failures.Length > 0 && !_options.Optional)
        {
            Task.Run(StopAsync).GetAwaiter().GetResult();
            throw new VaultConfigurationLoadException(failures);
        }

        if (failures.Length > 0)
        {
            _logger.ConfigurationStartedWithout(failures.Length, string.Join(", ", failures.Select(f => f.Key)));
        }

        _logger.ConfigurationLoaded(_engine.SpecNames.Count - failures.Length, Data.Count);
        if (!_options.ReloadOnChange)
        {
            Task.Run(StopAsync).GetAwaiter().GetResult();
        }
        else if (_options.Secrets.Any(s => s.Recursive))
        {
            // Folders are re-listed on the refresh interval: secrets added under them appear, removed ones disappear.
            _folderTimer = _source.TimeProvider.CreateTimer(_ => _folderSync = SyncFoldersInBackgroundAsync(), null, _options.RefreshInterval, _options.RefreshInterval);
        }
    }

    private async Task SyncFoldersInBackgroundAsync()
    {
        try
        {
            await SyncFoldersAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>Lists each recursive folder and brings the engine's specs for it in line: new secrets added, vanished ones removed.</summary>
    /// <returns>The folders that could not be listed, with the reason.</returns>
    private async Task<List<KeyValuePair<string, string>>> SyncFoldersAsync(CancellationToken cancellationToken)
    {
        var failures = new List<KeyValuePair<string, string>>();
        SecretSyncEngine? engine = _engine;
        VaultConnection? connection = _connection;
        if (engine is null || connection is null)
        {
            return failures;
        }

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
                found = await KvFolderLister.ListAsync(connection.Source, secret.Path!, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Listing failed: keep the folder's current secrets (last known good) and try again next interval.
                _logger.FolderListFailed(ex, secret.Path!);
                failures.Add(new KeyValuePair<string, string>(secret.Path!, ex.Message));
                continue;
            }

            string prefix = VaultSecretSpecs.FolderPrefix(_source.SectionName, i);
            var wanted = new HashSet<string>(StringComparer.Ordinal);
            foreach (string relative in found)
            {
                SecretSpec spec = VaultSecretSpecs.Create(i, secret, _options.KeyPrefix, _source.SectionName, relative);
                wanted.Add(spec.Name);
                if (_secretsBySpec.TryAdd(spec.Name, secret))
                {
                    engine.AddOrUpdate(spec);
                }
            }

            foreach (string name in engine.SpecNames.Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && !wanted.Contains(n)))
            {
                _secretsBySpec.TryRemove(name, out _);
                await engine.RemoveAsync(name, cancellationToken).ConfigureAwait(false);
            }
        }

        return failures;
    }

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

        Interlocked.Exchange(ref _followSession, null)?.Dispose();
        SecretSyncEngine? engine = Interlocked.Exchange(ref _engine, null);
        if (engine is not null)
        {
            engine.SyncEvent -= OnSyncEvent;
            await engine.DisposeAsync().ConfigureAwait(false);
        }

        VaultConnection? connection = Interlocked.Exchange(ref _connection, null);
        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
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
        if (e.Kind is SecretSyncEventKind.Unchanged || !_secretsBySpec.TryGetValue(e.SpecName, out VaultSecretOptions? secret))
        {
            return;
        }

        string section = ConfigurationKeys.Combine(_options.KeyPrefix, secret.Section);
        SecretChanged?.Invoke(this, new VaultSecretChangedEventArgs(secret.Path!, section, e.Kind, e.Timestamp));
    }
}
