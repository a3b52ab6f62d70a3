// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using Vault.Kubernetes.Testing.Internal;

namespace Vault.Kubernetes.Testing.Database;

/// <summary>A freshly issued dynamic user and the lease that bounds its life.</summary>
/// <param name="Username">The generated username ("v-...").</param>
/// <param name="Password">The generated password.</param>
/// <param name="Lease">The renewable lease; the user stops working when it expires or is revoked.</param>
internal sealed record DatabaseCredentials(string Username, string Password, Lease Lease);
