// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Testing.Internal;
using Vault.Kubernetes.Testing.Leases;

namespace Vault.Kubernetes.Testing.Database;

/// <summary>The HTTP face of a database mount: config, roles, static-roles, creds, static-creds and rotate-role.</summary>
internal sealed class DatabaseMount : IVaultBackend
{
    public DatabaseMount(DatabaseSecretsEngine engine)
    {
        Engine = engine;
    }

    /// <summary>Gets the engine state.</summary>
    public DatabaseSecretsEngine Engine { get; }

    /// <inheritdoc/>
    public bool Exists(VaultRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (string collection, string name) = Split(request.RelativePath);
        return collection switch
        {
            "roles" => Engine.ReadRole(name) is not null,
            "static-roles" => Engine.ReadStaticRole(name) is not null,
            _ => true,
        };
    }

    /// <inheritdoc/>
    public ValueTask<VaultResponse> HandleAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        (string collection, string name) = Split(request.RelativePath);
        VaultResponse response = (collection, name.Length > 0, request.Operation) switch
        {
            ("config", false, VaultOperation.List) => Keys(Engine.ListConnections()),
            ("config", true, _) => Connection(request, name),
            ("roles", false, VaultOperation.List) => Keys(Engine.ListRoles()),
            ("static-roles", false, VaultOperation.List) => Keys(Engine.ListStaticRoles()),
            ("roles", true, _) => Role(request, name),
            ("static-roles", true, _) => StaticRole(request, name),
            ("creds", true, VaultOperation.Read) => Credentials(request, name),
            ("static-creds", true, VaultOperation.Read) => StaticCredentials(name),
            ("rotate-role", true, VaultOperation.Write) => Rotate(name),
            ("config" or "roles" or "static-roles" or "creds" or "static-creds" or "rotate-role", _, _) => VaultResponse.Unsupported(),
            _ => VaultResponse.Error(404, VaultErrors.Multi(VaultErrors.UnsupportedPath)),
        };
        return ValueTask.FromResult(response);
    }

    /// <summary>Writes <c>roles/&lt;name&gt;</c> or <c>static-roles/&lt;name&gt;</c> (the in-process handle's entry point).</summary>
    /// <exception cref="VaultRequestException">400 with Vault's validation text.</exception>
    public void Write(string relativePath, RequestFields fields)
    {
        (string collection, string name) = Split(relativePath);
        if (collection == "roles")
        {
            WriteRole(name, fields);
        }
        else
        {
            WriteStaticRole(name, fields);
        }
    }

    private static (string Collection, string Name) Split(string relativePath)
    {
        int slash = relativePath.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (relativePath, string.Empty) : (relativePath[..slash], relativePath[(slash + 1)..].TrimEnd('/'));
    }

    private static VaultResponse Keys(IReadOnlyList<string> keys) =>
        keys.Count == 0 ? VaultResponse.NotFound() : VaultResponse.Ok(new JsonObject { ["keys"] = AuthBlock.StringArray(keys) });

    private VaultResponse Role(VaultRequest request, string name)
    {
        switch (request.Operation)
        {
            case VaultOperation.Write:
                WriteRole(name, new RequestFields(request.Data));
                return VaultResponse.NoContent();
            case VaultOperation.Read:
                return Engine.ReadRole(name) is { } role ? VaultResponse.Ok(new JsonObject
                {
                    ["creation_statements"] = AuthBlock.StringArray(role.CreationStatements),
                    ["credential_type"] = "password",
                    ["db_name"] = role.DbName,
                    ["default_ttl"] = Durations.Seconds(role.DefaultTtl),
                    ["max_ttl"] = Durations.Seconds(role.MaxTtl),
                    ["renew_statements"] = AuthBlock.StringArray(role.RenewStatements),
                    ["revocation_statements"] = AuthBlock.StringArray(role.RevocationStatements),
                    ["rollback_statements"] = AuthBlock.StringArray(role.RollbackStatements),
                }) : VaultResponse.NotFound();
            case VaultOperation.Delete:
                Engine.DeleteRole(name);
                return VaultResponse.NoContent();
            default:
                return VaultResponse.Unsupported();
        }
    }

    private VaultResponse StaticRole(VaultRequest request, string name)
    {
        switch (request.Operation)
        {
            case VaultOperation.Write:
                WriteStaticRole(name, new RequestFields(request.Data));
                return VaultResponse.NoContent();
            case VaultOperation.Read:
                if (Engine.ReadStaticRole(name) is not { } role)
                {
                    return VaultResponse.NotFound();
                }

                StaticCredentials current = Engine.GetStaticCredentials(name);
                return VaultResponse.Ok(new JsonObject
                {
                    ["credential_type"] = "password",
                    ["db_name"] = role.DbName,
                    ["last_vault_rotation"] = AuthBlock.Rfc3339(current.LastVaultRotation),
                    ["rotation_period"] = Durations.Seconds(current.RotationPeriod),
                    ["rotation_statements"] = AuthBlock.StringArray(role.RotationStatements),
                    ["ttl"] = Durations.Seconds(current.Ttl),
                    ["username"] = role.Username,
                });
            case VaultOperation.Delete:
                Engine.DeleteStaticRole(name);
                return VaultResponse.NoContent();
            default:
                return VaultResponse.Unsupported();
        }
    }

    private VaultResponse Connection(VaultRequest request, string name)
    {
        switch (request.Operation)
        {
            case VaultOperation.Write:
                var fields = new RequestFields(request.Data);
                DatabaseConnection? existing = Engine.ReadConnection(name);
                Engine.WriteConnection(new DatabaseConnection(
                    name,
                    fields.GetString("plugin_name") ?? existing?.PluginName ?? string.Empty,
                    fields.GetString("connection_url") ?? existing?.ConnectionUrl ?? string.Empty,
                    fields.GetString("username") ?? existing?.Username ?? string.Empty,
                    fields.GetStringList("allowed_roles") ?? existing?.AllowedRoles ?? [],
                    fields.GetBool("verify_connection", existing?.VerifyConnection ?? true)));
                return VaultResponse.NoContent();
            case VaultOperation.Read:
                // The root password is write-only, as in Vault.
                return Engine.ReadConnection(name) is { } connection ? VaultResponse.Ok(new JsonObject
                {
                    ["allowed_roles"] = AuthBlock.StringArray(connection.AllowedRoles),
                    ["connection_details"] = new JsonObject { ["connection_url"] = connection.ConnectionUrl, ["username"] = connection.Username },
                    ["password_policy"] = string.Empty,
                    ["plugin_name"] = connection.PluginName,
                    ["plugin_version"] = string.Empty,
                    ["root_credentials_rotate_statements"] = new JsonArray(),
                    ["verify_connection"] = connection.VerifyConnection,
                }) : VaultResponse.NotFound();
            case VaultOperation.Delete:
                Engine.DeleteConnection(name);
                return VaultResponse.NoContent();
            default:
                return VaultResponse.Unsupported();
        }
    }

    private void WriteRole(string name, RequestFields fields)
    {
        // An update keeps every field it does not send, as Vault's role write does.
        DatabaseRole? existing = Engine.ReadRole(name);
        Engine.WriteRole(new DatabaseRole(
            name,
            fields.GetString("db_name") ?? existing?.DbName ?? string.Empty,
            fields.GetStringList("creation_statements") ?? existing?.CreationStatements ?? [],
            fields.GetStringList("revocation_statements") ?? existing?.RevocationStatements ?? [],
            fields.GetStringList("rollback_statements") ?? existing?.RollbackStatements ?? [],
            fields.GetStringList("renew_statements") ?? existing?.RenewStatements ?? [],
            fields.GetDuration("default_ttl", existing?.DefaultTtl ?? TimeSpan.Zero),
            fields.GetDuration("max_ttl", existing?.MaxTtl ?? TimeSpan.Zero)));
    }

    private void WriteStaticRole(string name, RequestFields fields) =>
        Engine.WriteStaticRole(
            name,
            fields.GetString("db_name"),
            fields.GetString("username"),
            fields.Has("rotation_period") ? fields.GetDuration("rotation_period") : null,
            fields.GetStringList("rotation_statements"));

    private VaultResponse Credentials(VaultRequest request, string roleName)
    {
        DatabaseCredentials credentials = Engine.IssueCredentials(roleName, request.Token?.Id, request.Token?.DisplayName ?? "token");
        return new VaultResponse
        {
            Data = new JsonObject { ["password"] = credentials.Password, ["username"] = credentials.Username },
            LeaseId = credentials.Lease.Id,
            Renewable = credentials.Lease.Renewable,
            LeaseDuration = Durations.Seconds(credentials.Lease.Ttl),
        };
    }

    private VaultResponse StaticCredentials(string roleName)
    {
        StaticCredentials credentials = Engine.GetStaticCredentials(roleName);
        return VaultResponse.Ok(new JsonObject
        {
            ["last_vault_rotation"] = AuthBlock.Rfc3339(credentials.LastVaultRotation),
            ["password"] = credentials.Password,
            ["rotation_period"] = Durations.Seconds(credentials.RotationPeriod),
            ["ttl"] = Durations.Seconds(credentials.Ttl),
            ["username"] = credentials.Username,
        });
    }

    private VaultResponse Rotate(string name)
    {
        Engine.RotateStaticRole(name);
        return VaultResponse.NoContent();
    }
}
