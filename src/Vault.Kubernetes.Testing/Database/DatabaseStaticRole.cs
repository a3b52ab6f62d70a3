// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Vault.Kubernetes.Testing.Database;

/// <summary>A static role (<c>database/static-roles/&lt;name&gt;</c>): one existing user whose password Vault rotates every period.</summary>
internal sealed class DatabaseStaticRole
{
    public DatabaseStaticRole(string name, string dbName, string username, TimeSpan rotationPeriod, IReadOnlyList<string> rotationStatements)
    {
        Name = name;
        DbName = dbName;
        Username = username;
        RotationPeriod = rotationPeriod;
        RotationStatements = rotationStatements;
    }

    public string Name { get; }

    public string DbName { get; set; }

    public string Username { get; }

    public TimeSpan RotationPeriod { get; set; }

    public IReadOnlyList<string> RotationStatements { get; set; }

    /// <summary>Gets or sets the current password (changes on every rotation).</summary>
    public string Password { get; set; } = string.Empty;

    /// <summary>Gets or sets the time of the last rotation; the next one is due one period later.</summary>
    public DateTimeOffset LastVaultRotation { get; set; }
}
