// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Testing.Leases;

/// <summary>The TTL settings a secrets engine applies to one of its leases (zero means "use the system default").</summary>
/// <param name="DefaultTtl">The TTL granted on issue and on a renewal without increment.</param>
/// <param name="MaxTtl">The maximum lifetime, measured from the lease's issue time.</param>
internal readonly record struct LeaseTerms(TimeSpan DefaultTtl, TimeSpan MaxTtl);
