// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Text;

namespace Vault.Kubernetes.Sync;

/// <summary>Hashes a target's content with HMAC-SHA256, so hashes can be stored outside the process (a Secret's status) without revealing content.</summary>
/// <remarks>The key is random per engine unless one is given: a host that keeps its key (the operator, in a Secret) recognises an unchanged destination after a restart.</remarks>
internal sealed class ContentHasher : IDisposable
{
    private readonly HMACSHA256 _hmac;
    private readonly Lock _lock = new();

    public ContentHasher(byte[]? key = null)
    {
        _hmac = new HMACSHA256(key ?? RandomNumberGenerator.GetBytes(32));
    }

    public string Hash(IReadOnlyList<SecretTargetItem> items)
    {
        // Length-prefixed spec names, markers and ordinally sorted pairs: no two different contents share an encoding.
        using var buffer = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        foreach (SecretTargetItem item in items)
        {
            Write(buffer, item.Spec.Name, length);
            buffer.WriteByte(item.Snapshot is null ? (byte)0 : (byte)1);
            BinaryPrimitives.WriteInt32BigEndian(length, item.Payload.Count);
            buffer.Write(length);
            foreach (KeyValuePair<string, string> pair in item.Payload.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                Write(buffer, pair.Key, length);
                Write(buffer, pair.Value, length);
            }
        }

        lock (_lock)
        {
            return Convert.ToHexStringLower(_hmac.ComputeHash(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
    }

    public void Dispose() => _hmac.Dispose();

    private static void Write(MemoryStream buffer, string text, Span<byte> length)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        buffer.Write(length);
        buffer.Write(bytes);
    }
}
