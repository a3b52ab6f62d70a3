// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Testing.Database;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>Registers the database secrets engine type ("database").</summary>
internal sealed partial class VaultCore
{
    partial void RegisterDatabasePlugin() =>
        RegisterSecretEngine("database", (core, mount) => new DatabaseMount(new DatabaseSecretsEngine(
            core.Leases, core.Clock, mount.Name, () => mount.DefaultLeaseTtl, () => mount.MaxLeaseTtl)));
}
