// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Csi.Mounting;

/// <summary>The fallback when the provider runs without API-server access: every token-less Mount is refused with what to configure.</summary>
internal sealed class UnavailablePodTokenRequester : IPodTokenRequester
{
    /// <inheritdoc/>
    public ValueTask<string> RequestAsync(MountParameters parameters, CancellationToken cancellationToken) =>
        throw new MountInputException(
            $"No service-account token for audience '{parameters.Audience ?? "vault"}' in 'csi.storage.k8s.io/serviceAccount.tokens', and this provider does not request tokens from the API server: add the audience to the CSIDriver's tokenRequests.");
}
