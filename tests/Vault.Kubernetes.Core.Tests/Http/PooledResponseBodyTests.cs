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
        using PooledResponseBody body = await PooledResponseBody.ReadAsync(stream, Timeout.InfiniteTimeSpan, TimeProvider.System, Ct);

        Assert.Equal(payload, body.Memory.ToArray());
    }

    [Fact]
    public async Task Dispose_WipesTheBytesBeforeReturningTheBuffer()
    {
        byte[] secret = "password=hunter2-0123456789"u8.ToArray();
        using var stream = new MemoryStream(secret, writable: false);
        PooledResponseBody body = await PooledResponseBody.ReadAsync(stream, Timeout.InfiniteTimeSpan, TimeProvider.System, Ct);
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

        var ex = await Assert.ThrowsAsync<IOException>(async () => await PooledResponseBody.ReadAsync(stream, Timeout.InfiniteTimeSpan, TimeProvider.System, Ct));

        Assert.Equal("connection reset", ex.Message);
    }

    [Fact]
    public async Task ReadAsync_BodyAlreadyBuffered_ArmsNoTimer()
    {
        var time = new ObservableTimeProvider();
        using var stream = new MemoryStream(new byte[10_000], writable: false);

        using PooledResponseBody body = await PooledResponseBody.ReadAsync(stream, TimeSpan.FromSeconds(30), time, Ct);

        Assert.Equal(10_000, body.Memory.Length);
        Assert.Empty(time.DueTimes);
    }

    [Fact]
    public async Task ReadAsync_ServerStallsMidBody_TimesOutOnTheTimeProvider()
    {
        var time = new ObservableTimeProvider();
        using var stream = new StallingStream("{\"data\":"u8.ToArray());

        Task<PooledResponseBody> reading = PooledResponseBody.ReadAsync(stream, TimeSpan.FromSeconds(30), time, Ct).AsTask();
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(30), Ct);
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(reading.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<TimeoutException>(() => reading.WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }

    /// <summary>Hands out its bytes at once, then waits forever (until cancelled), like a server that stops mid-body.</summary>
    internal sealed class StallingStream(byte[] prefix) : MemoryStream(prefix, writable: false)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await base.ReadAsync(buffer, cancellationToken);
            if (read > 0)
            {
                return read;
            }

            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            return 0;
        }
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
