// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Csi.Mounting;

/// <summary>The fallback for a Mount without a pod token: asks the API server for one (TokenRequest), as vault-csi-provider does.</summary>
internal interface IPodTokenRequester
{
    /// <summary>Requests a token for the pod's service account, bound to the pod.</summary>
    /// <param name="parameters">The mount, naming the pod, its namespace and service account, and the audience.</param>
    /// <param name="cancellationToken">The token to cancel the operation.</param>
    /// <returns>The JWT.</returns>
    /// <exception cref="MountInputException">No token can be obtained; the message says what to configure.</exception>
    ValueTask<string> RequestAsync(MountParameters parameters, CancellationToken cancellationToken);
}
