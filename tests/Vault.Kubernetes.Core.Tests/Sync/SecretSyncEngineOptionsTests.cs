// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Options;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Core.Tests.Sync;

public sealed class SecretSyncEngineOptionsTests
{
    [Fact]
    public void Validate_Defaults_Passes()
    {
        new SecretSyncEngineOptions().Validate();
    }

    [Fact]
    public void Validate_EveryRuleBroken_ListsEveryPropertyAtOnce()
    {
        var options = new SecretSyncEngineOptions
        {
            MaxConcurrency = 0,
            RetryMinimum = TimeSpan.FromMinutes(10),
            RetryMaximum = TimeSpan.FromMinutes(1),
        };
        options.LeasePlan.RenewFraction = 2;

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(options.Validate);

        Assert.Contains(nameof(SecretSyncEngineOptions.MaxConcurrency), ex.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(SecretSyncEngineOptions.RetryMaximum), ex.Message, StringComparison.Ordinal);
        Assert.Contains("LeasePlanOptions.RenewFraction", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoLeasePlan_NamesLeasePlan()
    {
        var options = new SecretSyncEngineOptions { LeasePlan = null! };

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(options.Validate);

        Assert.Contains(nameof(SecretSyncEngineOptions.LeasePlan), ex.Message, StringComparison.Ordinal);
    }
}
