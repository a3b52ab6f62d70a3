// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Http;
using Vault.Kubernetes.Secrets;

namespace Vault.Kubernetes.Sync;

/// <summary>Hands a Vault token and its leased secrets from one process to the next of the same identity (the agent's init container to its sidecar), so a pod start costs one login and one credential per secret.</summary>
/// <remarks>
/// <para>
/// The file holds the token and the leased snapshots encrypted with AES-256-GCM under a fresh random key. The key itself is
/// not in the file: Vault holds it, response-wrapped (<c>sys/wrapping/wrap</c>), and the file keeps only the single-use
/// wrapping token. So the file is useless without network access to Vault, and whoever unwraps it first spends it: a
/// legitimate reader that finds the token spent learns that someone else read the cache (Vault Agent's persistent cache
/// works the same way). <see cref="LoadAsync"/> deletes the file whatever happens, since its wrapping token is spent.
/// </para>
/// <para>Keep the file in a memory volume shared only by the processes that need it, never on disk.</para>
/// </remarks>
[UnsupportedOSPlatform("windows")]
public static class PersistentSessionCache
{
    private const int FormatVersion = 1;
    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] s_associatedData = Encoding.ASCII.GetBytes("vault-kubernetes-session-cache-v1");
    private static readonly UnixFileMode s_mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes the cache file atomically (mode 0600).</summary>
    /// <param name="path">The file, in a memory volume.</param>
    /// <param name="client">A client authenticated with <paramref name="token"/>'s session: it wraps the key.</param>
    /// <param name="token">The Vault token to hand on.</param>
    /// <param name="secrets">The snapshots to hand on, keyed by spec name; only those with a lease are kept.</param>
    /// <param name="lifetime">How long the next process may take to read the file (the wrapping token's TTL); the token's remaining TTL is a good choice.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the file is written.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="VaultException">Vault refused to wrap the key.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    public static async Task SaveAsync(string path, VaultClient client, SecretString token, IReadOnlyDictionary<string, SecretSnapshot> secrets, TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(secrets);
        var payload = new SessionCachePayloadWire
        {
            Token = token.Reveal(),
            Secrets = [.. secrets.Where(p => p.Value.HasLease).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => ToWire(p.Key, p.Value))],
        };
        byte[] plaintext = JsonSerializer.SerializeToUtf8Bytes(payload, SessionCacheJsonContext.Default.SessionCachePayloadWire);
        byte[] key = RandomNumberGenerator.GetBytes(KeySize);
        try
        {
            byte[] nonce = RandomNumberGenerator.GetBytes(NonceSize);
            byte[] ciphertext = new byte[plaintext.Length];
            byte[] tag = new byte[TagSize];
            using (var aes = new AesGcm(key, TagSize))
            {
                aes.Encrypt(nonce, plaintext, ciphertext, tag, s_associatedData);
            }

            VaultWrapInfo wrap = await client.WrapAsync(
                new Dictionary<string, string>(StringComparer.Ordinal) { ["key"] = Convert.ToBase64String(key) },
                lifetime < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : lifetime,
                cancellationToken).ConfigureAwait(false);
            var file = new SessionCacheFileWire { Version = FormatVersion, WrappingToken = wrap.Token.Reveal(), Nonce = nonce, Tag = tag, Ciphertext = ciphertext };
            byte[] content = JsonSerializer.SerializeToUtf8Bytes(file, SessionCacheJsonContext.Default.SessionCacheFileWire);
            await AtomicFileWriter.WriteIfChangedAsync(path, content, s_mode, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Reads and deletes the cache file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="client">A client of the same Vault (no token needed: unwrapping authenticates with the wrapping token).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The token and the leased snapshots, or <see langword="null"/> when there is no file.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="InvalidDataException">The file cannot be used; the message says why (malformed, key already unwrapped or expired, tampered), never a secret.</exception>
    public static async Task<SessionCacheContent?> LoadAsync(string path, VaultClient client, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(client);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            return await DecryptAsync(bytes, client, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // The wrapping token is spent (or the file is bad): nobody can use the file again.
            AtomicFileWriter.TryDelete(path);
        }
    }

    private static async Task<SessionCacheContent> DecryptAsync(byte[] bytes, VaultClient client, CancellationToken cancellationToken)
    {
        SessionCacheFileWire? file;
        try
        {
            file = JsonSerializer.Deserialize(bytes, SessionCacheJsonContext.Default.SessionCacheFileWire);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("the session cache is not valid JSON", ex);
        }

        if (file is not { Version: FormatVersion, WrappingToken.Length: > 0, Nonce.Length: NonceSize, Tag.Length: TagSize, Ciphertext: not null })
        {
            throw new InvalidDataException($"the session cache is not a version {FormatVersion} cache file");
        }

        byte[] key = await UnwrapKeyAsync(client, new SecretString(file.WrappingToken), cancellationToken).ConfigureAwait(false);
        byte[] plaintext = new byte[file.Ciphertext.Length];
        try
        {
            using (var aes = new AesGcm(key, TagSize))
            {
                aes.Decrypt(file.Nonce, file.Ciphertext, file.Tag, plaintext, s_associatedData);
            }

            SessionCachePayloadWire? payload = JsonSerializer.Deserialize(plaintext, SessionCacheJsonContext.Default.SessionCachePayloadWire);
            if (payload is not { Token.Length: > 0 })
            {
                throw new InvalidDataException("the session cache holds no token");
            }

            var secrets = new Dictionary<string, SecretSnapshot>(StringComparer.Ordinal);
            foreach (SessionCacheSecretWire secret in payload.Secrets ?? [])
            {
                if (secret is { Name.Length: > 0, Data: not null })
                {
                    secrets[secret.Name] = FromWire(secret);
                }
            }

            return new SessionCacheContent(new SecretString(payload.Token), secrets);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new InvalidDataException("the session cache was altered (its authentication tag does not match)", ex);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("the session cache's payload is not valid JSON", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private static async Task<byte[]> UnwrapKeyAsync(VaultClient client, SecretString wrappingToken, CancellationToken cancellationToken)
    {
        VaultResponse response;
        try
        {
            response = await client.UnwrapAsync(wrappingToken, cancellationToken).ConfigureAwait(false);
        }
        catch (VaultException ex) when (ex.StatusCode is 400 or 403)
        {
            throw new InvalidDataException("the session cache's key was already unwrapped or has expired: another process may have read the cache", ex);
        }

        if (response.Data is not { ValueKind: JsonValueKind.Object } data || !data.TryGetProperty("key", out JsonElement key)
            || key.ValueKind != JsonValueKind.String || !key.TryGetBytesFromBase64(out byte[]? bytes) || bytes.Length != KeySize)
        {
            throw new InvalidDataException("the session cache's wrapped key is malformed");
        }

        return bytes;
    }

    private static SessionCacheSecretWire ToWire(string name, SecretSnapshot snapshot) => new()
    {
        Name = name,
        Data = snapshot.Data.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
        RetrievedAt = snapshot.RetrievedAt,
        LeaseId = snapshot.LeaseId,
        LeaseSeconds = snapshot.LeaseDuration.TotalSeconds,
        Renewable = snapshot.Renewable,
        Version = snapshot.Version,
        Warnings = [.. snapshot.Warnings],
    };

    private static SecretSnapshot FromWire(SessionCacheSecretWire secret) => new(secret.Data!, secret.RetrievedAt)
    {
        LeaseId = secret.LeaseId ?? string.Empty,
        LeaseDuration = TimeSpan.FromSeconds(secret.LeaseSeconds),
        Renewable = secret.Renewable,
        Version = secret.Version,
        Warnings = secret.Warnings ?? [],
    };
}
