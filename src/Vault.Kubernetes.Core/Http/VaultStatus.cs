// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

namespace Vault.Kubernetes.Http;

/// <summary>Status-code rules shared by the retry policy and <see cref="VaultException"/>.</summary>
internal static class VaultStatus
{
    /// <summary>Returns whether a status is worth retrying: 412 (index not yet replicated), 429 (rate limit) and 5xx except 501.</summary>
    public static bool IsRetryable(int statusCode) =>
        statusCode is 412 or 429 || (statusCode >= 500 && statusCode != 501);

    public static bool IsRedirect(int statusCode) => statusCode is 301 or 302 or 307;
}
