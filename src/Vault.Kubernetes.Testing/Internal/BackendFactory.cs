// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>Creates the backend for a new mount of a registered engine/auth type (sys/mounts and sys/auth POST).</summary>
/// <param name="core">The server core (clock, tokens, leases, gate).</param>
/// <param name="mount">The mount entry being created (path, options).</param>
internal delegate IVaultBackend BackendFactory(VaultCore core, MountEntry mount);
