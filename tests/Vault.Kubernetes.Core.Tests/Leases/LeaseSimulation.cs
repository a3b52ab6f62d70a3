// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Leases;

namespace Vault.Kubernetes.Core.Tests.Leases;

/// <summary>
/// Runs a <see cref="LeasePlan"/> against a <see cref="FakeLeaseServer"/> in simulated time, acting on each decision at
/// its due time the way the sync engine will, and measures how long the consumer ever held an invalid lease.
/// </summary>
internal static class LeaseSimulation
{
    // Vault Agent's login backoff: 1 s doubling to 5 min, up to 25 % jitter.
    private static readonly ExponentialBackoff s_backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

    public static SimulationResult Run(LeasePlan plan, FakeLeaseServer server, DateTimeOffset start, TimeSpan length, int seed)
    {
        var random = new Random(seed);
        var result = new SimulationResult();
        var pendingRevocations = new List<(DateTimeOffset At, string LeaseId)>();
        DateTimeOffset now = start;
        LeaseInfo lease = server.Issue(now);
        LeaseHistory history = LeaseHistory.Empty;
        LeaseDecision? retry = null;
        int failures = 0;

        while (now < start + length)
        {
            LeaseDecision decision = retry ?? plan.Next(lease, history, now, random.NextDouble());
            result.Decisions.Add(decision);
            if (decision.DueAt <= now)
            {
                throw new InvalidOperationException($"No progress: {decision} at {now:O}.");
            }

            // Revocations fall due in between; they must never hit the lease the consumer holds.
            foreach ((DateTimeOffset at, string id) in pendingRevocations.Where(p => p.At <= decision.DueAt).ToList())
            {
                Assert.NotEqual(lease.LeaseId, id);
                server.Revoke(id);
                pendingRevocations.Remove((at, id));
            }

            // The held value was valid from now until its expiry; anything past that up to the due time is an outage.
            DateTimeOffset validUntil = server.ValidUntil(lease.LeaseId, now);
            if (decision.DueAt > validUntil)
            {
                result.ExpiredTime += decision.DueAt - (validUntil > now ? validUntil : now);
            }

            now = decision.DueAt;
            try
            {
                (lease, history) = Act(plan, server, decision.Action, lease, history, now, result, pendingRevocations);
                failures = 0;
                retry = null;
            }
            catch (HttpRequestException)
            {
                result.Failures++;
                retry = plan.Retry(lease, history, decision.Action, s_backoff.GetDelay(++failures, random.NextDouble()), now);
            }

            result.MaxLiveLeases = Math.Max(result.MaxLiveLeases, server.LiveLeases(now));
        }

        return result;
    }

    private static (LeaseInfo Lease, LeaseHistory History) Act(
        LeasePlan plan,
        FakeLeaseServer server,
        LeaseAction action,
        LeaseInfo lease,
        LeaseHistory history,
        DateTimeOffset now,
        SimulationResult result,
        List<(DateTimeOffset At, string LeaseId)> pendingRevocations)
    {
        switch (action)
        {
            case LeaseAction.Renew:
                result.Renewals++;
                return (lease, history.Append(server.Renew(lease.LeaseId, lease.Duration, now)));
            case LeaseAction.Reissue:
                LeaseInfo replacement = server.Issue(now);
                result.Overlaps.Add(server.ValidUntil(lease.LeaseId, now) - now);
                if (plan.RevokeOldLeaseAt(lease, history, now) is { } revokeAt)
                {
                    pendingRevocations.Add((revokeAt, lease.LeaseId));
                }

                result.RenewalsPerLease.Add(history.Count);
                return (replacement, LeaseHistory.Empty);
            default:
                throw new InvalidOperationException($"Unexpected action for a dynamic lease: {action}.");
        }
    }
}
