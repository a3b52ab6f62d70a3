// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Leases;

/// <summary>Computes bounded exponential backoff delays with jitter, as a pure function of the attempt number.</summary>
/// <remarks>
/// The delay for attempt <c>n</c> (1-based) is <c>min(Initial * 2^(n-1), Maximum)</c>, then reduced by up to
/// <see cref="JitterFraction"/> of itself, so that many clients failing together do not retry together
/// (Vault Agent does the same for logins). The randomness is a parameter so callers inject it and tests fix it.
/// </remarks>
public sealed class ExponentialBackoff
{
    /// <summary>Initializes a new instance of the <see cref="ExponentialBackoff"/> class.</summary>
    /// <param name="initial">The delay before the first retry.</param>
    /// <param name="maximum">The largest delay ever returned.</param>
    /// <param name="jitterFraction">The largest share of a delay that jitter may remove, from 0 to 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A delay is zero or negative, <paramref name="maximum"/> is below <paramref name="initial"/>, or <paramref name="jitterFraction"/> is outside [0, 1].</exception>
    public ExponentialBackoff(TimeSpan initial, TimeSpan maximum, double jitterFraction = 0.25)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximum, initial);
        ArgumentOutOfRangeException.ThrowIfNegative(jitterFraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(jitterFraction, 1.0);
        Initial = initial;
        Maximum = maximum;
        JitterFraction = jitterFraction;
    }

    /// <summary>Gets the delay before the first retry.</summary>
    public TimeSpan Initial { get; }

    /// <summary>Gets the largest delay ever returned.</summary>
    public TimeSpan Maximum { get; }

    /// <summary>Gets the largest share of a delay that jitter may remove.</summary>
    public double JitterFraction { get; }

    /// <summary>Returns the delay before retry number <paramref name="attempt"/>.</summary>
    /// <param name="attempt">The 1-based number of the retry about to be made.</param>
    /// <param name="random">A uniformly distributed value in [0, 1), normally <c>Random.Shared.NextDouble()</c>.</param>
    /// <returns>A delay between <c>(1 - JitterFraction)</c> times and exactly the capped exponential delay.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="attempt"/> is below 1.</exception>
    public TimeSpan GetDelay(int attempt, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        random = Math.Clamp(random, 0.0, 1.0);

        // Doubling past 2^62 ticks overflows; any exponent that large is far beyond Maximum anyway.
        int exponent = Math.Min(attempt - 1, 62);
        double ticks = Math.Min(Initial.Ticks * Math.Pow(2, exponent), Maximum.Ticks);
        double jittered = ticks * (1.0 - (JitterFraction * random));
        return TimeSpan.FromTicks((long)Math.Max(jittered, 1));
    }
}
