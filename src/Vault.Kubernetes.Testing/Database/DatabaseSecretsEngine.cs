// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Vault.Kubernetes.Testing.Internal;

namespace Vault.Kubernetes.Testing.Database;

/// <summary>The database secrets engine with an in-memory "database": dynamic users bound to leases and rotating static users.</summary>
/// <remarks>
/// The in-memory user table is the source of truth for <see cref="IsValid"/>: a dynamic user is dropped when its lease is
/// revoked or tidied away, and counts as invalid from the instant its lease expires by the clock even before that; a
/// static user's password changes whenever a rotation period elapses (evaluated against the clock on every access).
/// Not thread-safe: callers hold the server gate.
/// </remarks>
internal sealed class DatabaseSecretsEngine
{
    /// <summary>The smallest rotation period Vault accepts for a static role.</summary>
    public static readonly TimeSpan MinimumRotationPeriod = TimeSpan.FromSeconds(5);

    private const string PasswordAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-";
    private const int PasswordLength = 20;

    private readonly Dictionary<string, DatabaseRole> _roles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DatabaseStaticRole> _staticRoles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DynamicUser> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DatabaseConnection> _connections = new(StringComparer.Ordinal);
    private readonly LeaseStore _leases;
    private readonly TimeProvider _timeProvider;
    private readonly Func<TimeSpan> _mountDefaultTtl;
    private readonly Func<TimeSpan> _mountMaxTtl;

    /// <param name="leases">The server's lease registry.</param>
    /// <param name="timeProvider">The server clock.</param>
    /// <param name="mountPath">The mount path (prefixes lease ids).</param>
    /// <param name="mountDefaultTtl">The mount's tuned default lease TTL (zero: system default), read at use time.</param>
    /// <param name="mountMaxTtl">The mount's tuned max lease TTL (zero: system max), read at use time.</param>
    public DatabaseSecretsEngine(LeaseStore leases, TimeProvider timeProvider, string mountPath = "database", Func<TimeSpan>? mountDefaultTtl = null, Func<TimeSpan>? mountMaxTtl = null)
    {
        ArgumentNullException.ThrowIfNull(leases);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentException.ThrowIfNullOrEmpty(mountPath);
        _leases = leases;
        _timeProvider = timeProvider;
        MountPath = mountPath.Trim('/');
        _mountDefaultTtl = mountDefaultTtl ?? (() => TimeSpan.Zero);
        _mountMaxTtl = mountMaxTtl ?? (() => TimeSpan.Zero);
    }

    /// <summary>Gets the mount path (without slashes) that prefixes lease ids.</summary>
    public string MountPath { get; }

    /// <summary>Gets the number of dynamic users that currently exist in the database.</summary>
    public int DynamicUserCount => _users.Count;

    /// <summary>Creates or replaces a connection.</summary>
    /// <exception cref="VaultRequestException">400 <c>empty plugin name</c>.</exception>
    public void WriteConnection(DatabaseConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (string.IsNullOrEmpty(connection.PluginName))
        {
            throw new VaultRequestException("empty plugin name");
        }

        _connections[connection.Name] = connection;
    }

    /// <summary>Returns the connection, or <see langword="null"/>.</summary>
    public DatabaseConnection? ReadConnection(string name) => _connections.GetValueOrDefault(name);

    /// <summary>Deletes a connection.</summary>
    public void DeleteConnection(string name) => _connections.Remove(name);

    /// <summary>Lists connection names in ordinal order.</summary>
    public IReadOnlyList<string> ListConnections() => [.. _connections.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Creates or replaces a dynamic role.</summary>
    /// <exception cref="VaultRequestException">400 when a static role has the same name or a required field is missing.</exception>
    public void WriteRole(DatabaseRole role)
    {
        ArgumentNullException.ThrowIfNull(role);
        if (string.IsNullOrEmpty(role.DbName))
        {
            throw new VaultRequestException("empty database name attribute");
        }

        if (role.CreationStatements.Count == 0)
        {
            throw new VaultRequestException("empty creation statements");
        }

        if (role.MaxTtl > TimeSpan.Zero && role.DefaultTtl > role.MaxTtl)
        {
            throw new VaultRequestException("ttl cannot be greater than max_ttl");
        }

        if (_staticRoles.ContainsKey(role.Name))
        {
            throw new VaultRequestException("Role and Static Role names must be unique");
        }

        _roles[role.Name] = role;
    }

    /// <summary>Returns the dynamic role, or <see langword="null"/> if there is none.</summary>
    public DatabaseRole? ReadRole(string name) => _roles.GetValueOrDefault(name);

    /// <summary>Deletes a dynamic role; users already issued keep their leases (as in Vault).</summary>
    public void DeleteRole(string name) => _roles.Remove(name);

    /// <summary>Lists dynamic role names in ordinal order.</summary>
    public IReadOnlyList<string> ListRoles() => [.. _roles.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Creates a static role (rotating its password immediately) or updates its period and statements.</summary>
    /// <exception cref="VaultRequestException">400 for a missing username, a too short period, a name clash or a username change.</exception>
    public DatabaseStaticRole WriteStaticRole(string name, string? dbName, string? username, TimeSpan? rotationPeriod, IReadOnlyList<string>? rotationStatements)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_roles.ContainsKey(name))
        {
            throw new VaultRequestException("Role and Static Role names must be unique");
        }

        DateTimeOffset now = _timeProvider.GetUtcNow();
        if (_staticRoles.TryGetValue(name, out DatabaseStaticRole? existing))
        {
            if (!string.IsNullOrEmpty(username) && username != existing.Username)
            {
                throw new VaultRequestException("cannot update static account username");
            }

            if (rotationPeriod is { } period)
            {
                ValidatePeriod(period);
                RotateIfDue(existing, now);
                existing.RotationPeriod = period;
            }

            existing.DbName = string.IsNullOrEmpty(dbName) ? existing.DbName : dbName;
            existing.RotationStatements = rotationStatements ?? existing.RotationStatements;
            return existing;
        }

        if (string.IsNullOrEmpty(dbName))
        {
            throw new VaultRequestException("empty database name attribute");
        }

        if (string.IsNullOrEmpty(username))
        {
            throw new VaultRequestException("username is a required field to create a static account");
        }

        if (rotationPeriod is not { } newPeriod)
        {
            throw new VaultRequestException("one of rotation_schedule or rotation_period must be provided to create a static account");
        }

        ValidatePeriod(newPeriod);
        var role = new DatabaseStaticRole(name, dbName, username, newPeriod, rotationStatements ?? [])
        {
            Password = NewPassword(),
            LastVaultRotation = now,
        };
        _staticRoles[name] = role;
        return role;
    }

    /// <summary>Returns the static role (after applying any rotation that fell due), or <see langword="null"/>.</summary>
    public DatabaseStaticRole? ReadStaticRole(string name)
    {
        if (!_staticRoles.TryGetValue(name, out DatabaseStaticRole? role))
        {
            return null;
        }

        RotateIfDue(role, _timeProvider.GetUtcNow());
        return role;
    }

    /// <summary>Deletes a static role; its user keeps its last password but Vault no longer vouches for it.</summary>
    public void DeleteStaticRole(string name) => _staticRoles.Remove(name);

    /// <summary>Lists static role names in ordinal order.</summary>
    public IReadOnlyList<string> ListStaticRoles() => [.. _staticRoles.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Creates a new database user for <paramref name="roleName"/> with a renewable lease.</summary>
    /// <param name="roleName">The dynamic role.</param>
    /// <param name="ownerToken">The id of the client token making the request (its revocation revokes the lease).</param>
    /// <param name="displayName">The token's display name, used in the username template.</param>
    /// <exception cref="VaultRequestException">400 <c>unknown role: &lt;name&gt;</c>.</exception>
    public DatabaseCredentials IssueCredentials(string roleName, string? ownerToken = null, string displayName = "token")
    {
        DatabaseRole role = _roles.GetValueOrDefault(roleName) ?? throw new VaultRequestException($"unknown role: {roleName}");

        // Without a connection the in-memory database serves any role (dev convenience); with one, allowed_roles applies.
        if (_connections.TryGetValue(role.DbName, out DatabaseConnection? connection)
            && !Kubernetes.KubernetesAuthBackend.MatchesAny(connection.AllowedRoles, roleName))
        {
            throw new VaultRequestException(500, $"\"{roleName}\" is not an allowed role");
        }

        string username = NewUsername(displayName, roleName);
        string password = NewPassword();
        Lease lease = _leases.Register($"{MountPath}/creds/{roleName}", DefaultTtl(role), MaxTtl(role), renewable: true, ownerToken, "database");
        var user = new DynamicUser(username, password, lease.Id);
        lease.InternalData = new System.Text.Json.Nodes.JsonObject { ["username"] = username, ["role"] = roleName };
        lease.OnRevoke = _ => _users.Remove(username);
        lease.RenewCheck = renewed => ApplyRoleOnRenewal(renewed, roleName);
        _users[username] = user;
        return new DatabaseCredentials(username, password, lease);
    }

    /// <summary>Returns the current credentials of a static role, rotating first if a period elapsed.</summary>
    /// <exception cref="VaultRequestException">400 <c>unknown role: &lt;name&gt;</c>.</exception>
    public StaticCredentials GetStaticCredentials(string roleName)
    {
        DatabaseStaticRole role = _staticRoles.GetValueOrDefault(roleName) ?? throw new VaultRequestException($"unknown role: {roleName}");
        DateTimeOffset now = _timeProvider.GetUtcNow();
        RotateIfDue(role, now);
        return new StaticCredentials(role.Username, role.Password, role.LastVaultRotation, role.RotationPeriod, role.LastVaultRotation + role.RotationPeriod - now);
    }

    /// <summary>Rotates a static role's password now (<c>database/rotate-role/&lt;name&gt;</c>).</summary>
    /// <exception cref="VaultRequestException">400 when the role does not exist.</exception>
    public void RotateStaticRole(string roleName)
    {
        DatabaseStaticRole role = _staticRoles.GetValueOrDefault(roleName) ?? throw new VaultRequestException($"no static role found for role name: {roleName}");
        role.Password = NewPassword();
        role.LastVaultRotation = _timeProvider.GetUtcNow();
    }

    /// <summary>Returns whether a login with this username and password would succeed against the database right now.</summary>
    public bool IsValid(string username, string password)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        DateTimeOffset now = _timeProvider.GetUtcNow();
        if (_users.TryGetValue(username, out DynamicUser? user))
        {
            // The lease must also be live by the clock, even before the next request tidies it away.
            return FixedTimeEquals(user.Password, password) && _leases.Get(user.LeaseId) is { } lease && lease.ExpireTime > now;
        }

        foreach (DatabaseStaticRole role in _staticRoles.Values)
        {
            if (role.Username == username)
            {
                RotateIfDue(role, now);
                return FixedTimeEquals(role.Password, password);
            }
        }

        return false;
    }

    private static void ValidatePeriod(TimeSpan period)
    {
        if (period < MinimumRotationPeriod)
        {
            throw new VaultRequestException("rotation_period must be 5 seconds or more");
        }
    }

    private static void RotateIfDue(DatabaseStaticRole role, DateTimeOffset now)
    {
        TimeSpan elapsed = now - role.LastVaultRotation;
        if (elapsed < role.RotationPeriod)
        {
            return;
        }

        // Vault's rotation queue rotates when each period ends; catching up lands on the last due instant.
        long periods = elapsed.Ticks / role.RotationPeriod.Ticks;
        role.LastVaultRotation += TimeSpan.FromTicks(role.RotationPeriod.Ticks * periods);
        role.Password = NewPassword();
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    private static string NewPassword()
    {
        // Vault's default password policy: 20 characters with at least one lowercase, uppercase, digit and dash.
        while (true)
        {
            string candidate = RandomNumberGenerator.GetString(PasswordAlphabet, PasswordLength);
            if (candidate.Any(char.IsAsciiLetterLower) && candidate.Any(char.IsAsciiLetterUpper) && candidate.Any(char.IsAsciiDigit) && candidate.Contains('-', StringComparison.Ordinal))
            {
                return candidate;
            }
        }
    }

    private static bool FixedTimeEquals(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));

    private string? ApplyRoleOnRenewal(Lease lease, string roleName)
    {
        // Vault re-reads the role on renewal and extends with its current TTLs (framework.LeaseExtend).
        if (!_roles.TryGetValue(roleName, out DatabaseRole? role))
        {
            return $"error during renew: could not find role with name {roleName}";
        }

        lease.Ttl = DefaultTtl(role);
        lease.MaxTtl = MaxTtl(role);
        return null;
    }

    private TimeSpan DefaultTtl(DatabaseRole role)
    {
        TimeSpan ttl = role.DefaultTtl > TimeSpan.Zero ? role.DefaultTtl : _mountDefaultTtl();
        return ttl > TimeSpan.Zero ? ttl : _leases.DefaultTtl;
    }

    private TimeSpan MaxTtl(DatabaseRole role)
    {
        TimeSpan max = _leases.SystemMaxTtl;
        foreach (TimeSpan candidate in (TimeSpan[])[role.MaxTtl, _mountMaxTtl()])
        {
            if (candidate > TimeSpan.Zero && candidate < max)
            {
                max = candidate;
            }
        }

        return max;
    }

    private string NewUsername(string displayName, string roleName)
    {
        // Vault's default template: v-{{.DisplayName | truncate 8}}-{{.RoleName | truncate 8}}-{{random 20}}-{{unix_time}}
        long unix = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        return string.Create(CultureInfo.InvariantCulture, $"v-{Truncate(displayName, 8)}-{Truncate(roleName, 8)}-{Ids.Base62(20)}-{unix}");
    }

    private sealed record DynamicUser(string Username, string Password, string LeaseId);
}
