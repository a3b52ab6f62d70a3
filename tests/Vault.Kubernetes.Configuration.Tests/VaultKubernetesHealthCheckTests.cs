// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using Vault.Kubernetes.Configuration;
using Vault.Kubernetes.Configuration.Internal;
using Vault.Kubernetes.Core.Tests.Sync;
using Vault.Kubernetes.Secrets;
using Vault.Kubernetes.Sync;

namespace Vault.Kubernetes.Configuration.Tests;

public sealed class VaultKubernetesHealthCheckTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));
    private readonly FakeVaultSecretSource _vault;

    public VaultKubernetesHealthCheckTests()
    {
        _vault = new FakeVaultSecretSource(_time);
    }

    [Fact]
    public async Task CheckHealth_FreshOutageAndMissing_HealthyDegradedUnhealthy()
    {
        _vault.PutKv("secret/app", new() { ["Password"] = "health-secret-value" });
        _vault.DefineRole("database/creds/app", TimeSpan.FromHours(1), TimeSpan.FromHours(24));
        var source = new VaultConfigurationSource { TimeProvider = _time, Random = () => 0.5, SecretSource = _vault };
        source.Options.Address = "http://127.0.0.1:8200";
        source.Options.Token = "dev-only";
        source.Options.Optional = true;
        source.Options.Secrets.Add(new VaultSecretOptions { Path = "secret/app", Kind = SecretSourceKind.KvV2 });
        source.Options.Secrets.Add(new VaultSecretOptions { Path = "database/creds/app", Kind = SecretSourceKind.Dynamic });
        using var config = (ConfigurationRoot)new ConfigurationBuilder().Add(source).Build();
        VaultConfigurationProvider provider = config.Providers.OfType<VaultConfigurationProvider>().Single();
        var check = new VaultKubernetesHealthCheck(provider);

        HealthCheckResult healthy = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
        Assert.Equal(HealthStatus.Healthy, healthy.Status);

        _vault.Outage = true;
        _time.Advance(TimeSpan.FromMinutes(6));
        await provider.WhenIdleAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        HealthCheckResult degraded = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Contains("last-known-good", degraded.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("health-secret-value", degraded.Description, StringComparison.Ordinal);

        // Through the whole outage the database lease runs out: credentials in configuration are expired now.
        _time.Advance(TimeSpan.FromHours(1));
        await provider.WhenIdleAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        HealthCheckResult unhealthy = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
        Assert.Equal(HealthStatus.Unhealthy, unhealthy.Status);
        Assert.Contains("database/creds/app: credentials expired", unhealthy.Description, StringComparison.Ordinal);
    }
}
