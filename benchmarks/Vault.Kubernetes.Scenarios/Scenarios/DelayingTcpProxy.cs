// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Vault.Kubernetes.Scenarios.Scenarios;

/// <summary>A TCP proxy on loopback that delays every chunk by half a round trip in each direction, so TLS handshakes and
/// connection setup pay the network's round trip too (a server-side latency only delays requests).</summary>
internal sealed class DelayingTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly TimeSpan _oneWay;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];
    private readonly Task _accepting;

    public DelayingTcpProxy(IPEndPoint target, TimeSpan roundTrip)
    {
        _target = target;
        _oneWay = roundTrip / 2;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Gets how many TCP connections the clients opened through the proxy.</summary>
    public int Connections { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        Task[] tasks;
        lock (_tasks)
        {
            tasks = [.. _tasks];
        }

        await Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Connections++;
            var server = new TcpClient { NoDelay = true };
            client.NoDelay = true;
            await server.ConnectAsync(_target, _stop.Token);
            lock (_tasks)
            {
                _tasks.Add(PumpAsync(client, server));
                _tasks.Add(PumpAsync(server, client));
            }
        }
    }

    // Each chunk is forwarded at its arrival time plus the one-way delay, in order: latency is added, throughput is not capped.
    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        var chunks = Channel.CreateUnbounded<(long Due, byte[] Bytes)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        Task writer = WriteAsync(chunks.Reader, to.GetStream());
        try
        {
            NetworkStream input = from.GetStream();
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = await input.ReadAsync(buffer, _stop.Token)) > 0)
            {
                chunks.Writer.TryWrite((Stopwatch.GetTimestamp() + (long)(_oneWay.TotalSeconds * Stopwatch.Frequency), buffer[..read]));
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
        finally
        {
            chunks.Writer.TryComplete();
            await writer.ContinueWith(_ => { }, TaskScheduler.Default);
            from.Dispose();
            to.Dispose();
        }
    }

    private async Task WriteAsync(ChannelReader<(long Due, byte[] Bytes)> chunks, NetworkStream output)
    {
        try
        {
            await foreach ((long due, byte[] bytes) in chunks.ReadAllAsync(_stop.Token))
            {
                TimeSpan wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _stop.Token);
                }

                await output.WriteAsync(bytes, _stop.Token);
            }

            output.Socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }
}
