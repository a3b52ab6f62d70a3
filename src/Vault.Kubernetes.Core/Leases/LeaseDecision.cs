// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Globalization;

namespace Vault.Kubernetes.Leases;

/// <summary>What to do next to keep a secret fresh, and when.</summary>
internal sealed class LeaseDecision
{
    /// <summary>Initializes a new instance of the <see cref="LeaseDecision"/> class.</summary>
    /// <param name="action">The action to take.</param>
    /// <param name="dueAt">When to take it.</param>
    /// <param name="reason">Why, in a short sentence for logs and status.</param>
    /// <exception cref="ArgumentNullException"><paramref name="reason"/> is <see langword="null"/>.</exception>
    public LeaseDecision(LeaseAction action, DateTimeOffset dueAt, string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        Action = action;
        DueAt = dueAt;
        Reason = reason;
    }

    /// <summary>Gets the action to take.</summary>
    public LeaseAction Action { get; }

    /// <summary>Gets when to take the action.</summary>
    public DateTimeOffset DueAt { get; }

    /// <summary>Gets why this action was chosen, for logs and status; it never contains a secret.</summary>
    public string Reason { get; }

    /// <summary>Returns how long to wait from <paramref name="now"/> until <see cref="DueAt"/>.</summary>
    /// <param name="now">The current time.</param>
    /// <returns>The wait, or <see cref="TimeSpan.Zero"/> when the action is already due.</returns>
    public TimeSpan DelayFrom(DateTimeOffset now) => DueAt > now ? DueAt - now : TimeSpan.Zero;

    /// <summary>Returns the action, due time and reason.</summary>
    /// <returns>A one-line description for logs.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Action} at {DueAt:O}: {Reason}");
}
