// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vault.Kubernetes.Testing.Internal;
using Vault.Kubernetes.Testing.Kv;

namespace Vault.Kubernetes.Testing;

/// <summary>In-process handles to seed and inspect server state without HTTP.</summary>
public sealed partial class VaultDevServer
{
    /// <summary>Writes a KV secret: a new version on a v2 mount (returns its number), or the whole map on a v1 mount (returns 0).</summary>
    /// <param name="mountPath">The KV mount ("secret", "kv").</param>
    /// <param name="secretPath">The secret path inside the mount, without data/ ("app/db").</param>
    /// <param name="data">The key/value pairs (values serialized as JSON).</param>
    /// <returns>The new version for KV v2, 0 for KV v1.</returns>
    /// <exception cref="ArgumentException">An argument is empty or the mount is not a KV mount.</exception>
    public int WriteKvSecret(string mountPath, string secretPath, IReadOnlyDictionary<string, object?> data)
    {
        ArgumentException.ThrowIfNullOrEmpty(mountPath);
        ArgumentException.ThrowIfNullOrEmpty(secretPath);
        ArgumentNullException.ThrowIfNull(data);
        JsonObject json = JsonSerializer.SerializeToNode(data, DeepJson.SerializerOptions) as JsonObject ?? [];
        return Core.Locked(() => KvBackend(mountPath) switch
        {
            KvV2Backend v2 => v2.Put(secretPath, json, Core.Clock.GetUtcNow()),
            KvV1Backend v1 => Put(v1, secretPath, json),
            _ => throw new ArgumentException($"\"{mountPath}\" is not a KV mount.", nameof(mountPath)),
        });
    }

    /// <summary>Reads a KV secret's current data (as stored; deleted or missing → <see langword="null"/>).</summary>
    /// <param name="mountPath">The KV mount.</param>
    /// <param name="secretPath">The secret path inside the mount, without data/.</param>
    /// <returns>A copy of the data, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentException">An argument is empty or the mount is not a KV mount.</exception>
    public JsonObject? ReadKvSecret(string mountPath, string secretPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(mountPath);
        ArgumentException.ThrowIfNullOrEmpty(secretPath);
        return Core.Locked(() => KvBackend(mountPath) switch
        {
            KvV2Backend v2 => v2.Get(secretPath, Core.Clock.GetUtcNow()),
            KvV1Backend v1 => v1.Get(secretPath),
            _ => throw new ArgumentException($"\"{mountPath}\" is not a KV mount.", nameof(mountPath)),
        });
    }

    /// <summary>Mounts a KV engine (what <c>POST sys/mounts/&lt;path&gt;</c> with type kv does).</summary>
    /// <param name="mountPath">The mount path.</param>
    /// <param name="version">1 or 2.</param>
    /// <exception cref="ArgumentException">The path is empty or already in use.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The version is not 1 or 2.</exception>
    public void EnableKvMount(string mountPath, int version)
    {
        ArgumentException.ThrowIfNullOrEmpty(mountPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(version, 2);
        string? error = Core.Locked(() => Core.Mount(mountPath, "kv", new Dictionary<string, string> { ["version"] = version.ToString(CultureInfo.InvariantCulture) }, isAuth: false, description: string.Empty));
        if (error is not null)
        {
            throw new ArgumentException(error, nameof(mountPath));
        }
    }

    /// <summary>Creates or replaces an ACL policy (HCL or JSON with <c>path "..." { capabilities = [...] }</c> blocks).</summary>
    /// <param name="name">The policy name.</param>
    /// <param name="policy">The policy text.</param>
    /// <exception cref="ArgumentException">The name is empty, "root", or the text cannot be parsed.</exception>
    public void SetPolicy(string name, string policy)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(policy);
        try
        {
            Core.Locked(() => Core.Policies.Set(name, policy));
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            throw new ArgumentException(ex.Message, nameof(policy), ex);
        }
    }

    /// <summary>Creates a service token (what <c>auth/token/create</c> does for the root token).</summary>
    /// <param name="policies">The policies ("default" is added).</param>
    /// <param name="ttl">The TTL, or <see langword="null"/> for the system default (768h).</param>
    /// <param name="explicitMaxTtl">The explicit max TTL, or <see langword="null"/> for the system max.</param>
    /// <param name="renewable">Whether the token can be renewed.</param>
    /// <returns>The token id.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="policies"/> is <see langword="null"/>.</exception>
    public string CreateToken(IEnumerable<string> policies, TimeSpan? ttl = null, TimeSpan? explicitMaxTtl = null, bool renewable = true)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var request = new TokenCreateRequest { Policies = [.. policies], Ttl = ttl, ExplicitMaxTtl = explicitMaxTtl, Renewable = renewable, ParentId = Core.RootToken.Id };
        return Core.Locked(() => Core.Tokens.Create(request).Id);
    }

    /// <summary>Returns whether <paramref name="token"/> is a live (existing, unexpired, unrevoked) token.</summary>
    /// <param name="token">The token id.</param>
    /// <returns><see langword="true"/> if the server would accept it.</returns>
    public bool IsTokenValid(string token) => !string.IsNullOrEmpty(token) && Core.Locked(() => Core.Tokens.Lookup(token) is not null);

    /// <summary>Revokes a token (and its children and leases); unknown tokens are ignored.</summary>
    /// <param name="token">The token id.</param>
    public void RevokeToken(string token) => Core.Locked(() =>
    {
        if (Core.Tokens.Lookup(token) is { } entry)
        {
            Core.Tokens.Revoke(entry);
        }
    });

    /// <summary>Clears the request log.</summary>
    public void ClearRequestLog() => Core.ClearRequestLog();

    private static int Put(KvV1Backend backend, string path, JsonObject data)
    {
        backend.Put(path, data);
        return 0;
    }

    private IVaultBackend? KvBackend(string mountPath) => Core.Mounts.Get(mountPath)?.Backend;
}
