// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Secrets;

/// <summary>KV v1 and v2 operations and KV mount detection on a <see cref="VaultClient"/>.</summary>
/// <remarks>
/// Extension methods keep the call shape <c>client.ReadKvV2Async(...)</c> while the KV logic lives with the KV models:
/// the client (Http) knows nothing about KV. Each method calls the client's transport directly, so a read costs
/// no allocation or async layer more than it did as a client member. To fake KV reads in tests, fake the
/// <see cref="System.Net.Http.HttpMessageHandler"/> or the secret source above the client.
/// </remarks>
public static class VaultClientKvExtensions
{
    private static readonly Func<ReadOnlyMemory<byte>, EnvelopeWire?> s_parseCurrentVersion = EnvelopeParser.ParseCurrentVersion;

    /// <summary>Finds the mount serving <paramref name="path"/> and its KV version: <c>GET sys/internal/ui/mounts/&lt;path&gt;</c>.</summary>
    /// <param name="client">The client to send through.</param>
    /// <param name="path">Any path inside the mount, for example <c>secret/app/db</c>.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The mount; when the server does not know the endpoint (404) the result says KV v1 with an empty <see cref="KvMountInfo.Path"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="VaultException">Vault refused the request (403 <c>preflight capability check returned 403</c> when the mount is missing or not accessible).</exception>
    public static async Task<KvMountInfo> GetKvMountAsync(this VaultClient client, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(path);
        VaultResponse? response;
        try
        {
            response = await client.SendCoreAsync(
                new VaultRequest("GetKvMount", HttpMethod.Get, "sys/internal/ui/mounts/" + path.Trim('/')), NotFoundHandling.ReturnNull, cancellationToken).ConfigureAwait(false);
        }
        catch (VaultException ex) when (ex.StatusCode == 404)
        {
            response = null;
        }

        if (response?.Data is not { ValueKind: JsonValueKind.Object } data)
        {
            return new KvMountInfo(string.Empty, string.Empty, 1);
        }

        KvMountWire wire = data.Deserialize(VaultJsonContext.Default.KvMountWire) ?? new KvMountWire();
        string type = wire.Type ?? string.Empty;
        bool v2 = type == "kv" && wire.Options is not null && wire.Options.TryGetValue("version", out string? version) && version == "2";
        string mountPath = (wire.Path ?? string.Empty).Trim('/');

        // In a child namespace Vault reports the mount path with the namespace in front; requests are namespace-relative.
        string? ns = client.Transport.Namespace?.Trim('/');
        if (!string.IsNullOrEmpty(ns) && mountPath.StartsWith(ns + "/", StringComparison.Ordinal))
        {
            mountPath = mountPath[(ns.Length + 1)..];
        }

        return new KvMountInfo(mountPath, type, v2 ? 2 : 1);
    }

    /// <summary>Returns the KV mount serving <paramref name="path"/>, detected once per mount and remembered for the client's lifetime.</summary>
    internal static async Task<KvMountInfo> FindKvMountAsync(this VaultClient client, string path, CancellationToken cancellationToken)
    {
        KvMountCache cache = KvMountCache.For(client);
        return cache.Find(path) ?? await cache.FindOrLookupAsync(path, p => client.GetKvMountAsync(p, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Reads a KV secret by its full path, detecting the mount and its KV version first (cached per mount).</summary>
    /// <param name="client">The client to send through.</param>
    /// <param name="path">The full path, for example <c>secret/app/db</c> (without <c>data/</c> for KV v2).</param>
    /// <param name="version">The KV v2 version to read, or <see langword="null"/> for the newest; ignored for KV v1.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The secret, or a result whose <see cref="KvSecret.Status"/> says it was not found, deleted or destroyed.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="VaultException">The mount is missing, access is denied, or Vault failed.</exception>
    public static async Task<KvSecret> ReadKvAsync(this VaultClient client, string path, int? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(path);
        string trimmed = path.Trim('/');
        KvMountInfo mount = await client.FindKvMountAsync(trimmed, cancellationToken).ConfigureAwait(false);
        if (mount.Path.Length == 0 || !(trimmed.StartsWith(mount.Path, StringComparison.Ordinal) && (trimmed.Length == mount.Path.Length || trimmed[mount.Path.Length] == '/')))
        {
            return await client.ReadKvV1Async(string.Empty, trimmed, cancellationToken).ConfigureAwait(false);
        }

        string inner = trimmed[mount.Path.Length..].TrimStart('/');
        return mount.EngineVersion == 2
            ? await client.ReadKvV2Async(mount.Path, KvPaths.InnerV2Path(inner), version, cancellationToken).ConfigureAwait(false)
            : await client.ReadKvV1Async(mount.Path, inner, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a KV v1 secret: <c>GET &lt;mount&gt;/&lt;path&gt;</c>.</summary>
    /// <param name="client">The client to send through.</param>
    /// <param name="mount">The mount path, for example <c>kv</c>.</param>
    /// <param name="path">The secret path inside the mount.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The secret, or a <see cref="KvSecretStatus.NotFound"/> result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="mount"/> or <paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="VaultException">The mount is missing (404 <c>no handler for route</c>), access is denied, or Vault failed.</exception>
    public static async Task<KvSecret> ReadKvV1Async(this VaultClient client, string mount, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(mount);
        ArgumentNullException.ThrowIfNull(path);
        (int status, EnvelopeWire? body) = await client.SendEnvelopeAsync(
            new VaultRequest("ReadKvV1", HttpMethod.Get, VaultClient.CombinePath(mount, path)), NotFoundHandling.ReturnNull, cancellationToken).ConfigureAwait(false);
        return KvResponseParser.FromV1(mount.Trim('/'), path.Trim('/'), status, body);
    }

    /// <summary>Lists the keys under a KV v1 folder: <c>GET &lt;mount&gt;/&lt;path&gt;?list=true</c>; folders end with <c>/</c>.</summary>
    /// <param name="client">The client to send through.</param>
    /// <param name="mount">The mount path.</param>
    /// <param name="path">The folder path inside the mount (empty for the root).</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The keys, empty when there are none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="mount"/> or <paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="VaultException">The mount is missing, access is denied, or Vault failed.</exception>
    public static Task<IReadOnlyList<string>> ListKvV1Async(this VaultClient client, string mount, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(mount);
        ArgumentNullException.ThrowIfNull(path);
        return client.ListCoreAsync(new VaultRequest("ListKvV1", HttpMethod.Get, VaultClient.CombinePath(mount, path)), cancellationToken);
    }

    /// <summary>Writes a KV v1 secret, replacing all its values: <c>POST &lt;mount&gt;/&lt;path&gt;</c>.</summary>
    /// <param name="client">The client to send through.</param>
    /// <param name="mount">The mount path.</param>
    /// <param name="path">The secret path inside the mount.</param>
    /// <param name="data">The key/value pairs.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>A task that completes when Vault stored the secret.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="VaultException">Vault refused the write.</exception>
    public static Task WriteKvV1Async(this VaultClient client, string mount, string path, IReadOnlyDictionary<string, JsonElement> data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(mount);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(data);
        byte[] body = VaultClient.Serialize(data, VaultJsonContext.Default.IReadOnlyDictionaryStringJsonElement);
        return client.SendRequiredAsync(new VaultRequest("WriteKvV1", HttpMethod.Post, VaultClient.CombinePath(mount, path), Body: body), cancellationToken).AsTask();
    }

    /// <summary>Deletes a KV v1 secret: <c>DELETE &lt;mount&gt;/&lt;path&gt;</c>.</summary>
    /// <param name="client">The client to send through.</param>
    /// <param name="mount">The mount path.</param>
    /// <param name="path">The secret path inside the mount.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>A task that completes when Vault deleted the secret.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="VaultException">Vault refused the delete.</exception>
    public static Task DeleteKvV1Async(this VaultClient client, string mount, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(mount);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return client.SendRequiredAsync(new VaultRequest("DeleteKvV1", HttpMethod.Delete, VaultClient.CombinePath(mount, path)), cancellationToken).AsTask();
    }

    /// <summary>Reads a KV v2 secret: <c>GET &lt;mount&gt;/data/&lt;path&gt;[?version=N]</c>.</summary>
    /// <param name="client">The client to send through.</param>
    /// <param name="mount">The mount path, for example <c>secret</c>.</param>
    /// <param name="path">The secret path inside the mount, without <c>data/</c>.</param>
    /// <param name="version">The version to read, or <see langword="null"/> for the newest.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The secret with its version metadata, or a result whose <see cref="KvSecret.Status"/> is
    /// <see cref="KvSecretStatus.NotFound"/>, <see cref="KvSecretStatus.Deleted"/> or <see cref="KvSecretStatus.Destroyed"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="mount"/> or <paramref name="path"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is negative.</exception>
    /// <exception cref="VaultException">The mount is missing (404 <c>no handler for route</c>), access is denied (403), or Vault failed.</exception>
    public static async Task<KvSecret> ReadKvV2Async(this VaultClient client, string mount, string path, int? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(mount);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (version is { } v)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(v, nameof(version));
        }

        string? query = version is { } n and > 0 ? "?version=" + n.ToString(CultureInfo.InvariantCulture) : null;
        (int status, EnvelopeWire? body) = await client.SendEnvelopeAsync(
            KvV2Request("ReadKvV2", HttpMethod.Get, mount, "/data/", path) with { Query = query }, NotFoundHandling.ReturnEnvelope, cancellationToken).ConfigureAwait(false);
        return KvResponseParser.FromV2(mount.Trim('/'), path.Trim('/'), status, body, client.Time);
    }

    /// <summary>Reads the metadata of a KV v2 secret across all versions: <c>GET &lt;mount&gt;/metadata/&lt;path&gt;</c>.</summary>
    /// <param name="client">The client to send through.</param>
    /// <param name="mount">The mount path.</param>
    /// <param name="path">The secret path inside the mount.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The metadata, or <see langword="null"/> when the secret does not exist.</returns>
    /// <exception cref="ArgumentException"><paramref name="mount"/> or <paramref name="path"/> is empty.</exception>
    /// <exception cref="VaultException">The mount is missing, access is denied, or Vault failed.</exception>
    public static async Task<KvMetadata?> ReadKvV2MetadataAsync(this VaultClient client, string mount, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(mount);
        ArgumentException.ThrowIfNullOrEmpty(path);
        VaultResponse? response = await client.SendCoreAsync(
            KvV2Request("ReadKvV2Metadata", HttpMethod.Get, mount, "/metadata/", path), NotFoundHandling.ReturnNull, cancellationToken).ConfigureAwait(false);
        if (response?.Data is not { ValueKind: JsonValueKind.Object } data)
        {
            return null;
        }

        KvMetadataWire wire = data.Deserialize(VaultJsonContext.Default.KvMetadataWire) ?? new KvMetadataWire();
        return KvResponseParser.ToMetadata(mount.Trim('/'), path.Trim('/'), wire);
    }

    /// <summary>Reads only the current version number of a KV v2 secret (<c>GET &lt;mount&gt;/metadata/&lt;path&gt;</c>), for the refresh's version check.</summary>
    /// <returns>The current version, or <see langword="null"/> when nothing is stored or the answer has none.</returns>
    /// <exception cref="VaultException">Access is denied or Vault failed.</exception>
    internal static async Task<int?> ReadKvV2CurrentVersionAsync(this VaultClient client, string mount, string path, CancellationToken cancellationToken)
    {
        (_, EnvelopeWire? body) = await client.SendEnvelopeAsync(
            KvV2Request("ReadKvV2Metadata", HttpMethod.Get, mount, "/metadata/", path), s_parseCurrentVersion, NotFoundHandling.ReturnNull, cancellationToken).ConfigureAwait(false);
        return body?.DataCurrentVersion;
    }

    /// <summary>Lists the keys under a KV v2 folder: <c>GET &lt;mount&gt;/metadata/&lt;path&gt;?list=true</c>; folders end with <c>/</c>.</summary>
    /// <param name="client">The client to send through.</param>
    /// <param name="mount">The mount path.</param>
    /// <param name="path">The folder path inside the mount (empty for the root).</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The keys, empty when there are none.</returns>
    /// <exception cref="ArgumentException"><paramref name="mount"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="VaultException">The mount is missing, access is denied, or Vault failed.</exception>
    public static Task<IReadOnlyList<string>> ListKvV2Async(this VaultClient client, string mount, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(mount);
        ArgumentNullException.ThrowIfNull(path);
        return client.ListCoreAsync(KvV2Request("ListKvV2", HttpMethod.Get, mount, "/metadata/", path), cancellationToken);
    }

    /// <summary>Writes a new KV v2 version: <c>POST &lt;mount&gt;/data/&lt;path&gt; {"options":{"cas":N},"data":{...}}</c>.</summary>
    /// <param name="client">The client to send through.</param>
    /// <param name="mount">The mount path.</param>
    /// <param name="path">The secret path inside the mount.</param>
    /// <param name="data">The key/value pairs of the new version.</param>
    /// <param name="cas">The check-and-set version: the write succeeds only if the current version equals it (0 = only if the secret does not exist); <see langword="null"/> for an unconditional write.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The metadata of the new version.</returns>
    /// <exception cref="ArgumentException"><paramref name="mount"/> or <paramref name="path"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is <see langword="null"/>.</exception>
    /// <exception cref="VaultException">Vault refused the write (400 <c>check-and-set parameter did not match the current version</c>, 403, ...).</exception>
    public static async Task<KvVersionInfo> WriteKvV2Async(this VaultClient client, string mount, string path, IReadOnlyDictionary<string, JsonElement> data, int? cas = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(mount);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(data);
        var request = new KvV2WriteRequest { Data = data, Options = cas is { } c ? new KvV2WriteOptions { Cas = c } : null };
        byte[] body = VaultClient.Serialize(request, VaultJsonContext.Default.KvV2WriteRequest);
        VaultResponse response = await client.SendRequiredAsync(KvV2Request("WriteKvV2", HttpMethod.Post, mount, "/data/", path) with { Body = body }, cancellationToken).ConfigureAwait(false);
        return response.Data is { ValueKind: JsonValueKind.Object } metadata
            ? KvResponseParser.ToVersionInfo(metadata, fallbackVersion: 0)
            : new KvVersionInfo();
    }

    /// <summary>Soft-deletes the newest version of a KV v2 secret: <c>DELETE &lt;mount&gt;/data/&lt;path&gt;</c>.</summary>
    /// <param name="client">The client to send through.</param>
    /// <param name="mount">The mount path.</param>
    /// <param name="path">The secret path inside the mount.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>A task that completes when Vault marked the version deleted.</returns>
    /// <exception cref="ArgumentException"><paramref name="mount"/> or <paramref name="path"/> is empty.</exception>
    /// <exception cref="VaultException">Vault refused the delete.</exception>
    public static Task DeleteKvV2Async(this VaultClient client, string mount, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(mount);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return client.SendRequiredAsync(KvV2Request("DeleteKvV2", HttpMethod.Delete, mount, "/data/", path), cancellationToken).AsTask();
    }

    /// <summary>Builds a request for <c>&lt;mount&gt;/&lt;segment&gt;/&lt;path&gt;</c> whose URI is joined in one allocation.</summary>
    private static VaultRequest KvV2Request(string operation, HttpMethod method, string mount, string slashedSegment, string path)
    {
        string tail = path.Trim('/');
        return new VaultRequest(operation, method, mount.Trim('/'), Middle: tail.Length == 0 ? slashedSegment.TrimEnd('/') : slashedSegment, Tail: tail);
    }
}
