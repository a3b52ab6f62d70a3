// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Vault.Kubernetes.Testing.Kubernetes;

/// <summary>Describes the projected service-account token to issue (the TokenRequest a kubelet would make).</summary>
public sealed class ServiceAccountTokenRequest
{
    /// <summary>Initializes a new instance of the <see cref="ServiceAccountTokenRequest"/> class.</summary>
    /// <param name="namespace">The service account's namespace.</param>
    /// <param name="serviceAccountName">The service account's name.</param>
    /// <exception cref="ArgumentException">A value is null or empty.</exception>
    public ServiceAccountTokenRequest(string @namespace, string serviceAccountName)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(serviceAccountName);
        Namespace = @namespace;
        ServiceAccountName = serviceAccountName;
    }

    /// <summary>Gets the service account's namespace.</summary>
    public string Namespace { get; }

    /// <summary>Gets the service account's name.</summary>
    public string ServiceAccountName { get; }

    /// <summary>Gets the audiences of the token.</summary>
    /// <value>Default <see langword="null"/>: the issuer's API-server audience (<see cref="ServiceAccountTokenIssuer.Issuer"/>).</value>
    public IReadOnlyList<string>? Audiences { get; init; }

    /// <summary>Gets the token lifetime (<c>exp - iat</c>).</summary>
    /// <value>Default <see langword="null"/>: <see cref="ServiceAccountTokenIssuer.DefaultLifetime"/>.</value>
    public TimeSpan? Lifetime { get; init; }

    /// <summary>Gets the name of the pod the token is bound to.</summary>
    /// <value>Default <see langword="null"/>: a token not bound to a pod (no <c>pod</c> claim).</value>
    public string? PodName { get; init; }

    /// <summary>Gets the UID of the pod the token is bound to.</summary>
    /// <value>Default <see langword="null"/>: a stable UID derived per pod name by the issuer.</value>
    public string? PodUid { get; init; }
}
