// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Time.Testing;

namespace Vault.Kubernetes.Testing.Tests.Infrastructure;

/// <summary>A FakeTimeProvider that signals when someone starts waiting on it (so tests advance it only then, without sleeps).</summary>
public sealed class SignalingTimeProvider : FakeTimeProvider
{
    private TaskCompletionSource _timerCreated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets a task that completes when the next timer is created.</summary>
    public Task TimerCreated => _timerCreated.Task;

    /// <summary>Re-arms <see cref="TimerCreated"/>.</summary>
    public void Reset() => _timerCreated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ITimer timer = base.CreateTimer(callback, state, dueTime, period);
        _timerCreated.TrySetResult();
        return timer;
    }
}
