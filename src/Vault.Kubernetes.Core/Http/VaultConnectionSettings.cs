// Copyright (c) Vault.Kubernetes contributors. Licensed under the MIT License.

using System;

namespace Vault.Kubernetes.Http;

/// <summary>The connection settings in effect: <see cref="VaultClientOptions"/> with the <c>VAULT_*</c> environment variables filling the gaps.</summary>
internal sealed record VaultConnectionSettings(Uri Address, string? Namespace, string? CaCertificate, string? TlsServerName, bool SkipTlsVerify)
{
    public static VaultConnectionSettings Resolve(VaultClientOptions options, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);

        Uri address = options.Address ?? ParseAddress(NullIfEmpty(getEnvironmentVariable(VaultClientDefaults.AddressVariable)) ?? VaultClientDefaults.Address);
        if (!address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The Vault address '{address}' must be an absolute http or https URI.", nameof(options));
        }

        string? ns = NullIfEmpty(options.Namespace) ?? NullIfEmpty(getEnvironmentVariable(VaultClientDefaults.NamespaceVariable));
        string? ca = NullIfEmpty(options.CaCertificate) ?? NullIfEmpty(getEnvironmentVariable(VaultClientDefaults.CaCertificateVariable));
        bool skip = options.SkipTlsVerify || IsTrue(getEnvironmentVariable(VaultClientDefaults.SkipVerifyVariable));
        return new VaultConnectionSettings(address, ns, ca, NullIfEmpty(options.TlsServerName), skip);
    }

    private static Uri ParseAddress(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out Uri? uri)
            ? uri
            : throw new ArgumentException($"The Vault address '{value}' (from {VaultClientDefaults.AddressVariable}) is not an absolute URI.");

    private static bool IsTrue(string? value) =>
        value is not null && (value.Trim() == "1" || bool.TryParse(value.Trim(), out bool parsed) && parsed);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
