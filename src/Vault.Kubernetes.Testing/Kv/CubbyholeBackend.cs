// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Vault.Kubernetes.Testing.Internal;

namespace Vault.Kubernetes.Testing.Kv;

/// <summary>cubbyhole/: a KV v1-like store private to each token, destroyed with the token; reads carry no lease.</summary>
internal sealed class CubbyholeBackend : IVaultBackend
{
    private readonly Dictionary<string, Dictionary<string, JsonObject>> _byToken = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="CubbyholeBackend"/> class, dropping a token's cubbyhole when it is revoked.</summary>
    public CubbyholeBackend(TokenStore tokens) => tokens.Revoked += token => _byToken.Remove(token.Id);

    /// <inheritdoc/>
    public bool Exists(VaultRequest request) =>
        request.Token is { } token && _byToken.TryGetValue(token.Id, out var secrets) && secrets.ContainsKey(request.RelativePath);

    /// <inheritdoc/>
    public ValueTask<VaultResponse> HandleAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        if (request.Token is not { } token)
        {
            return ValueTask.FromResult(VaultResponse.PermissionDenied());
        }

        if (!_byToken.TryGetValue(token.Id, out Dictionary<string, JsonObject>? secrets))
        {
            secrets = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            _byToken[token.Id] = secrets;
        }

        string path = request.RelativePath;
        VaultResponse response = request.Operation switch
        {
            VaultOperation.List => KvKeys.List(secrets.Keys, KvKeys.Folder(path)),
            VaultOperation.Read => secrets.TryGetValue(path, out JsonObject? data) ? VaultResponse.Ok(data.DeepClone()) : VaultResponse.NotFound(),
            VaultOperation.Write when request.Data.Count == 0 => VaultResponse.BadRequest("missing data fields"),
            VaultOperation.Write => Store(secrets, path, request.Data),
            VaultOperation.Delete => Remove(secrets, path),
            _ => VaultResponse.Unsupported(),
        };
        return ValueTask.FromResult(response);
    }

    private static VaultResponse Store(Dictionary<string, JsonObject> secrets, string path, JsonObject data)
    {
        secrets[path] = (JsonObject)data.DeepClone();
        return VaultResponse.NoContent();
    }

    private static VaultResponse Remove(Dictionary<string, JsonObject> secrets, string path)
    {
        secrets.Remove(path);
        return VaultResponse.NoContent();
    }
}
