// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Vault.Kubernetes.Testing.Internal;

/// <summary>Error strings Vault returns verbatim, and Go multierror formatting.</summary>
internal static class VaultErrors
{
    public const string PermissionDenied = "permission denied";
    public const string InvalidToken = "invalid token";
    public const string Sealed = "Vault is sealed";
    public const string InternalError = "internal error";
    public const string UnsupportedOperation = "unsupported operation";
    public const string UnsupportedPath = "unsupported path";
    public const string LeaseNotRenewable = "lease is not renewable";
    public const string PastMaxTtl = "past the max TTL, cannot renew";
    public const string CannotWriteTrailingSlash = "cannot write to a path ending in '/'";

    /// <summary>Formats errors the way hashicorp/go-multierror does ("1 error occurred:\n\t* x\n\n").</summary>
    public static string Multi(params IReadOnlyList<string> errors)
    {
        var builder = new StringBuilder();
        builder.Append(errors.Count.ToString(CultureInfo.InvariantCulture))
            .Append(errors.Count == 1 ? " error occurred:\n" : " errors occurred:\n");
        foreach (string error in errors)
        {
            builder.Append("\t* ").Append(error).Append('\n');
        }

        return builder.Append('\n').ToString();
    }

    /// <summary>The router's 404 text for a path no mount serves.</summary>
    public static string NoHandler(string path) => "no handler for route \"" + path + "\". route entry not found.";
}
