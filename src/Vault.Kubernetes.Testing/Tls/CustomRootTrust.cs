// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Vault.Kubernetes.Testing.Tls;

/// <summary>Certificate validation against given roots only (a dev CA, a cluster CA), ignoring the machine's trust store.</summary>
internal static class CustomRootTrust
{
    public static RemoteCertificateValidationCallback Callback(X509Certificate2Collection roots) => (_, certificate, _, _) =>
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return certificate is X509Certificate2 leaf && chain.Build(leaf);
    };
}
