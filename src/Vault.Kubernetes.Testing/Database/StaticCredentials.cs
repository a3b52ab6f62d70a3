// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Testing.Database;

/// <summary>The current credentials of a static role as <c>static-creds</c> reports them.</summary>
/// <param name="Username">The static username.</param>
/// <param name="Password">The current password.</param>
/// <param name="LastVaultRotation">When the password was last rotated.</param>
/// <param name="RotationPeriod">The rotation period.</param>
/// <param name="Ttl">Time until the next rotation.</param>
internal sealed record StaticCredentials(string Username, string Password, DateTimeOffset LastVaultRotation, TimeSpan RotationPeriod, TimeSpan Ttl);
