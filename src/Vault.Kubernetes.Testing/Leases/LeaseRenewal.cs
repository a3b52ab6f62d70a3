// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Vault.Kubernetes.Testing.Leases;

/// <summary>The outcome of a successful renewal: the granted TTL and any warnings (max TTL capping).</summary>
/// <param name="LeaseId">The renewed lease id.</param>
/// <param name="Ttl">The granted TTL, measured from the renewal.</param>
/// <param name="Renewable">Whether the lease stays renewable.</param>
/// <param name="Warnings">Warnings for the response envelope; empty when the request was granted in full.</param>
internal sealed record LeaseRenewal(string LeaseId, TimeSpan Ttl, bool Renewable, IReadOnlyList<string> Warnings);
