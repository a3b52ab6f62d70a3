// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Authentication;

/// <summary>Normalizes auth mount paths, which users write both as <c>kubernetes</c> and as <c>auth/kubernetes</c> (Vault Agent's form).</summary>
internal static class AuthMountPath
{
    public static string Normalize(string mountPath, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(mountPath))] string? parameterName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mountPath, parameterName);
        string trimmed = mountPath.Trim().TrimStart('/');
        if (trimmed.StartsWith("auth/", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed["auth/".Length..];
        }

        trimmed = trimmed.Trim('/');

        if (trimmed.Length == 0)
        {
            throw new ArgumentException("The auth mount path must name a mount, for example 'kubernetes'.", parameterName);
        }

        return trimmed;
    }
}
