// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Authentication;

/// <summary>Describes a login, renewal or failed login of a <see cref="VaultSession"/>; never carries the token.</summary>
public sealed class VaultSessionEventArgs : EventArgs
{
    internal VaultSessionEventArgs(DateTimeOffset timestamp, DateTimeOffset? tokenExpiresAt, Exception? error = null, TimeSpan? retryDelay = null, int failureCount = 0)
    {
        Timestamp = timestamp;
        TokenExpiresAt = tokenExpiresAt;
        Error = error;
        RetryDelay = retryDelay;
        FailureCount = failureCount;
    }

    /// <summary>Gets when the event happened.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Gets when the current token expires, <see cref="DateTimeOffset.MaxValue"/> if never, or <see langword="null"/> when the session holds no token.</summary>
    public DateTimeOffset? TokenExpiresAt { get; }

    /// <summary>Gets the error of a failed login, or <see langword="null"/>.</summary>
    public Exception? Error { get; }

    /// <summary>Gets how long the session waits before the next login attempt, after a failed login.</summary>
    public TimeSpan? RetryDelay { get; }

    /// <summary>Gets the number of consecutive failed logins, after a failed login.</summary>
    public int FailureCount { get; }

    /// <summary>Gets how many successful logins the session has made, this one included, for <see cref="VaultSession.LoggedIn"/>: 1 for the first login, more for a re-login.</summary>
    /// <remarks>Vault revokes a token's leases with the token, so holders of leases re-issue them when this is above 1.</remarks>
    public int LoginCount { get; init; }
}
