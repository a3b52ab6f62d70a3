// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using Microsoft.Extensions.Compliance.Classification;

namespace Vault.Kubernetes.Diagnostics;

/// <summary>Marks a logging parameter or member as Vault secret material (a secret value, token or JWT).</summary>
/// <remarks>
/// Our own log messages never carry such values; the attribute exists so that hosts that call
/// <c>EnableRedaction()</c> erase any parameter classified this way, including in their own <c>[LoggerMessage]</c> methods.
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter | AttributeTargets.ReturnValue, AllowMultiple = true)]
public sealed class VaultSecretDataAttribute : DataClassificationAttribute
{
    /// <summary>Initializes a new instance of the <see cref="VaultSecretDataAttribute"/> class.</summary>
    public VaultSecretDataAttribute()
        : base(VaultDataClassifications.SecretData)
    {
    }
}
