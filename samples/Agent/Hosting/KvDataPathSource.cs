// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Agent.Hosting;

/// <summary>Lets annotations and templates name KV version 2 secrets as Vault Agent users write them, <c>secret/data/app</c>, by reading them as <c>secret/app</c>.</summary>
/// <remarks>
/// Templates usually spell the API path (<c>mount/data/x</c>) while the KV reader expects the logical path (<c>mount/x</c>) and adds
/// <c>data/</c> itself. The mount is looked up once per path; anything that is not under a KV version 2 mount passes through unchanged.
/// </remarks>
internal sealed class KvDataPathSource : IVaultSecretSource
{
    private readonly IVaultSecretSource _inner;
    private readonly Func<string, CancellationToken, Task<KvMountInfo>> _findMount;
    private readonly ConcurrentDictionary<string, string> _logicalPaths = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="KvDataPathSource"/> class.</summary>
    /// <param name="inner">The source that reads secrets.</param>
    /// <param name="findMount">Looks up the KV mount of a path (<see cref="VaultClient.GetKvMountAsync"/>).</param>
    public KvDataPathSource(IVaultSecretSource inner, Func<string, CancellationToken, Task<KvMountInfo>> findMount)
    {
        _inner = inner;
        _findMount = findMount;
    }

    /// <inheritdoc/>
    public async Task<SecretSnapshot> ReadAsync(SecretSpec spec, CancellationToken cancellationToken = default) =>
        await _inner.ReadAsync(await LogicalAsync(spec, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public async Task<int?> GetCurrentVersionAsync(SecretSpec spec, CancellationToken cancellationToken = default) =>
        await _inner.GetCurrentVersionAsync(await LogicalAsync(spec, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public Task<LeaseGrant> RenewLeaseAsync(string leaseId, TimeSpan increment, CancellationToken cancellationToken = default) =>
        _inner.RenewLeaseAsync(leaseId, increment, cancellationToken);

    /// <inheritdoc/>
    public Task RevokeLeaseAsync(string leaseId, CancellationToken cancellationToken = default) =>
        _inner.RevokeLeaseAsync(leaseId, cancellationToken);

    private async Task<SecretSpec> LogicalAsync(SecretSpec spec, CancellationToken cancellationToken)
    {
        if (spec.Kind is not (SecretSourceKind.Kv or SecretSourceKind.KvV2) || !spec.Path.Contains("/data/", StringComparison.Ordinal))
        {
            return spec;
        }

        if (!_logicalPaths.TryGetValue(spec.Path, out string? logical))
        {
            KvMountInfo mount = await _findMount(spec.Path, cancellationToken).ConfigureAwait(false);
            string prefix = mount.Path.TrimEnd('/') + "/data/";
            logical = mount.EngineVersion == 2 && mount.Path.Length > 0 && spec.Path.StartsWith(prefix, StringComparison.Ordinal)
                ? mount.Path.TrimEnd('/') + "/" + spec.Path[prefix.Length..]
                : spec.Path;
            _logicalPaths[spec.Path] = logical;
        }

        return ReferenceEquals(logical, spec.Path) || string.Equals(logical, spec.Path, StringComparison.Ordinal)
            ? spec
            : new SecretSpec(spec.Name, logical, spec.Kind)
            {
                Version = spec.Version,
                UseWrite = spec.UseWrite,
                Body = spec.Body,
                RefreshInterval = spec.RefreshInterval,
                Transform = spec.Transform,
            };
    }
}
