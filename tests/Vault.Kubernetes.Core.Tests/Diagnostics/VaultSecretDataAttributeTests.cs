// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Diagnostics;

namespace Vault.Kubernetes.Core.Tests.Diagnostics;

public sealed class VaultSecretDataAttributeTests
{
    [Fact]
    public void Classification_IsSecretDataInOurTaxonomy()
    {
        var attribute = new VaultSecretDataAttribute();

        Assert.Equal(VaultDataClassifications.SecretData, attribute.Classification);
        Assert.Equal("Vault.Kubernetes", attribute.Classification.TaxonomyName);
        Assert.Equal(VaultTelemetry.Name, VaultDataClassifications.TaxonomyName);
    }
}
