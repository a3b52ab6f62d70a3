// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using QuickStart;

namespace QuickStart.Tests;

public sealed class QuickStartAppTests
{
    [Fact]
    public async Task RunAsync_NoVaultAddress_ShowsReloadRenewalAndRotationOnTheDevServerAndExitsZero()
    {
        var output = new StringWriter();

        int exitCode = await QuickStartApp.RunAsync([], output, _ => null, TestContext.Current.CancellationToken);

        string text = output.ToString();
        Assert.True(exitCode == 0, text);
        Assert.Contains("Saw the hot reload of the changed KV secret.", text, StringComparison.Ordinal);
        Assert.Contains("Saw the renewal of the database lease.", text, StringComparison.Ordinal);
        Assert.Contains("Saw the rotation of the database credentials", text, StringComparison.Ordinal);
        Assert.Contains("valid in Vault: True", text, StringComparison.Ordinal);
        Assert.Contains("Health: Healthy", text, StringComparison.Ordinal);

        // Values are masked: the seeded API keys and generated passwords never appear in full.
        Assert.DoesNotContain("qs-api-key-v", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Password=", text, StringComparison.Ordinal);

        // Not even a prefix: masked values show a length and a fingerprint keyed per run.
        Assert.Contains("= *** (", text, StringComparison.Ordinal);
        Assert.DoesNotContain("= qs", text, StringComparison.Ordinal);
        Assert.DoesNotContain("= v-", text, StringComparison.Ordinal);
    }
}
