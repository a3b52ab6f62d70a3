// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Core.Tests.Http;

public sealed class PooledResponseBodyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(100_000)]
    public async Task ReadAsync_ReturnsEveryByte_GrowingAsNeeded(int size)
    {
        byte[] payload = new byte[size];
        new Random(size).NextBytes(payload);

        // A stream that hands out small pieces, like a socket, so the buffer has to grow across reads.
        using var stream = new TrickleStream(payload, chunk: 1000);
        using PooledResponseBody body = await PooledResponseBody.ReadAsync(stream, Ct);

        Assert.Equal(payload, body.Memory.ToArray());
    }

    [Fact]
    public async Task Dispose_WipesTheBytesBeforeReturningTheBuffer()
    {
        byte[] secret = "password=hunter2-0123456789"u8.ToArray();
        using var stream = new MemoryStream(secret, writable: false);
        PooledResponseBody body = await PooledResponseBody.ReadAsync(stream, Ct);
        byte[] rented = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(body.Memory, out ArraySegment<byte> segment)
            ? segment.Array!
            : throw new InvalidOperationException("The body is not array-backed.");

        body.Dispose();

        Assert.All(rented.AsSpan(0, secret.Length).ToArray(), b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task ReadAsync_StreamFails_ReturnsTheBufferAndRethrows()
    {
        using var stream = new TrickleStream(new byte[10_000], chunk: 3000, failAfter: 2);

        var ex = await Assert.ThrowsAsync<IOException>(async () => await PooledResponseBody.ReadAsync(stream, Ct));

        Assert.Equal("connection reset", ex.Message);
    }

    private sealed class TrickleStream(byte[] data, int chunk, int failAfter = int.MaxValue) : MemoryStream(data, writable: false)
    {
        private int _reads;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (++_reads > failAfter)
            {
                throw new IOException("connection reset");
            }

            return base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
        }
    }
}
