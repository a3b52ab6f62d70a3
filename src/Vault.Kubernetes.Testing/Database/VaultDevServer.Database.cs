// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Testing.Database;

namespace Vault.Kubernetes.Testing;

/// <summary>In-process handle to the dev server's database engine.</summary>
public sealed partial class VaultDevServer
{
    private VaultDevServerDatabase? _database;

    /// <summary>Gets the database handle: enable the engine, seed roles, and ask whether credentials work right now.</summary>
    public VaultDevServerDatabase Database => _database ??= new VaultDevServerDatabase(Core);
}
