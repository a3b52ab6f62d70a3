// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Vault.Kubernetes.Csi.Mounting;

/// <summary>
/// Object versions as vault-csi-provider derives them: a keyed HMAC-SHA256 over the object's configuration and its bytes,
/// URL-safe base64. The version changes exactly when the content (or the object's definition) does, never with time, and
/// the key keeps the version from being a guessable digest of the secret.
/// </summary>
internal sealed class ObjectVersioner
{
    private readonly byte[] _key;

    /// <summary>Initializes a new instance of the <see cref="ObjectVersioner"/> class.</summary>
    /// <param name="key">The HMAC key, at least 32 bytes.</param>
    public ObjectVersioner(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(key.Length, 32, nameof(key));
        _key = key.ToArray();
    }

    /// <summary>Computes the version of one object's content.</summary>
    /// <param name="item">The object.</param>
    /// <param name="contents">The file bytes.</param>
    /// <returns>The version.</returns>
    public string Compute(CsiObject item, ReadOnlySpan<byte> contents)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        // Length-prefixed fields so no two configurations serialise to the same bytes.
        foreach (string field in new[] { item.ObjectName, item.SecretPath, item.Version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, item.SecretKey ?? string.Empty, item.Method, item.Encoding.ToString(), item.FilePermission?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty })
        {
            byte[] bytes = Encoding.UTF8.GetBytes(field);
            hmac.AppendData(BitConverter.GetBytes(bytes.Length));
            hmac.AppendData(bytes);
        }

        hmac.AppendData(contents);
        byte[] mac = hmac.GetHashAndReset();
        return Convert.ToBase64String(mac).Replace('+', '-').Replace('/', '_');
    }
}
