// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Buffers;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Vault.Kubernetes.Http;

/// <summary>A response body read whole into a buffer rented from <see cref="ArrayPool{T}.Shared"/>.</summary>
/// <remarks>
/// Vault answers are small and always parsed whole, so reading them into one buffer and parsing synchronously is
/// cheaper than the serializer's resumable stream reader (which scans nested values twice before parsing them).
/// The buffer holds secrets: <see cref="Dispose"/> wipes the bytes that were used before returning it to the pool.
/// </remarks>
internal readonly struct PooledResponseBody : IDisposable
{
    private const int MinimumBufferSize = 4096;

    private readonly byte[] _buffer;
    private readonly int _length;

    private PooledResponseBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    /// <summary>Gets the bytes read; valid until <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _length);

    /// <summary>Reads <paramref name="stream"/> to its end into a buffer that starts at 4 KiB and doubles as needed.</summary>
    /// <param name="stream">The body.</param>
    /// <param name="timeout">How long the body may take once a read has to wait, or <see cref="Timeout.InfiniteTimeSpan"/>.</param>
    /// <param name="timeProvider">The clock for <paramref name="timeout"/>.</param>
    /// <param name="cancellationToken">The token to cancel the read.</param>
    /// <exception cref="TimeoutException">The body did not arrive within <paramref name="timeout"/>; the caller must dispose the response, which ends the read.</exception>
    /// <remarks>
    /// HttpClient's timeout ends when the headers arrive, so a server that stalls mid-body would otherwise hold the
    /// request forever. The timer is only armed when a read actually waits: a body that is already buffered, the common
    /// case for Vault's small answers, costs no timer.
    /// </remarks>
    public static async ValueTask<PooledResponseBody> ReadAsync(Stream stream, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(MinimumBufferSize);
        int length = 0;
        long waitingSince = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    buffer = Grow(buffer, length);
                }

                ValueTask<int> pending = stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
                int read;
                if (pending.IsCompleted || timeout == Timeout.InfiniteTimeSpan)
                {
                    read = await pending.ConfigureAwait(false);
                }
                else
                {
                    waitingSince = waitingSince == 0 ? timeProvider.GetTimestamp() : waitingSince;
                    TimeSpan remaining = timeout - timeProvider.GetElapsedTime(waitingSince);
                    read = await pending.AsTask().WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, timeProvider, cancellationToken).ConfigureAwait(false);
                }

                if (read == 0)
                {
                    return new PooledResponseBody(buffer, length);
                }

                length += read;
            }
        }
        catch
        {
            Release(buffer, length);
            throw;
        }
    }

    /// <summary>Wipes the bytes read and returns the buffer to the pool.</summary>
    public void Dispose()
    {
        if (_buffer is not null)
        {
            Release(_buffer, _length);
        }
    }

    private static byte[] Grow(byte[] buffer, int length)
    {
        if (buffer.Length >= Array.MaxLength)
        {
            throw new InvalidDataException("The Vault response body is larger than the largest possible buffer.");
        }

        byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
        buffer.AsSpan(0, length).CopyTo(larger);
        Release(buffer, length);
        return larger;
    }

    private static void Release(byte[] buffer, int length)
    {
        buffer.AsSpan(0, length).Clear();
        ArrayPool<byte>.Shared.Return(buffer);
    }
}
