// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Leases;

namespace Vault.Kubernetes.Secrets;

/// <summary>The sync engine's Vault operations over a <see cref="VaultClient"/> (normally a session's authenticated client).</summary>
/// <remarks>
/// KV secrets are read through mount detection (cached per mount); the cheap KV version 2 check reads the metadata endpoint and,
/// when the token may not read metadata, falls back to full reads for that path. Dynamic secrets are read, or written when the
/// spec has a body (<c>pki/issue</c>).
/// </remarks>
public sealed class VaultSecretSource : IVaultSecretSource
{
    private readonly VaultClient _client;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, bool> _noMetadataAccess = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="VaultSecretSource"/> class.</summary>
    /// <param name="client">The client; its token provider authenticates every request.</param>
    /// <param name="timeProvider">The clock that stamps each reading; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is <see langword="null"/>.</exception>
    public VaultSecretSource(VaultClient client, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public async Task<SecretSnapshot> ReadAsync(SecretSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Kind is SecretSourceKind.Kv or SecretSourceKind.KvV1 or SecretSourceKind.KvV2)
        {
            KvSecret kv = await _client.ReadKvAsync(spec.Path, spec.Version, cancellationToken).ConfigureAwait(false);
            if (!kv.Exists)
            {
                throw new VaultSecretNotFoundException(spec.Path, kv.Status.ToString());
            }

            return new SecretSnapshot(kv.Data, _timeProvider.GetUtcNow())
            {
                Version = kv.Version,
                LeaseDuration = kv.LeaseDuration,
                CustomMetadata = kv.CustomMetadata,
                Warnings = kv.Warnings,
            };
        }

        VaultResponse? response = spec.UseWrite || spec.Body is not null
            ? await _client.WriteAsync(spec.Path, spec.Body, cancellationToken).ConfigureAwait(false)
            : await _client.ReadAsync(spec.Path, cancellationToken).ConfigureAwait(false);
        if (response?.Data is not { ValueKind: JsonValueKind.Object } data)
        {
            // An answer without data is not a missing secret: say what came back rather than "not found".
            throw response is { StatusCode: >= 200 and < 300 }
                ? new VaultException(response.StatusCode, spec.Path, null, response.RequestId, "Vault answered, but the body has no 'data' object with the secret", null)
                : new VaultSecretNotFoundException(spec.Path, "NotFound");
        }

        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (JsonProperty property in data.EnumerateObject())
        {
            values[property.Name] = property.Value.Clone();
        }

        return new SecretSnapshot(values, _timeProvider.GetUtcNow())
        {
            LeaseId = response.LeaseId,
            LeaseDuration = response.LeaseDuration,
            Renewable = response.Renewable,
            Warnings = response.Warnings,
        };
    }

    /// <inheritdoc/>
    public async Task<int?> GetCurrentVersionAsync(SecretSpec spec, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Kind is not (SecretSourceKind.Kv or SecretSourceKind.KvV2) || _noMetadataAccess.ContainsKey(spec.Path))
        {
            return null;
        }

        KvMountInfo mount = await _client.FindKvMountAsync(spec.Path, cancellationToken).ConfigureAwait(false);

        if (mount.EngineVersion != 2 || mount.Path.Length == 0)
        {
            return null;
        }

        try
        {
            // Only the number: the whole metadata (every version's times) is not needed to tell whether the secret changed.
            return await _client.ReadKvV2CurrentVersionAsync(mount.Path, KvPaths.InnerV2Path(spec.Path[mount.Path.Length..].TrimStart('/')), cancellationToken).ConfigureAwait(false);
        }
        catch (VaultException ex) when (ex.IsPermissionDenied && !ex.IsInvalidToken)
        {
            // Policies often grant data/ but not metadata/: read in full from now on instead of failing every check.
            _noMetadataAccess[spec.Path] = true;
            return null;
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<string>> ListAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string folder = path.Trim('/');
        KvMountInfo mount = await _client.FindKvMountAsync(folder, cancellationToken).ConfigureAwait(false);
        string inner = mount.Path.Length == 0 ? folder : folder[mount.Path.Length..].TrimStart('/');
        return mount.EngineVersion == 2
            ? await _client.ListKvV2Async(mount.Path, KvPaths.InnerV2Path(inner), cancellationToken).ConfigureAwait(false)
            : await _client.ListKvV1Async(mount.Path, inner, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<LeaseGrant> RenewLeaseAsync(string leaseId, TimeSpan increment, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        VaultResponse response = await _client.RenewLeaseAsync(leaseId, increment, cancellationToken).ConfigureAwait(false);
        return new LeaseGrant(response.LeaseDuration, response.Renewable, response.Warnings);
    }

    /// <inheritdoc/>
    public Task RevokeLeaseAsync(string leaseId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        return _client.RevokeLeaseAsync(leaseId, sync: true, cancellationToken);
    }
}
