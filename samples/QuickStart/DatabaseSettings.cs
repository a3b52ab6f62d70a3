// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace QuickStart;

/// <summary>The app's database settings, bound from the Vault-backed "Database" section.</summary>
public sealed class DatabaseSettings
{
    public string? Username { get; set; }

    public string? Password { get; set; }

    public string? ConnectionString { get; set; }
}
