// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;
using System.Collections.Generic;

namespace Vault.Kubernetes.Http;

/// <summary>Reads Vault's <c>errors</c> strings, which may be Go multierror texts such as <c>1 error occurred:\n\t* x\n\n</c>.</summary>
internal static class VaultErrors
{
    public static bool Contain(IReadOnlyList<string>? errors, string text)
    {
        if (errors is null)
        {
            return false;
        }

        for (int i = 0; i < errors.Count; i++)
        {
            if (errors[i]?.Contains(text, StringComparison.OrdinalIgnoreCase) == true)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Splits multierror texts into their items and trims whitespace, for messages.</summary>
    public static IReadOnlyList<string> Flatten(IReadOnlyList<string> errors)
    {
        var result = new List<string>(errors.Count);
        foreach (string error in errors)
        {
            if (string.IsNullOrWhiteSpace(error))
            {
                continue;
            }

            int header = error.IndexOf(" occurred:", StringComparison.Ordinal);
            if (header < 0)
            {
                result.Add(error.Trim());
                continue;
            }

            foreach (string line in error[(header + " occurred:".Length)..].Split('\n'))
            {
                string item = line.Trim().TrimStart('*').Trim();
                if (item.Length > 0)
                {
                    result.Add(item);
                }
            }
        }

        return result;
    }
}
