// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Vault.Kubernetes.Leases;

/// <summary>What Vault granted for a lease renewal.</summary>
/// <param name="LeaseDuration">The new remaining lease duration.</param>
/// <param name="Renewable">Whether the lease can be renewed again.</param>
/// <param name="Warnings">Warnings Vault returned, such as the max-TTL cap notice.</param>
public sealed record LeaseGrant(TimeSpan LeaseDuration, bool Renewable, IReadOnlyList<string> Warnings);
