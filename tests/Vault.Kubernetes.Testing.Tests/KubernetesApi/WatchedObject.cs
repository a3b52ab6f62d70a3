// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Threading.Channels;
using k8s;

namespace Vault.Kubernetes.Testing.Tests.KubernetesApi;

/// <summary>A KubernetesClient watch on one named object, so tests wait on the server's events instead of sleeping.</summary>
public sealed class WatchedObject<T> : IDisposable
{
    private readonly Channel<(WatchEventType Type, T Object)> _events = Channel.CreateUnbounded<(WatchEventType, T)>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    public WatchedObject(Func<CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch)
    {
        _pump = Task.Run(async () =>
        {
            try
            {
                await foreach ((WatchEventType type, T item) in watch(_stop.Token))
                {
                    await _events.Writer.WriteAsync((type, item), _stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
                // Disposed.
            }
            finally
            {
                _events.Writer.TryComplete();
            }
        });
    }

    /// <summary>Waits (30 s at most) for the next event whose object satisfies <paramref name="predicate"/>.</summary>
    public async Task<T> NextAsync(Func<T, bool> predicate)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await foreach ((WatchEventType _, T item) in _events.Reader.ReadAllAsync(timeout.Token))
        {
            if (predicate(item))
            {
                return item;
            }
        }

        throw new InvalidOperationException("the watch ended before the expected event");
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
