// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Options;
using Vault.Kubernetes.Leases;

namespace Vault.Kubernetes.Core.Tests.Leases;

public sealed class LeasePlanOptionsValidatorTests
{
    private readonly LeasePlanOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        Assert.True(_validator.Validate(Options.DefaultName, new LeasePlanOptions()).Succeeded);
        Assert.True(_validator.Validate(null, new LeasePlanOptions { RevokeOldLeaseAfter = null, ExpiryMargin = TimeSpan.Zero }).Succeeded);
    }

    public static TheoryData<string, Action<LeasePlanOptions>> BrokenOptions => new()
    {
        { "RenewFraction", o => o.RenewFraction = 0 },
        { "RenewFraction", o => o.RenewFraction = 1 },
        { "RenewFraction", o => o.RenewFraction = double.NaN },
        { "RenewFraction", o => o.RenewFraction = 0.96 },
        { "ReissueFraction", o => o.ReissueFraction = -0.2 },
        { "ReissueFraction", o => o.ReissueFraction = 0.02 },
        { "JitterFraction", o => o.JitterFraction = -0.1 },
        { "JitterFraction", o => o.JitterFraction = 1 },
        { "RefreshInterval", o => o.RefreshInterval = TimeSpan.Zero },
        { "RefreshInterval", o => o.RefreshInterval = TimeSpan.FromMilliseconds(500) },
        { "MinimumDelay", o => o.MinimumDelay = TimeSpan.Zero },
        { "ExpiryMargin", o => o.ExpiryMargin = TimeSpan.FromSeconds(-1) },
        { "StaticRoleRereadDelay", o => o.StaticRoleRereadDelay = TimeSpan.FromSeconds(-1) },
        { "StaticRoleRereadJitter", o => o.StaticRoleRereadJitter = TimeSpan.FromSeconds(-1) },
        { "RevokeOldLeaseAfter", o => o.RevokeOldLeaseAfter = TimeSpan.FromSeconds(-1) },
    };

    [Theory]
    [MemberData(nameof(BrokenOptions))]
    public void Validate_BrokenProperty_FailsNamingIt(string property, Action<LeasePlanOptions> breakIt)
    {
        var options = new LeasePlanOptions();
        breakIt(options);

        ValidateOptionsResult result = _validator.Validate(Options.DefaultName, options);

        Assert.True(result.Failed);
        string failure = Assert.Single(result.Failures!);
        Assert.StartsWith($"LeasePlanOptions.{property} ", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralBrokenProperties_ListsEveryFailure()
    {
        var options = new LeasePlanOptions { RenewFraction = 2, MinimumDelay = TimeSpan.Zero, JitterFraction = 3 };

        ValidateOptionsResult result = _validator.Validate(Options.DefaultName, options);

        Assert.Equal(3, result.Failures!.Count());
        Assert.Contains("(was 2)", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NullOptions_Throws()
    {
        Assert.Throws<ArgumentNullException>("options", () => _validator.Validate(null, null!));
    }
}
