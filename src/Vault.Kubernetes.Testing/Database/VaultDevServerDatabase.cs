// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vault.Kubernetes.Testing.Internal;
using Vault.Kubernetes.Testing.Leases;

namespace Vault.Kubernetes.Testing.Database;

/// <summary>The dev server's database: the in-memory users behind every database mount.</summary>
/// <remarks>
/// <see cref="IsValid"/> answers what a real database would: a dynamic user works only inside its lease (expired or
/// revoked → false, by the server clock), and a static user only with the password of the current rotation period.
/// </remarks>
public sealed class VaultDevServerDatabase
{
    /// <summary>The default mount path of the database engine.</summary>
    public const string DefaultMountPath = "database";

    private readonly VaultCore _core;

    internal VaultDevServerDatabase(VaultCore core)
    {
        _core = core;
    }

    /// <summary>Gets the number of dynamic users that currently exist across all database mounts.</summary>
    public int DynamicUserCount => _core.Locked(() => Engines().Sum(engine => engine.DynamicUserCount));

    /// <summary>Returns whether a database login with these credentials would succeed right now.</summary>
    /// <param name="username">The username.</param>
    /// <param name="password">The password.</param>
    /// <returns><see langword="true"/> if any database mount has a live user with this password.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public bool IsValid(string username, string password)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        return _core.Locked(() => Engines().Any(engine => engine.IsValid(username, password)));
    }

    /// <summary>Mounts the database engine (what <c>POST sys/mounts/&lt;path&gt; {"type":"database"}</c> does).</summary>
    /// <param name="mountPath">The mount path.</param>
    /// <exception cref="ArgumentException">The path is empty or already in use.</exception>
    public void EnableEngine(string mountPath = DefaultMountPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(mountPath);
        string? error = _core.Locked(() => _core.Mount(mountPath, "database", options: null, isAuth: false, description: string.Empty));
        if (error is not null)
        {
            throw new ArgumentException(error, nameof(mountPath));
        }
    }

    /// <summary>Creates or updates a dynamic role, with the fields of <c>POST database/roles/&lt;name&gt;</c>.</summary>
    /// <param name="roleName">The role name.</param>
    /// <param name="fields">The fields, for example <c>db_name</c>, <c>creation_statements</c>, <c>default_ttl</c> ("1h" or seconds), <c>max_ttl</c>.</param>
    /// <param name="mountPath">The database mount path.</param>
    /// <exception cref="ArgumentException">The mount is not a database mount, or a field is invalid (message as Vault's).</exception>
    public void WriteRole(string roleName, IReadOnlyDictionary<string, object?> fields, string mountPath = DefaultMountPath) =>
        Write("roles/" + roleName, roleName, fields, mountPath);

    /// <summary>Creates or updates a static role, with the fields of <c>POST database/static-roles/&lt;name&gt;</c>.</summary>
    /// <param name="roleName">The role name.</param>
    /// <param name="fields">The fields: <c>db_name</c>, <c>username</c>, <c>rotation_period</c> ("24h" or seconds).</param>
    /// <param name="mountPath">The database mount path.</param>
    /// <exception cref="ArgumentException">The mount is not a database mount, or a field is invalid (message as Vault's).</exception>
    public void WriteStaticRole(string roleName, IReadOnlyDictionary<string, object?> fields, string mountPath = DefaultMountPath) =>
        Write("static-roles/" + roleName, roleName, fields, mountPath);

    private void Write(string relativePath, string roleName, IReadOnlyDictionary<string, object?> fields, string mountPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(roleName);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentException.ThrowIfNullOrEmpty(mountPath);
        var data = JsonSerializer.SerializeToNode(fields) as JsonObject ?? [];
        _core.Locked(() =>
        {
            if (_core.Mounts.Get(mountPath) is not { Backend: DatabaseMount mount })
            {
                throw new ArgumentException($"\"{mountPath.Trim('/')}\" is not a database mount.", nameof(mountPath));
            }

            // The same code path as the HTTP endpoint, so seeded roles behave exactly like written ones.
            var request = new RequestFields(data);
            try
            {
                mount.Write(relativePath, request);
            }
            catch (Exception ex) when (ex is VaultRequestException or FormatException)
            {
                throw new ArgumentException(ex.Message, nameof(fields), ex);
            }
        });
    }

    private IEnumerable<DatabaseSecretsEngine> Engines() =>
        _core.Mounts.All.Select(m => m.Backend).OfType<DatabaseMount>().Select(m => m.Engine);
}
