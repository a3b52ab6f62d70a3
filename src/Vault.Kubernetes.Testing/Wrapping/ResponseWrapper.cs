// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using System.Threading;
using Vault.Kubernetes.Testing.Internal;
using Vault.Kubernetes.Testing.Leases;

namespace Vault.Kubernetes.Testing.Wrapping;

/// <summary>Response wrapping: stores a response behind a single-use wrapping token that expires by the clock.</summary>
internal sealed class ResponseWrapper
{
    /// <summary>The error text Vault returns for an unknown, used or expired wrapping token.</summary>
    public const string InvalidTokenMessage = "wrapping token is not valid or does not exist";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;

    public ResponseWrapper(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <summary>Stores <paramref name="response"/> (the full envelope) and returns the wrap info for the client.</summary>
    /// <param name="response">The envelope fields to hand back on unwrap.</param>
    /// <param name="ttl">The wrapping token's TTL.</param>
    /// <param name="creationPath">The path whose response is wrapped.</param>
    /// <param name="wrappedAccessor">The accessor of a wrapped token, if the response is a login.</param>
    /// <param name="token">The wrapping token id (the token store's); default a new hvs. id.</param>
    /// <param name="accessor">The wrapping token's accessor; default a new random one.</param>
    public WrapInfo Wrap(JsonObject response, TimeSpan ttl, string creationPath, string? wrappedAccessor = null, string? token = null, string? accessor = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        ArgumentException.ThrowIfNullOrEmpty(creationPath);
        var info = new WrapInfo(token ?? Ids.ServiceToken(), accessor ?? Ids.Base62(24), ttl, _timeProvider.GetUtcNow(), creationPath, wrappedAccessor);

        // Deep copy: the caller's object must not change what unwrap returns.
        var stored = (JsonObject)response.DeepClone();
        lock (_lock)
        {
            _entries[info.Token] = new Entry(info, stored);
        }

        return info;
    }

    /// <summary>Returns whether <paramref name="token"/> is a live wrapping token.</summary>
    public bool IsWrappingToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        lock (_lock)
        {
            return TryGetLive(token, out _);
        }
    }

    /// <summary>Returns the original response once and invalidates the token.</summary>
    /// <exception cref="VaultRequestException">400 <see cref="InvalidTokenMessage"/> for an unknown, used or expired token.</exception>
    public JsonObject Unwrap(string? token)
    {
        lock (_lock)
        {
            if (string.IsNullOrEmpty(token) || !TryGetLive(token, out Entry? entry))
            {
                throw new VaultRequestException(InvalidTokenMessage);
            }

            _entries.Remove(token);
            return entry.Response;
        }
    }

    /// <summary>Returns the wrap info of a live token without consuming it (<c>sys/wrapping/lookup</c>).</summary>
    /// <exception cref="VaultRequestException">400 <see cref="InvalidTokenMessage"/> for an unknown, used or expired token.</exception>
    public WrapInfo Lookup(string? token)
    {
        lock (_lock)
        {
            return !string.IsNullOrEmpty(token) && TryGetLive(token, out Entry? entry)
                ? entry.Info
                : throw new VaultRequestException(InvalidTokenMessage);
        }
    }

    private bool TryGetLive(string token, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Entry? entry)
    {
        if (_entries.TryGetValue(token, out entry))
        {
            if (entry.Info.CreationTime + entry.Info.Ttl > _timeProvider.GetUtcNow())
            {
                return true;
            }

            // Expired: forget it so the store does not grow with abandoned tokens.
            _entries.Remove(token);
        }

        entry = null;
        return false;
    }

    private sealed record Entry(WrapInfo Info, JsonObject Response);
}
