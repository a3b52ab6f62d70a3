// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Microsoft.Extensions.Options;
using Vault.Kubernetes.Injector.Hosting;

namespace Vault.Kubernetes.Injector.Tests;

public sealed class InjectorOptionsValidatorTests
{
    [Fact]
    public void Validate_EverythingWrong_ListsEachSetting()
    {
        ValidateOptionsResult result = new InjectorOptionsValidator().Validate(null, new InjectorOptions
        {
            AgentImage = " ",
            Port = 70000,
            VaultAddress = "not a url",
            FailureMode = (InjectorFailureMode)7,
        });

        Assert.True(result.Failed);
        foreach (string setting in new[] { "AgentImage", "TlsCertFile", "Port", "VaultAddress", "FailureMode" })
        {
            Assert.Contains(result.Failures!, f => f.Contains(setting, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Start_CertificateFilesMissing_StopsNamingThem()
    {
        await using Microsoft.AspNetCore.Builder.WebApplication app = InjectorHost.Build(
            ["--Injector:Port=0", "--Injector:TlsCertFile=/nonexistent/tls.crt", "--Injector:TlsKeyFile=/nonexistent/tls.key"]);

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains(ex.Failures, f => f.Contains("TlsCertFile", StringComparison.Ordinal) && f.Contains("/nonexistent/tls.crt", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("TlsKeyFile", StringComparison.Ordinal));
    }
}
