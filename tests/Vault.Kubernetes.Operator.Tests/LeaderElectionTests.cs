// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Diagnostics;
using Vault.Kubernetes.Operator.Controller;
using Vault.Kubernetes.Operator.Hosting;
using Vault.Kubernetes.Operator.Tests.TestSupport;

namespace Vault.Kubernetes.Operator.Tests;

/// <summary>Replicas on a coordination.k8s.io Lease: only the leader runs the controller, a killed leader is replaced within the lease duration, a stopped one at once.</summary>
public sealed class LeaderElectionTests
{
    // Short, so the takeover the test waits for is seconds (the defaults are controller-runtime's 15 s / 10 s / 2 s).
    private static readonly TimeSpan s_leaseDuration = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task KilledLeader_TheOtherReplicaTakesOverWithinTheLeaseDuration_AndKeepsTheSecrets()
    {
        await using OperatorEnvironment env = await OperatorEnvironment.StartAsync();
        OperatorHost first = env.StartOperator(leaderElection: true, identity: "op-1", configure: o => ShortLease(o, releaseOnStop: false));
        await OperatorEnvironment.LeadingControllerAsync(first);
        var secondLeads = new TaskCompletionSource<SecretController>(TaskCreationOptions.RunContinuationsAsynchronously);
        OperatorHost second = env.StartOperator(leaderElection: true, identity: "op-2", configure: o => ShortLease(o, releaseOnStop: true));
        second.StartedLeading += c => secondLeads.TrySetResult(c);
        await env.ApplyDefaultsAsync();
        await env.ApplyYamlAsync(StaticSecretTests.WebConfig());
        await env.WaitForAsync(StaticSecretTests.Secrets, "web-config", s => s is not null);

        // The standby replica runs no controller (it neither watches nor writes); the Lease names the leader.
        Assert.True(first.IsLeading);
        Assert.False(second.IsLeading);
        Assert.Null(second.Controller);
        Assert.Equal("op-1", await HolderAsync(env));

        // Killed without releasing the Lease (no graceful stop): the standby must wait for it to lapse, then lead.
        await env.StopOperatorAsync(first, 0);
        var takeover = Stopwatch.StartNew();
        SecretController controller = await secondLeads.Task.WaitAsync(OperatorEnvironment.Wait, TestContext.Current.CancellationToken);
        takeover.Stop();
        Assert.Equal("op-2", await HolderAsync(env));

        // Within the lease duration plus the retry period and a scheduling margin for a busy machine.
        Assert.True(takeover.Elapsed < s_leaseDuration * 3, $"the standby took over after {takeover.Elapsed}");

        // The new leader does the work: a deleted destination comes back.
        await controller.Ready.WaitAsync(OperatorEnvironment.Wait, TestContext.Current.CancellationToken);
        await env.Kubectl("delete secret web-config -n shop");
        await env.WaitForAsync(StaticSecretTests.Secrets, "web-config", s => s is not null && env.SecretData("shop", "web-config")?["password"] == "s3cr3t-v1");

        // A graceful stop (SIGTERM) gives the Lease up: a third replica leads without waiting out the lease duration.
        var thirdLeads = new TaskCompletionSource<SecretController>(TaskCreationOptions.RunContinuationsAsynchronously);
        OperatorHost third = env.StartOperator(leaderElection: true, identity: "op-3", configure: o => ShortLease(o, releaseOnStop: true));
        third.StartedLeading += c => thirdLeads.TrySetResult(c);
        await Task.Yield();
        Assert.False(third.IsLeading);
        await env.StopOperatorAsync(second, 1);
        var handover = Stopwatch.StartNew();
        await thirdLeads.Task.WaitAsync(OperatorEnvironment.Wait, TestContext.Current.CancellationToken);
        Assert.True(handover.Elapsed < s_leaseDuration, $"after a graceful stop the standby took over after {handover.Elapsed}, not at once");
        Assert.Equal("op-3", await HolderAsync(env));
    }

    private static void ShortLease(OperatorOptions options, bool releaseOnStop)
    {
        options.ReleaseOnStop = releaseOnStop;
        options.LeaseDuration = s_leaseDuration;
        options.RenewDeadline = TimeSpan.FromSeconds(1.5);
        options.RetryPeriod = TimeSpan.FromMilliseconds(250);
    }

    private static async Task<string> HolderAsync(OperatorEnvironment env) =>
        await env.Kubectl($"get lease vault-operator-dotnet-leader -n {OperatorEnvironment.OperatorNamespace} -o jsonpath={{.spec.holderIdentity}}");
}
