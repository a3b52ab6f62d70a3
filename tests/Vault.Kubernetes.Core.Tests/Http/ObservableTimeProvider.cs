// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Vault.Kubernetes.Core.Tests.Http;

/// <summary>A <see cref="FakeTimeProvider"/> that reports each timer created, so tests advance time only once a delay is scheduled.</summary>
internal sealed class ObservableTimeProvider : FakeTimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _dueTimes = new();
    private readonly SemaphoreSlim _created = new(0);

    /// <summary>Gets the due time of every timer created so far.</summary>
    public IReadOnlyCollection<TimeSpan> DueTimes => _dueTimes;

    /// <summary>Waits until a timer with exactly <paramref name="dueTime"/> exists.</summary>
    public Task WaitForTimerAsync(TimeSpan dueTime, CancellationToken cancellationToken) =>
        WaitForTimerAsync(d => d == dueTime, dueTime.ToString(), cancellationToken);

    /// <summary>Waits until a timer whose due time matches <paramref name="predicate"/> exists.</summary>
    public async Task WaitForTimerAsync(Func<TimeSpan, bool> predicate, string description, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_dueTimes.Any(predicate))
            {
                return;
            }

            if (!await _created.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken))
            {
                throw new TimeoutException($"No timer of {description} was created; seen: {string.Join(", ", _dueTimes)}.");
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ObservedTimer(base.CreateTimer(callback, state, dueTime, period), this);
        Record(dueTime);
        return timer;
    }

    private void Record(TimeSpan dueTime)
    {
        _dueTimes.Enqueue(dueTime);
        _created.Release();
    }

    /// <summary>Reports <see cref="Change"/> too: cancellation sources create their timer first and arm it afterwards.</summary>
    private sealed class ObservedTimer(ITimer inner, ObservableTimeProvider owner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            bool changed = inner.Change(dueTime, period);
            owner.Record(dueTime);
            return changed;
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
