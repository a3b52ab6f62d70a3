// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace Vault.Kubernetes.Sync;

/// <summary>Hashes payloads with HMAC-SHA256 under a per-engine key, so hashes can be stored outside the process without revealing content.</summary>
internal sealed class ContentHasher : IDisposable
{
    private readonly HMACSHA256 _hmac;
    private readonly object _lock = new();

    public ContentHasher(byte[]? key = null)
    {
        _hmac = new HMACSHA256(key ?? RandomNumberGenerator.GetBytes(32));
    }

    public string Hash(IReadOnlyDictionary<string, string> payload)
    {
        // Length-prefixed, ordinally sorted pairs: no two different payloads share an encoding.
        using var buffer = new System.IO.MemoryStream();
        Span<byte> length = stackalloc byte[4];
        foreach (KeyValuePair<string, string> pair in payload.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Write(buffer, pair.Key, length);
            Write(buffer, pair.Value, length);
        }

        lock (_lock)
        {
            return Convert.ToHexStringLower(_hmac.ComputeHash(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
    }

    public void Dispose() => _hmac.Dispose();

    private static void Write(System.IO.MemoryStream buffer, string text, Span<byte> length)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        buffer.Write(length);
        buffer.Write(bytes);
    }
}
