// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Generic;

namespace Vault.Kubernetes.Testing.Database;

/// <summary>A connection (<c>database/config/&lt;name&gt;</c>); the in-memory database needs none, but roles are checked against it.</summary>
/// <param name="Name">The connection name (a role's <c>db_name</c>).</param>
/// <param name="PluginName">The plugin name, for example "postgresql-database-plugin".</param>
/// <param name="ConnectionUrl">The connection URL template.</param>
/// <param name="Username">The root username.</param>
/// <param name="AllowedRoles">The roles allowed to use this connection ("*" = any, globs allowed).</param>
/// <param name="VerifyConnection">Whether Vault verified the connection on write (recorded, never attempted here).</param>
internal sealed record DatabaseConnection(string Name, string PluginName, string ConnectionUrl, string Username, IReadOnlyList<string> AllowedRoles, bool VerifyConnection);
