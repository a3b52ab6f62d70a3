// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.IO;
using System.Net.Http;
using Vault.Kubernetes.Authentication;
using Vault.Kubernetes.Http;

namespace Vault.Kubernetes.Sync;

/// <summary>Sorts failures of reading a secret into those that pass by themselves and those that need someone to change something.</summary>
/// <remarks>
/// Hosts decide with it how long to wait at start-up (a sealed Vault or one electing a leader answers 503 for a few seconds; a missing
/// secret, a role that is not bound or a bad template stays that way) and whether a failure is a condition to report or a backoff to ride.
/// </remarks>
public static class SyncFailure
{
    /// <summary>Returns whether <paramref name="exception"/> is likely to pass without a change: no answer, a timeout, a 412, a 429 or a 5xx other than 501.</summary>
    /// <param name="exception">The failure of a Vault call, a login or a secret read (as in <see cref="SecretSyncEventArgs.Error"/>).</param>
    /// <returns><see langword="true"/> when trying again later may succeed; <see langword="false"/> for refusals, missing secrets, bad templates and bugs.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is <see langword="null"/>.</exception>
    public static bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            // A login failure is as transient as its cause: a 503 passes, a 403 for an unbound role does not.
            VaultAuthenticationException login => login.InnerException is { } cause && IsTransient(cause),
            VaultException vault => vault.IsTransient,
            HttpRequestException or TimeoutException => true,

            // A token file that does not exist or holds no JWT is a mount or path mistake; other I/O errors (a file being replaced) pass.
            FileNotFoundException or DirectoryNotFoundException or InvalidDataException => false,
            IOException => true,
            _ => false,
        };
    }
}
